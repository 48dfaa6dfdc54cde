import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseEngine } from '../config.ts';
import { openNodeSqlite } from './node-sqlite.ts';
import type { Database } from './schema.ts';

export interface Db {
  kysely: Kysely<Database>;
  engine: DatabaseEngine;
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DbOptions {
  engine: DatabaseEngine;
  url: string;
  sqliteFile: string;
  poolSize?: number;
}

// COUNT(*) comes back from pg as int8 text and NUMERIC as text: make both numbers, as in SQLite.
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

function openPostgres(url: string, poolSize: number): Db {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: pgTypes, connectionTimeoutMillis: 5000 });
  // A client losing its connection (the server restarting) must not crash the process: queries in
  // flight still fail through their promises, and the pool drops the broken client.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    engine: 'postgres',
    ping: async () => {
      await sql`select 1`.execute(kysely);
    },
    close: () => kysely.destroy(),
  };
}

const sqliteConnections = new WeakMap<Kysely<Database>, DatabaseSync>();

/**
 * The node:sqlite connection behind a Kysely instance (undefined on PostgreSQL), for hot bulk paths
 * that reuse prepared statements. Use it only inside one of that instance's transactions: Kysely
 * then holds the single connection, so the raw statements run in that transaction.
 */
export const sqliteConnection = (kysely: Kysely<Database>): DatabaseSync | undefined => sqliteConnections.get(kysely);

function openSqlite(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const { database, raw } = openNodeSqlite(file);
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  sqliteConnections.set(kysely, raw);
  return {
    kysely,
    engine: 'sqlite',
    ping: async () => {
      await sql`select 1`.execute(kysely);
    },
    close: () => kysely.destroy(),
  };
}

export function openDatabase(options: DbOptions): Db {
  return options.engine === 'postgres'
    ? openPostgres(options.url, options.poolSize ?? 10)
    : openSqlite(options.sqliteFile);
}
