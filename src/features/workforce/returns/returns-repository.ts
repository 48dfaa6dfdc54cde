import { type AliasedRawBuilder, CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import type { DatabaseEngine } from '../../../config.ts';
import type { Database, ReturnUploadTable } from '../../../db/schema.ts';
import type { Insertable, Selectable } from 'kysely';
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import { headlineSql } from '../profile/headline.ts';
import { oneDecimal } from '../profile/measures.ts';
import { CELL_COLUMNS } from '../profile/profile-cells.ts';
import { VACANCY_COLUMNS, WORKER_COLUMNS } from './record-columns.ts';
import type { VacancyRecord, WorkerRecord } from '../standard/standard.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type ReturnUpload = Selectable<ReturnUploadTable>;
export type WorkforceReturn = Selectable<Database['workforce_returns']>;

const orNull = (value: string | number | null | undefined): SQLInputValue => value ?? null;
const bit = (value: boolean | null | undefined): number | null =>
  value === null || value === undefined ? null : value ? 1 : 0;

export interface StagedRow<T> {
  row: number;
  record: T;
}
export interface ProblemRow {
  severity: 'error' | 'warning';
  kind: string;
  row: number | null;
  column: string | null;
  value: string | null;
  message: string;
  sheet?: string;
}

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

export const insertUpload = (db: Db, values: Insertable<ReturnUploadTable>): Promise<ReturnUpload> =>
  db.insertInto('return_uploads').values(values).returningAll().executeTakeFirstOrThrow();

export const updateUpload = (
  db: Db,
  partnershipId: number,
  id: number,
  changes: Partial<Insertable<ReturnUploadTable>>,
) =>
  db
    .updateTable('return_uploads')
    .set(changes)
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();

export const findUpload = (db: Db, partnershipId: number, id: number): Promise<ReturnUpload | undefined> =>
  db
    .selectFrom('return_uploads')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();

/** The return an upload's records are written under until it is submitted (or discarded). */
export const createPendingReturn = async (
  db: Db,
  values: Omit<Insertable<Database['workforce_returns']>, 'status'>,
): Promise<number> =>
  (
    await db
      .insertInto('workforce_returns')
      .values({ ...values, status: 'pending' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

export const pendingReturnOf = async (db: Db, uploadId: number): Promise<number | null> =>
  (
    await db
      .selectFrom('workforce_returns')
      .select('id')
      .where('upload_id', '=', uploadId)
      .where('status', '=', 'pending')
      .executeTakeFirst()
  )?.id ?? null;

/**
 * An upload that will never be committed: drop its pending return, records and staged rows; its
 * problems too when `problems` (abandoned: nobody can see its report again), else they stay for the report.
 */
export async function deleteStaged(db: Db, uploadId: number, problems = false): Promise<void> {
  if (problems) await db.deleteFrom('upload_problems').where('upload_id', '=', uploadId).execute();
  const pending = await pendingReturnOf(db, uploadId);
  if (pending !== null) {
    await db.deleteFrom('worker_records').where('return_id', '=', pending).execute();
    await db.deleteFrom('workforce_returns').where('id', '=', pending).execute();
  }
  for (const table of STAGING_TABLES) await db.deleteFrom(table).where('upload_id', '=', uploadId).execute();
}

const STAGING_TABLES = ['staged_vacancy_records', 'staged_profile_cells'] as const;

/**
 * deleteStaged, but on SQLite when no other upload is staged (the usual case) a DELETE without
 * WHERE, which SQLite runs as a truncate instead of visiting every row. Safe only there: SQLite
 * has one writer, so no other upload can stage rows between the check and the delete.
 */
async function clearStaged(trx: Transaction<Database>, engine: DatabaseEngine, uploadId: number): Promise<void> {
  for (const table of STAGING_TABLES) {
    const other =
      engine === 'sqlite'
        ? await trx.selectFrom(table).select('id').where('upload_id', '!=', uploadId).limit(1).executeTakeFirst()
        : true;
    if (other) await trx.deleteFrom(table).where('upload_id', '=', uploadId).execute();
    else await trx.deleteFrom(table).execute();
  }
}

/** Earlier uploads for the same organisation and census date still waiting for review. */
export const pendingUploads = (
  db: Db,
  partnershipId: number,
  organisationId: number,
  censusDate: string,
  exceptId: number,
) =>
  db
    .selectFrom('return_uploads')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .where('organisation_id', '=', organisationId)
    .where('census_date', '=', censusDate)
    .where('status', 'in', ['valid', 'validating'])
    .where('id', '!=', exceptId)
    .execute();

export const listProblems = (
  db: Db,
  partnershipId: number,
  uploadId: number,
  severity?: 'error' | 'warning',
  limit?: number,
) => {
  let query = db
    .selectFrom('upload_problems')
    .select(['severity', 'kind', 'row_number', 'column_name', 'value', 'message', 'sheet'])
    .where('partnership_id', '=', partnershipId)
    .where('upload_id', '=', uploadId);
  if (severity) query = query.where('severity', '=', severity);
  // A file refused for too many errors says so first.
  query = query.orderBy(sql`case when kind = 'too_many_problems' then 0 else 1 end`).orderBy('id');
  return limit === undefined ? query.execute() : query.limit(limit).execute();
};

export interface StagedTotals {
  workers: number;
  vacancies: number;
  fteInPost: number;
  leavers: number;
}

/** A staged return's totals: FTE in post and leavers as headline.ts defines them (employees, as DfE). */
export async function stagedTotals(db: Db, uploadId: number, censusDate: string): Promise<StagedTotals> {
  const pending = await pendingReturnOf(db, uploadId);
  const is = headlineSql(censusDate);
  const workers = await db
    .selectFrom('worker_records')
    .select((eb) => [
      eb.fn.countAll<number>().as('workers'),
      sql<number | null>`sum(case when ${is.inPost} then fte else 0 end)`.as('fte'),
      sql<number | null>`sum(case when ${is.leaver} then 1 else 0 end)`.as('leavers'),
    ])
    .where('return_id', '=', pending ?? 0)
    .executeTakeFirstOrThrow();
  const vacancies = await db
    .selectFrom('staged_vacancy_records')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('upload_id', '=', uploadId)
    .executeTakeFirstOrThrow();
  return {
    workers: Number(workers.workers),
    vacancies: Number(vacancies.n),
    fteInPost: oneDecimal(Number(workers.fte ?? 0)),
    leavers: Number(workers.leavers ?? 0),
  };
}

export const round = (value: number, places = 2): number => Math.round(value * 10 ** places) / 10 ** places;

export const currentReturn = (
  db: Db,
  partnershipId: number,
  organisationId: number,
  censusDate: string,
): Promise<WorkforceReturn | undefined> =>
  db
    .selectFrom('workforce_returns')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('organisation_id', '=', organisationId)
    .where('census_date', '=', censusDate)
    .where('status', '=', 'current')
    .executeTakeFirst();

/** The return to compare a new one with: the current one for the census date, else the latest earlier one. */
export const previousReturn = (
  db: Db,
  partnershipId: number,
  organisationId: number,
  censusDate: string,
): Promise<WorkforceReturn | undefined> =>
  db
    .selectFrom('workforce_returns')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('organisation_id', '=', organisationId)
    .where('census_date', '<=', censusDate)
    .where('status', '=', 'current')
    .orderBy('census_date', 'desc')
    .limit(1)
    .executeTakeFirst();

export const returnHistory = (db: Db, partnershipId: number, organisationId: number) =>
  db
    .selectFrom('workforce_returns')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('organisation_id', '=', organisationId)
    .where('status', '!=', 'pending')
    .orderBy('census_date', 'desc')
    .orderBy('submitted_at', 'desc')
    .orderBy('id', 'desc')
    .execute();

/**
 * Makes the upload's pending return the organisation's current return for the census date: the
 * previous one is marked replaced and its records deleted, the pending one becomes current (its
 * records are already in place), and the staged vacancies and profile cells are copied in.
 * Call inside one transaction; any failure leaves everything as it was.
 */
export async function commitStaged(
  trx: Transaction<Database>,
  engine: DatabaseEngine,
  upload: ReturnUpload,
  values: Insertable<Database['workforce_returns']>,
): Promise<WorkforceReturn> {
  const scope = { p: upload.partnership_id, o: upload.organisation_id, c: upload.census_date };
  const pending = await pendingReturnOf(trx, upload.id);
  if (pending === null) throw new Error(`Upload ${upload.id} has no pending return`);
  const previous = await currentReturn(trx, scope.p, scope.o, scope.c);
  if (previous) {
    await trx.updateTable('workforce_returns').set({ status: 'replaced' }).where('id', '=', previous.id).execute();
    await trx.deleteFrom('worker_records').where('return_id', '=', previous.id).execute();
  }
  for (const table of ['vacancy_records', 'workforce_profile_cells'] as const) {
    await trx
      .deleteFrom(table)
      .where('partnership_id', '=', scope.p)
      .where('organisation_id', '=', scope.o)
      .where('census_date', '=', scope.c)
      .execute();
  }
  const created = await trx
    .updateTable('workforce_returns')
    .set({ ...values, status: 'current' })
    .where('id', '=', pending)
    .returningAll()
    .executeTakeFirstOrThrow();
  const fixed = [
    sql.lit(scope.p).as('partnership_id'),
    sql.lit(scope.o).as('organisation_id'),
    sql.lit(created.id).as('return_id'),
  ] as const;
  await copyStaged(trx, upload.id, scope.c, fixed);
  await clearStaged(trx, engine, upload.id);
  return created;
}

type Fixed = readonly [
  AliasedRawBuilder<number, 'partnership_id'>,
  AliasedRawBuilder<number, 'organisation_id'>,
  AliasedRawBuilder<number, 'return_id'>,
];

async function copyStaged(trx: Transaction<Database>, uploadId: number, census: string, fixed: Fixed): Promise<void> {
  await trx
    .insertInto('vacancy_records')
    .columns(['partnership_id', 'organisation_id', 'return_id', 'census_date', ...VACANCY_COLUMNS])
    .expression(
      trx
        .selectFrom('staged_vacancy_records')
        .select([...fixed, 'census_date', ...VACANCY_COLUMNS])
        .where('upload_id', '=', uploadId),
    )
    .execute();
  await trx
    .insertInto('workforce_profile_cells')
    .columns(['partnership_id', 'organisation_id', 'return_id', 'census_date', ...CELL_COLUMNS])
    .expression(
      trx
        .selectFrom('staged_profile_cells')
        .select([...fixed, sql<string>`cast(${census} as text)`.as('census_date'), ...CELL_COLUMNS])
        .where('upload_id', '=', uploadId),
    )
    .execute();
}

/** The current return's records, in the standard's column order (for export). */
export const currentWorkers = (db: Db, partnershipId: number, organisationId: number, censusDate: string) =>
  db
    .selectFrom('worker_records')
    .select([...WORKER_COLUMNS])
    .where('return_id', 'in', (eb) =>
      eb
        .selectFrom('workforce_returns')
        .select('id')
        .where('partnership_id', '=', partnershipId)
        .where('organisation_id', '=', organisationId)
        .where('census_date', '=', censusDate)
        .where('status', '=', 'current'),
    )
    .orderBy('id')
    .execute();

export const currentVacancies = (db: Db, partnershipId: number, organisationId: number, censusDate: string) =>
  db
    .selectFrom('vacancy_records')
    .select([...VACANCY_COLUMNS])
    .where('partnership_id', '=', partnershipId)
    .where('organisation_id', '=', organisationId)
    .where('census_date', '=', censusDate)
    .orderBy('id')
    .execute();

export type StaleUpload = Pick<
  ReturnUpload,
  'id' | 'organisation_id' | 'census_date' | 'file_name' | 'status' | 'created_at'
>;

/**
 * Discards up to `limit` uploads of the partnership that were never committed and were created
 * before `before`: their staged rows, their problems and the upload itself (the audit log keeps
 * the check). Call inside a transaction. Found through return_uploads' (partnership_id, …) index;
 * staging (no index) is only visited when a discarded upload still had staged rows.
 */
export async function discardStaleUploads(
  trx: Transaction<Database>,
  partnershipId: number,
  before: string,
  limit = 50,
): Promise<StaleUpload[]> {
  const stale = await trx
    .selectFrom('return_uploads')
    .select(['id', 'organisation_id', 'census_date', 'file_name', 'status', 'created_at'])
    .where('partnership_id', '=', partnershipId)
    .where('status', '!=', 'committed')
    .where('created_at', '<', before)
    .orderBy('id')
    .limit(limit)
    .execute();
  if (!stale.length) return [];
  // Claim them first: a commit racing on PostgreSQL holds the row's lock, and once it has
  // committed the row no longer matches; a commit that comes second finds it no longer valid.
  const claimed = new Set(
    (
      await trx
        .updateTable('return_uploads')
        .set({ status: 'abandoned' })
        .where('partnership_id', '=', partnershipId)
        .where(
          'id',
          'in',
          stale.map((u) => u.id),
        )
        .where('status', '!=', 'committed')
        .returning('id')
        .execute()
    ).map((r) => r.id),
  );
  const discarded = stale.filter((u) => claimed.has(u.id));
  if (!discarded.length) return [];
  const ids = discarded.map((u) => u.id);
  const withStaged = discarded.filter((u) => u.status === 'valid' || u.status === 'validating').map((u) => u.id);
  for (const id of withStaged) await deleteStaged(trx, id);
  await trx
    .deleteFrom('upload_problems')
    .where('partnership_id', '=', partnershipId)
    .where('upload_id', 'in', ids)
    .execute();
  await trx.deleteFrom('return_uploads').where('partnership_id', '=', partnershipId).where('id', 'in', ids).execute();
  return discarded;
}
