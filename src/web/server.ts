import type { Server } from 'node:http';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../lib/logger.ts';
import { createServices } from '../services.ts';
import { createApp } from './app.ts';
import type { StartupState } from './middleware/startup.ts';

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
