/*
 * The returns' uploads, pending and current returns, and the queries that read them. Phase one's
 * bulk writes are in staging-writes.ts; committing a staged upload is in return-parts.ts.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, ReturnUploadTable } from '../../../db/schema.ts';
import type { Insertable, Selectable } from 'kysely';
import { headlineSql } from '../profile/headline.ts';
import { oneDecimal } from '../profile/measures.ts';
import { VACANCY_COLUMNS, WORKER_COLUMNS } from './record-columns.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type ReturnUpload = Selectable<ReturnUploadTable>;
export type WorkforceReturn = Selectable<Database['workforce_returns']>;

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

export const STAGING_TABLES = ['staged_vacancy_records', 'staged_profile_cells'] as const;

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

/** An organisation's returns that are current (one per census date). */
const currentReturns = (db: Db, partnershipId: number, organisationId: number) =>
  db
    .selectFrom('workforce_returns')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'current');

export const currentReturn = (
  db: Db,
  partnershipId: number,
  organisationId: number,
  censusDate: string,
): Promise<WorkforceReturn | undefined> =>
  currentReturns(db, partnershipId, organisationId).where('census_date', '=', censusDate).executeTakeFirst();

/** The return to compare a new one with: the current one for the census date, else the latest earlier one. */
export const previousReturn = (
  db: Db,
  partnershipId: number,
  organisationId: number,
  censusDate: string,
): Promise<WorkforceReturn | undefined> =>
  currentReturns(db, partnershipId, organisationId)
    .where('census_date', '<=', censusDate)
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
