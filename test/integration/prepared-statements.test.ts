/*
 * Issue 12 (docs/adr/0041): on PostgreSQL a query text sent a second time on a connection becomes
 * a named prepared statement, at most a fixed number per connection, never for DDL; a schema
 * change behind a prepared `select *` is answered by preparing it again, not by an error. SQLite
 * answers the same queries the same way.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { openDatabase, type Db } from '../../src/db/database.ts';
import { prepareRepeatedQueries } from '../../src/db/prepared-statements.ts';
import { ENGINES } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

// The scratch table is not in the app's schema: these queries are untyped.
type Untyped = Kysely<Record<string, Record<string, number | null>>>;

/** The names this connection has prepared `text` under (PostgreSQL). */
async function statementNames(kysely: Untyped, text: string): Promise<string[]> {
  const { rows } = await sql<{
    name: string;
    statement: string;
  }>`select name, statement from pg_prepared_statements`.execute(kysely);
  return rows.filter((r) => r.statement === text).map((r) => r.name);
}

// node:sqlite's rows have no prototype.
const plain = (rows: object[]) => rows.map((row) => ({ ...row }));

for (const engine of ENGINES) {
  describe(`prepared statements (${engine})`, () => {
    let database: TestDatabase;
    let db: Db;
    let kysely: Untyped;
    before(async () => {
      database = await createTestDatabase(engine);
      // One connection, so that every query below runs on the connection whose statements are read.
      db = openDatabase({ engine, url: database.url, sqliteFile: database.sqliteFile, poolSize: 1 });
      kysely = db.kysely as unknown as Untyped;
      await kysely.schema.createTable('scratch').addColumn('a', 'integer').execute();
      await kysely
        .insertInto('scratch')
        .values([{ a: 1 }, { a: 2 }, { a: 3 }])
        .execute();
    });
    after(async () => {
      await db.close();
      await database.drop();
    });

    const selectAll = (min: number) => kysely.selectFrom('scratch').selectAll().where('a', '>=', min).orderBy('a');

    it('answers the same query sent three times with each call’s own values', async () => {
      assert.deepEqual(
        (await selectAll(1).execute()).map((r) => r.a),
        [1, 2, 3],
      );
      assert.deepEqual(
        (await selectAll(2).execute()).map((r) => r.a),
        [2, 3],
      );
      assert.deepEqual(
        (await selectAll(3).execute()).map((r) => r.a),
        [3],
      );
      if (engine !== 'postgres') return;
      assert.equal((await statementNames(kysely, selectAll(0).compile().sql)).length, 1, 'prepared once');
      const { rows } = await sql<{
        n: number;
      }>`select count(*) as n from pg_prepared_statements where statement ilike 'create%' or statement ilike 'insert%'`.execute(
        kysely,
      );
      assert.deepEqual(rows, [{ n: 0 }], 'neither DDL nor a query sent once is prepared');
    });

    it('keeps answering after a migration adds a column behind a prepared select *', async () => {
      const text = selectAll(0).compile().sql;
      await selectAll(1).execute();
      await selectAll(1).execute();
      const before = engine === 'postgres' ? await statementNames(kysely, text) : [];
      await kysely.schema
        .alterTable('scratch')
        .addColumn('b', 'integer', (c) => c.defaultTo(7))
        .execute();
      assert.deepEqual(plain(await selectAll(1).execute()), [
        { a: 1, b: 7 },
        { a: 2, b: 7 },
        { a: 3, b: 7 },
      ]);
      for (let time = 0; time < 2; time++)
        assert.deepEqual(
          (await selectAll(3).execute()).map((r) => [r.a, r.b]),
          [[3, 7]],
        );
      if (engine !== 'postgres') return;
      const after = await statementNames(kysely, text);
      assert.equal(before.length, 1);
      assert.equal(after.length, 1, 'the stale statement deallocated, the text prepared again');
      assert.notEqual(after[0], before[0]);
    });

    it('inside a transaction, fails that statement once and prepares it again for the next', async () => {
      await selectAll(2).execute();
      await kysely.schema.alterTable('scratch').addColumn('c', 'integer').execute();
      const inside = kysely
        .transaction()
        .execute((trx) => trx.selectFrom('scratch').selectAll().where('a', '>=', 2).orderBy('a').execute());
      if (engine === 'postgres') await assert.rejects(inside, /cached plan must not change result type/);
      else assert.equal((await inside).length, 2);
      assert.deepEqual(plain(await selectAll(3).execute()), [{ a: 3, b: 7, c: null }]);
    });

    it('prepares at most the cap of distinct statements on one connection', async (t) => {
      if (engine !== 'postgres') return t.skip('PostgreSQL only: node:sqlite prepares in the driver');
      const pool = new pg.Pool({ connectionString: database.url, max: 1 });
      const client = await pool.connect();
      try {
        const statements = prepareRepeatedQueries(client, 3);
        for (let n = 1; n <= 6; n++)
          for (let time = 0; time < 3; time++) {
            const { rows } = await client.query(`select $1::int + ${n} as total`, [time]);
            assert.deepEqual(rows, [{ total: time + n }]);
          }
        const { rows } = await client.query('select count(*)::int as n from pg_prepared_statements', []);
        assert.deepEqual(rows, [{ n: 3 }]);
        assert.equal(statements.prepared, 3);
      } finally {
        // pool.end() resolves before the connection has closed: wait for it, or the database's drop
        // would terminate it after this test and its error would land outside any test.
        const closed = new Promise((resolve) => client.once('end', resolve));
        client.release();
        await pool.end();
        await closed;
      }
    });
  });
}
