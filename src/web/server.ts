import type { Server } from 'node:http';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../lib/logger.ts';
import { createServices } from '../services.ts';
import { createApp } from './app.ts';
import type { StartupState } from './middleware/startup.ts';

const KEEP_ALIVE_MS = 65_000;

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Listens at once; with `startup` not ready, every page is a 503 until the caller marks it ready. */
export async function startServer(
  config: Config,
  db: Db,
  logger: Logger,
  startup: StartupState = { ready: true },
): Promise<RunningServer> {
  const app = createApp({ config, db, services: createServices(db, config), logger, startup });
  const server = app.listen(config.port, config.host);
  // Idle keep-alive connections outlive the client's own idle limit (and a proxy's, typically 60 s).
  // At Node's 5 s a busy event loop could close a socket just as a client re-used it: ECONNRESET.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    server,
    url: `http://localhost:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
