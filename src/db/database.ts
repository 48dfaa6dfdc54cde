import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type KyselyConfig,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type SqliteDialectConfig,
} from 'kysely';
import pg from 'pg';
import type { DatabaseEngine } from '../config.ts';
import { openNodeSqlite } from './node-sqlite.ts';
import { prepareRepeatedQueries } from './prepared-statements.ts';
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
  /** How long a query waits for a free pooled connection before failing with PoolBusyError. */
  poolTimeoutMs?: number;
  /** PostgreSQL: send repeated query texts as named prepared statements (docs/adr/0041). Default true. */
  preparedStatements?: boolean;
  /** Kysely's query log, for benches that count queries. */
  log?: KyselyConfig['log'];
}

/** Every PostgreSQL connection is in use and none came free in time: the app answers 503, not 500. */
export class PoolBusyError extends Error {
  constructor() {
    super('Every database connection is busy');
  }
}

// pg-pool reports a wait for a connection that ran out of time with only this message.
const POOL_TIMEOUT_MESSAGE = 'timeout exceeded when trying to connect';

// COUNT(*) comes back from pg as int8 text and NUMERIC as text: make both numbers, as in SQLite.
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

function quietPool(options: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool({ types: pgTypes, ...options });
  // A client losing its connection (the server restarting) must not crash the process: queries in
  // flight still fail through their promises, and the pool drops the broken client.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

function openPostgres(options: DbOptions): Db {
  const { url, poolSize = 10, poolTimeoutMs = 3000 } = options;
  const pool = quietPool({ connectionString: url, max: poolSize, connectionTimeoutMillis: poolTimeoutMs });
  if (options.preparedStatements !== false) pool.on('connect', (client) => prepareRepeatedQueries(client));
  const connect = pool.connect.bind(pool);
  Object.assign(pool, {
    // pool.query calls connect with a callback: only the promise form (Kysely's) is translated.
    connect: (...args: unknown[]) =>
      args.length
        ? (connect as (...a: unknown[]) => unknown)(...args)
        : connect().catch((err: unknown) => {
            throw err instanceof Error && err.message === POOL_TIMEOUT_MESSAGE ? new PoolBusyError() : err;
          }),
  });
  // Health checks have a connection of their own, so a busy pool cannot make the app look dead.
  const pingPool = quietPool({ connectionString: url, max: 1, connectionTimeoutMillis: 3000, idleTimeoutMillis: 0 });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: options.log });
  return {
    kysely,
    engine: 'postgres',
    ping: async () => {
      await pingPool.query('select 1');
    },
    close: async () => {
      await pingPool.end().catch(() => {});
      await kysely.destroy();
    },
  };
}

/**
 * Transactions take SQLite's write lock when they begin: two worker processes that each read and
 * then write in a deferred transaction would otherwise fail with SQLITE_BUSY instead of waiting.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

const sqliteConnections = new WeakMap<Kysely<Database>, DatabaseSync>();

/**
 * The node:sqlite connection behind a Kysely instance (undefined on PostgreSQL), for hot bulk paths
 * that reuse prepared statements. Use it only inside one of that instance's transactions: Kysely
 * then holds the single connection, so the raw statements run in that transaction.
 */
export const sqliteConnection = (kysely: Kysely<Database>): DatabaseSync | undefined => sqliteConnections.get(kysely);

function openSqlite(file: string, log?: KyselyConfig['log']): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const { database, raw } = openNodeSqlite(file);
  const kysely = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database }), log });
  sqliteConnections.set(kysely, raw);
  // Health checks read through a connection of their own: Kysely's one connection is held for the
  // whole of a transaction (an import's, across its awaits), and a ping queued behind it would make
  // a busy app look dead. Reading the schema in WAL mode never waits for a writer.
  const pingDb = file === ':memory:' ? raw : new DatabaseSync(file, { readOnly: true });
  const ping = pingDb.prepare('select count(*) as n from sqlite_master');
  return {
    kysely,
    engine: 'sqlite',
    ping: async () => {
      ping.get();
    },
    close: async () => {
      if (pingDb !== raw) pingDb.close();
      await kysely.destroy();
    },
  };
}

export function openDatabase(options: DbOptions): Db {
  return options.engine === 'postgres' ? openPostgres(options) : openSqlite(options.sqliteFile, options.log);
}
