import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseEngine } from '../../src/config.ts';
import { openDatabase, type Db } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

/**
 * Every integration test runs on both engines. PostgreSQL comes from DATABASE_URL, or from the
 * server that test/support/run-tests.ts starts (TEST_POSTGRES_URL). Each test database is new.
 */
export const ENGINES: DatabaseEngine[] = ['sqlite', 'postgres'];

export function postgresAdminUrl(): string {
  const url = process.env.TEST_POSTGRES_URL ?? process.env.DATABASE_URL;
  if (!url)
    throw new Error('No PostgreSQL for the tests: run them with `npm test`, which starts one, or set DATABASE_URL.');
  return url;
}

export interface TestDatabase {
  db: Db;
  url: string;
  sqliteFile: string;
  drop(): Promise<void>;
}

/** A new, empty, migrated database on the given engine. */
export async function createTestDatabase(engine: DatabaseEngine): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ow-test-'));
    const sqliteFile = join(dir, 'test.sqlite');
    const db = openDatabase({ engine, url: '', sqliteFile });
    await migrateToLatest(db);
    return {
      db,
      url: '',
      sqliteFile,
      drop: async () => {
        await db.close().catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  const name = `ow_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  const db = openDatabase({ engine, url: url.toString(), sqliteFile: '', poolSize: 5 });
  await migrateToLatest(db);
  return {
    db,
    url: url.toString(),
    sqliteFile: '',
    drop: async () => {
      await db.close().catch(() => {});
      const cleanup = new pg.Client({ connectionString: postgresAdminUrl() });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
