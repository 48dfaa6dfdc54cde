import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { freePort, startPostgres, type PostgresServer } from '../support/postgres-server.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns true, for at most `ms`. */
async function until(fn: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn().catch(() => false)) return true;
    await sleep(250);
  }
  return false;
}

// Its own PostgreSQL server, stopped before the app starts; `serve` as an operator runs it, two workers.
describe('starting while PostgreSQL is down, with two workers', () => {
  let postgres: PostgresServer;
  let child: ChildProcess;
  let url: string;
  let output = '';
  before(async () => {
    postgres = await startPostgres();
    postgres.pause();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', 'src/main.ts', 'serve'], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: postgres.url,
        WEB_CONCURRENCY: '2',
        SESSION_SECRET: 'startup-test-secret-startup-test-secret',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  });
  after(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    postgres?.stop();
  });

  it('serves 503s while it keeps trying, then serves pages from both workers once PostgreSQL is up', async () => {
    const listening = await until(async () => (await fetch(`${url}/health`)).status > 0, 60_000);
    assert.ok(listening, `the workers never listened:\n${output}`);
    assert.equal(child.exitCode, null, 'the app did not exit');
    assert.equal((await fetch(`${url}/health`)).status, 503);
    const page = await fetch(`${url}/sign-in`);
    assert.equal(page.status, 503);
    assert.ok(Number(page.headers.get('retry-after')) > 0);
    assert.match(await page.text(), /The service is waiting for its database/);
    assert.ok(await until(async () => /trying again/.test(output), 30_000), `no retry logged:\n${output}`);

    postgres.resume();
    const ready = await until(async () => (await fetch(`${url}/health/ready`)).status === 200, 90_000);
    assert.ok(ready, `never became ready:\n${output}`);
    assert.equal((await fetch(`${url}/sign-in`)).status, 200);

    const pids = new Set<number>();
    for (let i = 0; i < 30 && pids.size < 2; i++) {
      const response = await fetch(`${url}/health/ready`, { headers: { connection: 'close' } });
      pids.add(((await response.json()) as { pid: number }).pid);
    }
    assert.equal(pids.size, 2, 'two worker processes answer');
  });
});
