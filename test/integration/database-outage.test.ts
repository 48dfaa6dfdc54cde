import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, type Db } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { loadDemo } from '../../src/features/demo/demo.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { startServer, type RunningServer } from '../../src/web/server.ts';
import { TestClient } from '../support/app.ts';
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts';

// A server of its own, so stopping it does not disturb other tests.
describe('when PostgreSQL goes away under a running server', () => {
  let postgres: PostgresServer;
  let db: Db;
  let server: RunningServer;
  before(async () => {
    postgres = await startPostgres();
    db = openDatabase({ engine: 'postgres', url: postgres.url, sqliteFile: '' });
    await migrateToLatest(db);
    await loadDemo(db.kysely);
    server = await startServer(
      loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: postgres.url }),
      db,
      createLogger('silent'),
    );
  });
  after(async () => {
    await server?.close();
    await db?.close().catch(() => {});
    postgres?.stop();
  });

  it('answers 503 from /health and a clear error page, then recovers when it is back', async () => {
    const client = new TestClient(server.url);
    await client.signIn('admin@demoshire.example');
    assert.equal((await fetch(`${server.url}/health`)).status, 200);

    postgres.pause();
    const health = await fetch(`${server.url}/health`);
    assert.equal(health.status, 503);
    assert.equal(((await health.json()) as { status: string }).status, 'unavailable');
    const page = await client.get('/');
    assert.equal(page.status, 503);
    assert.match(page.text, /Sorry, the service is unavailable/);
    assert.match(page.text, /Try again in a few minutes/);

    postgres.resume();
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      status = (await fetch(`${server.url}/health`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(status, 200);
    assert.equal((await client.get('/')).status, 200, 'the signed-in session survives the outage');
  });
});
