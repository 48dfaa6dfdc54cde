import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../config.ts';
import { openDatabase, type Db } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { demoExists, loadDemo } from '../features/demo/demo.ts';
import type { Logger } from '../lib/logger.ts';
import { cleanTempFiles } from '../lib/temp-files.ts';
import { recoverInterruptedUploads } from '../features/workforce/returns/upload-lock.ts';
import { startServer } from './server.ts';
import type { StartupState } from './middleware/startup.ts';

export interface ServeOptions {
  demo: boolean;
  /** Called once, when the app first serves pages, with its address. */
  onReady?(url: string): void;
}

const READY = 'one-workforce:ready';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const openAppDatabase = (config: Config): Db =>
  openDatabase({
    ...config.database,
    poolSize: config.capacity.poolSize,
    poolTimeoutMs: config.capacity.poolTimeoutMs,
  });

/** Waits for the database (PostgreSQL may start after us), then migrates it and loads the demo if asked. */
export async function prepareDatabase(db: Db, logger: Logger, demo: boolean): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.ping();
      break;
    } catch (err) {
      const retryInMs = Math.min(1000 * 2 ** (attempt - 1), 15_000);
      const reason = err instanceof Error ? err.message : String(err);
      logger.warn({ attempt, retryInMs, reason }, 'The database cannot be reached; serving 503s and trying again');
      await sleep(retryInMs);
    }
  }
  await migrateToLatest(db);
  // Leftovers of a process that was killed: temp files, and uploads whose check never finished.
  const removed = await cleanTempFiles();
  const recovered = await recoverInterruptedUploads(db.kysely);
  if (removed || recovered) logger.info({ removed, recovered }, 'cleaned up after an interrupted process');
  if (demo && !(await demoExists(db.kysely))) await loadDemo(db.kysely);
}

/** The demo publishes its password, so it listens on this machine only unless HOST says otherwise. */
export const listenConfig = (config: Config, demo: boolean): Config =>
  demo && !config.hostFromEnv ? { ...config, host: '127.0.0.1' } : config;

async function serveHere(config: Config, logger: Logger, startup: StartupState): Promise<{ url: string; db: Db }> {
  const db = openAppDatabase(config);
  const running = await startServer(config, db, logger, startup);
  const stop = async () => {
    await running.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { url: running.url, db };
}

async function runSingle(config: Config, logger: Logger, options: ServeOptions): Promise<void> {
  const startup = { ready: false };
  const { url, db } = await serveHere(config, logger, startup);
  await prepareDatabase(db, logger, options.demo);
  startup.ready = true;
  logger.info({ url, database: db.engine }, 'One Workforce started');
  options.onReady?.(url);
}

async function runWorker(config: Config, logger: Logger): Promise<void> {
  const startup = { ready: false };
  process.on('message', (message) => {
    if (message === READY) startup.ready = true;
  });
  await serveHere(config, logger, startup);
}

async function runPrimary(config: Config, logger: Logger, options: ServeOptions): Promise<void> {
  let ready = false;
  let stopping = false;
  const url = `http://localhost:${config.port}`;
  cluster.on('listening', (worker: Worker) => {
    if (ready) worker.send(READY);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.error({ pid: worker.process.pid, code, signal }, 'A worker stopped; starting another');
    setTimeout(() => cluster.fork(), 1000);
  });
  // Workers get their listening socket from this process: let them all listen (and answer 503s)
  // before the migration and the demo load keep this process busy.
  const listening = new Promise<void>((resolve) => {
    let count = 0;
    cluster.on('listening', () => {
      if (++count === config.capacity.workers) resolve();
    });
    setTimeout(resolve, 30_000).unref();
  });
  for (let i = 0; i < config.capacity.workers; i++) cluster.fork();
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    cluster.once('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  await listening;
  const db = openAppDatabase(config);
  await prepareDatabase(db, logger, options.demo);
  await db.close();
  ready = true;
  for (const worker of Object.values(cluster.workers ?? {})) if (worker?.isConnected()) worker.send(READY);
  logger.info({ url, workers: config.capacity.workers, database: config.database.engine }, 'One Workforce started');
  options.onReady?.(url);
}

/**
 * `start` and `serve`: one worker process per core (WEB_CONCURRENCY) over the same database. Safe
 * because no state lives in memory: sessions, throttling and caches' versions are in the database.
 * The primary migrates; workers listen at once and answer 503 until it says the database is ready.
 */
export async function serveApp(rawConfig: Config, logger: Logger, options: ServeOptions): Promise<void> {
  const config = listenConfig(rawConfig, options.demo);
  if (cluster.isWorker) return runWorker(config, logger);
  if (config.capacity.workers <= 1) return runSingle(config, logger, options);
  return runPrimary(config, logger, options);
}
