/*
 * Statements whose text does not depend on how many values or rows they carry (docs/adr/0045).
 * An `in (?, ?, …)` list or a multi-row `values (…), (…)` is a new text for every length: SQLite
 * prepares it again and PostgreSQL parses and plans it again (never reaching the named prepared
 * statements of docs/adr/0041). Here the values travel as one parameter: a JSON array read by
 * `json_each` on SQLite, an array (`= any($1)`) or JSON rows read as the table's own row type
 * (`json_populate_recordset`) on PostgreSQL.
 */
import {
  PostgresAdapter,
  sql,
  type Insertable,
  type Kysely,
  type RawBuilder,
  type Selectable,
  type SqlBool,
} from 'kysely';
import type { Database } from './schema.ts';

const onPostgres = (db: Kysely<Database>) => db.getExecutor().adapter instanceof PostgresAdapter;

/** `column in (values)` for a query of `db`, one statement text for any number of values. */
export function inValues(
  db: Kysely<Database>,
  column: string,
  values: readonly (number | string)[],
): RawBuilder<SqlBool> {
  return onPostgres(db)
    ? sql<SqlBool>`${sql.ref(column)} = any(${[...values]})`
    : sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(values)}))`;
}

type Table = keyof Database & string;

export interface RowsOptions {
  /** A unique column whose existing value leaves the row out (`on conflict (…) do nothing`). */
  skipConflictOn?: string;
}

/** `insert into table (columns) select … from <the rows as one JSON parameter>`, in the rows' order. */
function insertText<T extends Table>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  options: RowsOptions,
  returning: boolean,
) {
  const columns = Object.keys(rows[0] ?? {});
  const json = JSON.stringify(rows);
  const names = sql.join(columns.map((c) => sql.ref(c)));
  // SQLite needs a WHERE after INSERT … SELECT for ON CONFLICT to parse as the upsert clause.
  const source = onPostgres(db)
    ? sql`select ${names} from json_populate_recordset(null::${sql.table(table)}, ${json}::json) with ordinality as r order by r.ordinality`
    : sql`select ${sql.join(columns.map((c) => sql`value ->> ${sql.lit(c)}`))} from json_each(${json}) where true order by key`;
  const conflict = options.skipConflictOn ? sql` on conflict (${sql.ref(options.skipConflictOn)}) do nothing` : sql``;
  return sql`insert into ${sql.table(table)} (${names}) ${source}${conflict}${returning ? sql` returning *` : sql``}`;
}

/** Inserts rows (all with the same columns) with one statement text however many there are. */
export async function insertRows<T extends Table>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  options: RowsOptions = {},
): Promise<void> {
  if (rows.length) await insertText(db, table, rows, options, false).execute(db);
}

/** As `insertRows`, returning the rows written (in no promised order). */
export async function insertRowsReturning<T extends Table>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<Selectable<Database[T]>[]> {
  if (!rows.length) return [];
  const returning = sql<Selectable<Database[T]>>`${insertText(db, table, rows, {}, true)}`;
  return (await returning.execute(db)).rows;
}
