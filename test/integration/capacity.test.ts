import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, type Db } from '../../src/db/database.ts';
import { loadDemo } from '../../src/features/demo/demo.ts';
import { startServer, type RunningServer } from '../../src/web/server.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

/** A form post whose body never finishes arriving: it holds a request slot until the time limit. */
function slowPost(baseUrl: string): Promise<{ status: number; retryAfter: string | undefined; ms: number }> {
  const url = new URL('/sign-in', baseUrl);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '1000' },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          req.destroy();
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'] as string | undefined,
            ms: performance.now() - started,
          });
        });
      },
    );
    req.on('error', reject);
    req.write('email=a');
  });
}

const timed = async (url: string) => {
  const started = performance.now();
  const response = await fetch(url);
  return { response, ms: performance.now() - started };
};

for (const engine of ENGINES) {
  describe(`request queue and time limit on ${engine}`, () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp(engine, {
        MAX_CONCURRENT_REQUESTS: '1',
        REQUEST_QUEUE_LIMIT: '0',
        REQUEST_TIMEOUT_SECONDS: '2',
      });
    });
    after(async () => {
      await app?.close();
    });

    it('sheds past the queue with 503 + Retry-After, answers health ahead of it, and times out a stuck request', async () => {
      const stuck = slowPost(app.url);
      await new Promise((r) => setTimeout(r, 200));

      const shed = await timed(`${app.url}/sign-in`);
      assert.equal(shed.response.status, 503);
      assert.equal(shed.response.headers.get('retry-after'), '5');
      assert.match(await shed.response.text(), /Sorry, the service is busy/);
      assert.ok(shed.ms < 1000, `shed at once, not after ${shed.ms} ms`);

      const api = await fetch(`${app.url}/api/v1/me`);
      assert.equal(api.status, 503);
      assert.equal(((await api.json()) as { error: string }).error, 'Sorry, the service is busy');

      const health = await timed(`${app.url}/health`);
      assert.equal(health.response.status, 200);
      assert.ok(health.ms < 1000, `/health answered in ${health.ms} ms`);

      const ready = await fetch(`${app.url}/health/ready`);
      assert.equal(ready.status, 503);
      const body = (await ready.json()) as { status: string; queue: { active: number; queued: number; shed: number } };
      assert.equal(body.status, 'not ready');
      assert.equal(body.queue.active, 1);
      assert.ok(body.queue.shed >= 2);

      const result = await stuck;
      assert.equal(result.status, 503);
      assert.equal(result.retryAfter, '5');
      assert.ok(result.ms >= 1900 && result.ms < 5000, `timed out after ${result.ms} ms`);

      assert.equal((await fetch(`${app.url}/sign-in`)).status, 200, 'the slot is free again');
      const readyAgain = await fetch(`${app.url}/health/ready`);
      assert.equal(readyAgain.status, 200);
      assert.equal(((await readyAgain.json()) as { status: string }).status, 'ready');
    });
  });
}

describe('PostgreSQL pool exhaustion', () => {
  let database: TestDatabase;
  let db: Db;
  let server: RunningServer;
  const logged: { status: number; reason: string; path: string }[] = [];
  before(async () => {
    database = await createTestDatabase('postgres');
    await loadDemo(database.db.kysely);
    db = openDatabase({ engine: 'postgres', url: database.url, sqliteFile: '', poolSize: 1, poolTimeoutMs: 300 });
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: database.url });
    const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
    server = await startServer(config, db, logger);
  });
  after(async () => {
    await server?.close();
    await db?.close().catch(() => {});
    await database?.drop();
  });

  it('waits a bounded time for a connection, then answers 503 with Retry-After, never 500', async () => {
    const client = new TestClient(server.url);
    await client.signIn('admin@demoshire.example');
    let release: () => void = () => {};
    const held = db.kysely.connection().execute(() => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((r) => setTimeout(r, 100));
    try {
      const started = performance.now();
      const page = await client.get('/');
      assert.equal(page.status, 503);
      assert.equal(page.headers.get('retry-after'), '5');
      assert.match(page.text, /Sorry, the service is busy/);
      assert.ok(performance.now() - started < 3000);
      assert.deepEqual(
        logged.map((l) => [l.status, l.reason, l.path]),
        [[503, 'pool busy', '/']],
        'one log line says why',
      );
      assert.equal((await fetch(`${server.url}/health`)).status, 200, 'health has its own connection');
    } finally {
      release();
      await held;
    }
    assert.equal((await client.get('/')).status, 200);
  });
});
