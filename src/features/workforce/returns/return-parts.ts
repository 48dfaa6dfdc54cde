/*
 * A return has two parts, workers and vacancies (docs/adr/0020). An upload replaces only the parts
 * it carries (has records of); a part it does not carry is kept from the return it replaces, and
 * vacancies are replaced with none only when the submitter says so (CommitOptions.vacancies).
 */
import { type AliasedRawBuilder, sql, type Insertable, type Transaction } from 'kysely';
import type { DatabaseEngine } from '../../../config.ts';
import type { Database } from '../../../db/schema.ts';
import type { AuditEntry } from '../../audit/service.ts';
import { CELL_COLUMNS } from '../profile/profile-cells.ts';
import { VACANCY_COLUMNS } from './record-columns.ts';
import {
  currentReturn,
  pendingReturnOf,
  STAGING_TABLES,
  type ReturnUpload,
  type StagedTotals,
  type WorkforceReturn,
} from './returns-repository.ts';
import type { ProblemRow } from './staging-writes.ts';

export type Part = 'workers' | 'vacancies';
export const PARTS: readonly Part[] = ['workers', 'vacancies'];

export interface CommitOptions {
  /** For an upload without vacancies: keep the replaced return's (the default) or remove them. */
  vacancies?: 'keep' | 'remove';
}

/** What submitting does to each part. */
export interface PartsPlan {
  workers: 'replaced' | 'kept';
  vacancies: 'replaced' | 'kept' | 'removed';
}

export const carries = (upload: Pick<ReturnUpload, 'carries_workers' | 'carries_vacancies'>, part: Part): boolean =>
  (part === 'workers' ? upload.carries_workers : upload.carries_vacancies) === 1;

/** Kept only from a current return for the same census date; with nothing to keep, the part is replaced. */
export function partsPlan(
  upload: Pick<ReturnUpload, 'carries_workers' | 'carries_vacancies'>,
  previous: WorkforceReturn | undefined,
  options: CommitOptions,
): PartsPlan {
  const workers = carries(upload, 'workers') || !previous ? 'replaced' : 'kept';
  let vacancies: PartsPlan['vacancies'] = 'replaced';
  if (!carries(upload, 'vacancies') && previous)
    vacancies = options.vacancies === 'remove' && previous.vacancy_count > 0 ? 'removed' : 'kept';
  return { workers, vacancies };
}

/** The new return's counts: the staged ones for parts replaced, the previous return's for parts kept. */
export function committedTotals(
  staged: StagedTotals,
  previous: WorkforceReturn | undefined,
  plan: PartsPlan,
): StagedTotals {
  const keptWorkers = plan.workers === 'kept' && previous;
  return {
    workers: keptWorkers ? previous.worker_count : staged.workers,
    fteInPost: keptWorkers ? previous.fte_total : staged.fteInPost,
    leavers: keptWorkers ? previous.leavers_count : staged.leavers,
    vacancies: plan.vacancies === 'kept' && previous ? previous.vacancy_count : staged.vacancies,
  };
}

export function onlyPartProblem(only: Part, stray: number): ProblemRow {
  const other = only === 'vacancies' ? 'worker' : 'vacancy';
  return {
    severity: 'error',
    kind: 'wrong_part',
    row: null,
    column: null,
    value: null,
    message: `This body is for ${only} only, but it has ${stray} ${other} records. Send ${other} records to the return itself (POST …/returns/{censusDate}), or only ${only} here.`,
  };
}

export function submitAudit(
  org: { id: number; name: string },
  upload: ReturnUpload,
  created: WorkforceReturn,
  previous: WorkforceReturn | undefined,
  totals: StagedTotals,
  plan: PartsPlan,
): AuditEntry {
  const kept = PARTS.filter((p) => plan[p] === 'kept');
  return {
    action: 'submit',
    entityType: 'workforce_return',
    entityId: created.id,
    organisationId: org.id,
    summary:
      `Submitted the workforce return for ${org.name}, census date ${upload.census_date}: ${totals.workers} records` +
      (kept.length ? `; ${kept.join(' and ')} kept from the return it replaces` : '') +
      (plan.vacancies === 'removed' ? '; vacancies removed (none now)' : ''),
    before: previous
      ? {
          return_id: previous.id,
          file_name: previous.file_name,
          file_hash: previous.file_hash,
          worker_count: previous.worker_count,
          vacancy_count: previous.vacancy_count,
          fte_total: previous.fte_total,
        }
      : null,
    after: {
      return_id: created.id,
      census_date: upload.census_date,
      file_name: upload.file_name,
      file_hash: upload.file_hash,
      worker_count: totals.workers,
      vacancy_count: totals.vacancies,
      fte_total: totals.fteInPost,
      leavers_count: totals.leavers,
      workers: plan.workers,
      vacancies: plan.vacancies,
    },
  };
}

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

/**
 * Makes the upload's pending return the organisation's current return for the census date: the
 * previous one is marked replaced, the pending one becomes current (its records are already in
 * place). Each part the upload carries replaces the previous return's (its records deleted, the
 * staged vacancies and profile cells copied in); a part it does not carry is kept: the previous
 * return's rows move to the new return (docs/adr/0020). Call inside one transaction.
 */
export async function commitStaged(
  trx: Transaction<Database>,
  engine: DatabaseEngine,
  upload: ReturnUpload,
  values: Insertable<Database['workforce_returns']>,
  keep: { workers: boolean; vacancies: boolean },
): Promise<WorkforceReturn> {
  const scope = { p: upload.partnership_id, o: upload.organisation_id, c: upload.census_date };
  const pending = await pendingReturnOf(trx, upload.id);
  if (pending === null) throw new Error(`Upload ${upload.id} has no pending return`);
  const previous = await currentReturn(trx, scope.p, scope.o, scope.c);
  if (previous) {
    await trx.updateTable('workforce_returns').set({ status: 'replaced' }).where('id', '=', previous.id).execute();
    if (keep.workers)
      await trx
        .updateTable('worker_records')
        .set({ return_id: pending })
        .where('return_id', '=', previous.id)
        .execute();
    else await trx.deleteFrom('worker_records').where('return_id', '=', previous.id).execute();
  }
  const kept = { vacancy_records: keep.vacancies, workforce_profile_cells: keep.workers };
  for (const table of ['vacancy_records', 'workforce_profile_cells'] as const) {
    if (kept[table])
      await trx
        .updateTable(table)
        .set({ return_id: pending })
        .where('partnership_id', '=', scope.p)
        .where('organisation_id', '=', scope.o)
        .where('census_date', '=', scope.c)
        .execute();
    else
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
  await copyStaged(trx, upload.id, scope.c, fixed, { vacancies: !keep.vacancies, cells: !keep.workers });
  await clearStaged(trx, engine, upload.id);
  return created;
}

type Fixed = readonly [
  AliasedRawBuilder<number, 'partnership_id'>,
  AliasedRawBuilder<number, 'organisation_id'>,
  AliasedRawBuilder<number, 'return_id'>,
];

async function copyStaged(
  trx: Transaction<Database>,
  uploadId: number,
  census: string,
  fixed: Fixed,
  copy: { vacancies: boolean; cells: boolean },
): Promise<void> {
  if (copy.vacancies)
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
  if (copy.cells)
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
