import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { DatabaseEngine } from '../../config.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>;

export interface MigrationContext {
  db: AnyDb;
  engine: DatabaseEngine;
}

/** An auto-numbered integer primary key, spelled for each engine. */
export function withId<T extends string>(
  table: CreateTableBuilder<T>,
  engine: DatabaseEngine,
): CreateTableBuilder<T, 'id'> {
  return engine === 'postgres'
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/**
 * The column type for decimal numbers: `real` is single precision on PostgreSQL, and FTE 0.1 must
 * come back as 0.1 on both engines.
 */
export const decimalType = (engine: DatabaseEngine): 'double precision' | 'real' =>
  engine === 'postgres' ? 'double precision' : 'real';

/** Makes a table append-only: updates and deletes raise an error in the database itself. */
export async function makeAppendOnly({ db, engine }: MigrationContext, table: string): Promise<void> {
  if (engine === 'postgres') {
    await sql
      .raw(
        `create or replace function ${table}_append_only() returns trigger language plpgsql as $$
      begin raise exception '${table} is append-only'; end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${table}_no_change before update or delete on ${table}
      for each row execute function ${table}_append_only()`,
      )
      .execute(db);
  } else {
    await sql
      .raw(
        `create trigger ${table}_no_update before update on ${table}
      begin select raise(abort, '${table} is append-only'); end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${table}_no_delete before delete on ${table}
      begin select raise(abort, '${table} is append-only'); end`,
      )
      .execute(db);
  }
}
