/*
 * The app under soak: the real `serve` command (one worker per core) over a new database holding
 * two demo partnerships — the first archived (the "victim" for the sweep), the second current —
 * on 127.0.0.1 only. On PostgreSQL a throwaway server (test/support/postgres-server.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseEngine } from '../../src/config.ts';
import { freePort, startPostgres } from '../../test/support/postgres-server.ts';

export interface Target {
  baseUrl: string;
  engine: DatabaseEngine;
  databaseUrl?: string;
  sqliteFile?: string;
  /** The `serve` primary's process id (its workers are its children). */
  pid?: number;
  stop(): Promise<void>;
}

const NODE_ARGS = ['--disable-warning=ExperimentalWarning', 'src/main.ts'];

function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_ARGS, ...args], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited with ${code}`))));
  });
}

async function waitReady(baseUrl: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const status = await fetch(`${baseUrl}/health/ready`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the app at ${baseUrl} was not ready within ${ms / 1000} s`);
}

export async function startTarget(engine: DatabaseEngine, log: (m: string) => void): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'ow-soak-'));
  const postgres = engine === 'postgres' ? await startPostgres() : undefined;
  const sqliteFile = join(dir, 'soak.sqlite');
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    SESSION_SECRET: 'soak-secret-soak-secret-soak-secret-soak',
    HOST: '127.0.0.1',
    PORT: String(port),
    ...(postgres ? { DATABASE_URL: postgres.url } : { SQLITE_FILE: sqliteFile, DATABASE_URL: '' }),
  };
  log('loading the demo twice (the first partnership becomes the sweep’s other partnership)');
  await run(['demo'], env);
  await run(['demo'], env);
  const child = spawn(process.execPath, [...NODE_ARGS, 'serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitReady(baseUrl, 180_000);
  log(`serving at ${baseUrl}`);
  return {
    baseUrl,
    engine,
    databaseUrl: postgres?.url,
    sqliteFile: postgres ? undefined : sqliteFile,
    pid: child.pid,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      postgres?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
