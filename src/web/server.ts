import type { Server } from 'node:http';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../lib/logger.ts';
import { createServices } from '../services.ts';
import { createApp } from './app.ts';

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: Config, db: Db, logger: Logger): Promise<RunningServer> {
  const app = createApp({ config, db, services: createServices(db, config), logger });
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
