import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';

const STATEMENT_CACHE_SIZE = 500;
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** node:sqlite binds only null, numbers, bigints, strings and bytes. */
function toSqlite(value: unknown): SQLInputValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string') return value;
  if (value instanceof Uint8Array) return value;
  return JSON.stringify(value);
}

const bind = (parameters: ReadonlyArray<unknown>): SQLInputValue[] => parameters.map(toSqlite);

/** Adapts node:sqlite's DatabaseSync to the interface Kysely's SqliteDialect expects. */
export function openNodeSqlite(file: string): { database: SqliteDatabase; raw: DatabaseSync } {
  const raw = new DatabaseSync(file);
  raw.exec(
    'PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;',
  );
  // Kysely prepares every query afresh, and preparing cost as much as running a page's small queries:
  // statements are kept by their text (the least recently used dropped past the limit). Iterating
  // gets a statement of its own, so a query run while another is being read cannot reset it.
  const cache = new Map<string, { statement: StatementSync; reader: boolean }>();
  const cached = (sql: string) => {
    let entry = cache.get(sql);
    if (entry) cache.delete(sql);
    else {
      const statement = raw.prepare(sql);
      entry = { statement, reader: statement.columns().length > 0 };
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, entry);
    return entry;
  };
  const database: SqliteDatabase = {
    close: () => {
      cache.clear();
      raw.close();
    },
    prepare(sql: string): SqliteStatement {
      const { statement, reader } = cached(sql);
      return {
        reader,
        all: (parameters) => statement.all(...bind(parameters)),
        run: (parameters) => {
          const result = statement.run(...bind(parameters));
          return { changes: result.changes, lastInsertRowid: result.lastInsertRowid };
        },
        iterate: (parameters) => raw.prepare(sql).iterate(...bind(parameters)),
      };
    },
  };
  return { database, raw };
}
