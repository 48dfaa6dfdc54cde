/*
 * Phase one's writes: an upload's records, staged vacancies and problems in bulk, as they are read.
 * Written as SQL directly (see below); reading and committing are in returns-repository.ts and
 * return-parts.ts.
 */
import type { Problem } from '../standard/problem.ts';
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { DatabaseEngine } from '../../../config.ts';
import type { Database } from '../../../db/schema.ts';
import { WORKER_COLUMNS } from './record-columns.ts';
import type { VacancyRecord, WorkerRecord } from '../standard/standard.ts';

type Db = Kysely<Database> | Transaction<Database>;

const orNull = (value: string | number | null | undefined): SQLInputValue => value ?? null;
const bit = (value: boolean | null | undefined): number | null =>
  value === null || value === undefined ? null : value ? 1 : 0;

export interface StagedRow<T> {
  row: number;
  record: T;
}
/** A problem as staged: the validator's problem, row and column included. */
export type ProblemRow = Problem;

/*
 * Bulk inserts, written as SQL directly (building 10,000-value queries through the query builder
 * cost more than the inserts). SQLite, given the raw connection: ONE prepared single-row insert per
 * table, reused for every row (preparing a new 400-row VALUES statement per batch cost a third of
 * the import and left native statement memory behind); without it, multi-row VALUES of 400 rows.
 * PostgreSQL: a batch of 2,000 rows as ONE JSON parameter unpacked by json_array_elements (one
 * round trip, one tiny statement to plan).
 */
const BATCH_ROWS: Record<DatabaseEngine, number> = { sqlite: 400, postgres: 2000 };
type ColumnType = 'text' | 'integer' | 'real';
const t = (name: string, type: ColumnType = 'text') => [name, type] as const;
const PENDING_WORKER_COLUMNS = [
  t('partnership_id', 'integer'),
  t('organisation_id', 'integer'),
  t('return_id', 'integer'),
  t('census_date'),
  ...WORKER_COLUMNS.map((c) =>
    t(
      c,
      c === 'fte' || c === 'contracted_hours' || c === 'sickness_days'
        ? 'real'
        : c === 'birth_year' || c === 'apprentice' || c === 'manager'
          ? 'integer'
          : 'text',
    ),
  ),
];
const STAGED_VACANCY_COLUMNS = [
  t('partnership_id', 'integer'),
  t('upload_id', 'integer'),
  t('row_number', 'integer'),
  t('census_date'),
  t('job_role'),
  t('service'),
  t('vacant_fte', 'real'),
  t('agency_cover_fte', 'real'),
];
const PROBLEM_COLUMNS = [
  t('partnership_id', 'integer'),
  t('upload_id', 'integer'),
  t('severity'),
  t('kind'),
  t('row_number', 'integer'),
  t('column_name'),
  t('value'),
  t('message'),
  t('sheet'),
];
const PG_TYPES: Record<ColumnType, string> = { text: 'text', integer: 'integer', real: 'double precision' };

const insertTexts = new Map<string, string>();
function insertText(
  engine: DatabaseEngine,
  table: string,
  columns: readonly (readonly [string, ColumnType])[],
  rows: number,
): string {
  const key = `${engine}:${table}:${rows}`;
  let text = insertTexts.get(key);
  if (!text) {
    const names = columns.map(([name]) => name).join(',');
    const tuple = `(${columns.map(() => '?').join(',')})`;
    text =
      engine === 'postgres'
        ? `insert into ${table} (${names}) select ${columns.map(([, type], i) => `(e->>${i})::${PG_TYPES[type]}`).join(',')} from json_array_elements($1::json) as e`
        : `insert into ${table} (${names}) values ${Array.from({ length: rows }, () => tuple).join(',')}`;
    insertTexts.set(key, text);
  }
  return text;
}

const preparedInserts = new WeakMap<DatabaseSync, Map<string, StatementSync>>();
function preparedInsert(
  raw: DatabaseSync,
  table: string,
  columns: readonly (readonly [string, ColumnType])[],
): StatementSync {
  let statements = preparedInserts.get(raw);
  if (!statements) preparedInserts.set(raw, (statements = new Map()));
  let statement = statements.get(table);
  if (!statement) {
    statement = raw.prepare(
      `insert into ${table} (${columns.map(([name]) => name).join(',')}) values (${columns.map(() => '?').join(',')})`,
    );
    statements.set(table, statement);
  }
  return statement;
}

/** Rows hold only numbers, strings and nulls. `raw`: see sqliteConnection (only inside a transaction). */
async function bulkInsert(
  db: Db,
  engine: DatabaseEngine,
  table: string,
  columns: readonly (readonly [string, ColumnType])[],
  rows: SQLInputValue[][],
  raw?: DatabaseSync,
): Promise<void> {
  if (raw && engine === 'sqlite') {
    if (!rows.length) return;
    const insert = preparedInsert(raw, table, columns);
    for (const row of rows) insert.run(...row);
    return;
  }
  const size = BATCH_ROWS[engine];
  for (let i = 0; i < rows.length; i += size) {
    const batch = rows.slice(i, i + size);
    const parameters = engine === 'postgres' ? [postgresJson(batch)] : batch.flat();
    await db.executeQuery(
      CompiledQuery.raw(insertText(engine, table, columns, engine === 'postgres' ? 0 : batch.length), parameters),
    );
  }
}

/** PostgreSQL text cannot hold NUL: a value with one (a hostile file's) is stored with U+FFFD instead. */
function postgresJson(batch: SQLInputValue[][]): string {
  const json = JSON.stringify(batch);
  if (!json.includes('\\u0000')) return json;
  const clean = (v: SQLInputValue) => (typeof v === 'string' ? v.replaceAll('\0', '\uFFFD') : v);
  return JSON.stringify(batch.map((row) => row.map(clean)));
}

export interface PendingScope {
  partnershipId: number;
  organisationId: number;
  returnId: number;
  censusDate: string;
}

/** Writes an upload's records once, into worker_records under its pending return (made current on commit). */
export function insertPendingWorkers(
  db: Db,
  engine: DatabaseEngine,
  scope: PendingScope,
  rows: StagedRow<WorkerRecord>[],
  raw?: DatabaseSync,
): Promise<void> {
  // One array per record, nulls spelled out (this runs for every record of every upload).
  return bulkInsert(
    db,
    engine,
    'worker_records',
    PENDING_WORKER_COLUMNS,
    rows.map(({ record: r }) => [
      scope.partnershipId,
      scope.organisationId,
      scope.returnId,
      scope.censusDate,
      r.worker_id,
      r.service ?? null,
      r.job_role ?? null,
      r.job_role_other ?? null,
      r.workforce_group ?? null,
      r.employment_type ?? null,
      r.contract_type ?? null,
      r.fte ?? null,
      r.contracted_hours ?? null,
      r.start_date ?? null,
      r.leaving_date ?? null,
      r.leaving_reason ?? null,
      r.birth_year ?? null,
      r.sex ?? null,
      r.gender_identity ?? null,
      r.ethnicity ?? null,
      r.disability ?? null,
      r.qualification_level ?? null,
      bit(r.apprentice),
      r.sickness_days ?? null,
      r.safeguarding_level ?? null,
      bit(r.manager),
    ]),
    raw,
  );
}

export function insertStagedVacancies(
  db: Db,
  engine: DatabaseEngine,
  partnershipId: number,
  uploadId: number,
  censusDate: string,
  rows: StagedRow<VacancyRecord>[],
  raw?: DatabaseSync,
): Promise<void> {
  return bulkInsert(
    db,
    engine,
    'staged_vacancy_records',
    STAGED_VACANCY_COLUMNS,
    rows.map(({ row, record: r }) =>
      [partnershipId, uploadId, row, censusDate, r.job_role, r.service, r.vacant_fte, r.agency_cover_fte].map(orNull),
    ),
    raw,
  );
}

export function insertProblems(
  db: Db,
  engine: DatabaseEngine,
  partnershipId: number,
  uploadId: number,
  problems: ProblemRow[],
  raw?: DatabaseSync,
): Promise<void> {
  return bulkInsert(
    db,
    engine,
    'upload_problems',
    PROBLEM_COLUMNS,
    problems.map((p) =>
      [
        partnershipId,
        uploadId,
        p.severity,
        p.kind,
        p.row,
        p.column,
        p.value === null ? null : p.value.slice(0, 200),
        p.message,
        p.sheet ?? null,
      ].map(orNull),
    ),
    raw,
  );
}
