import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DatabaseEngine } from '../../../config.ts';
import type { Database } from '../../../db/schema.ts';
import { pendingReturnOf, previousReturn, stagedTotals, type WorkforceReturn } from './returns-repository.ts';
import { WORKER_COLUMNS } from './record-columns.ts';
import { oneDecimal } from '../profile/measures.ts';

/** What submitting an upload would change, against the organisation's previous return. */
export interface ReturnReview {
  records: number;
  vacancies: number;
  leavers: number;
  fteAfter: number;
  /** Null when the organisation has no earlier return to compare with. */
  previous: {
    id: number;
    censusDate: string;
    sameCensusDate: boolean;
    records: number;
    fteBefore: number;
    submittedAt: string;
  } | null;
  newRecords: number;
  changedRecords: number;
  leftRecords: number;
  removedRecords: number;
  unchangedRecords: number;
}

const COMPARED = WORKER_COLUMNS.filter((c) => c !== 'worker_id');

/** "a differs from b", treating two nulls as equal, spelled for each engine. */
function differs(engine: DatabaseEngine, column: string): RawBuilder<unknown> {
  const op = engine === 'postgres' ? 'is distinct from' : 'is not';
  return sql.raw(`s.${column} ${op} w.${column}`);
}

/**
 * Counts in SQL, so a 1,000,000-row return is compared without loading it: new = worker IDs not
 * in the previous return; removed = previous IDs not in this one; left = people in both whose
 * leaving date is now set and was not; changed = any other field different.
 */
export async function reviewUpload(
  db: Kysely<Database>,
  engine: DatabaseEngine,
  upload: { id: number; partnership_id: number; organisation_id: number; census_date: string },
): Promise<ReturnReview> {
  const totals = await stagedTotals(db, upload.id, upload.census_date);
  const previous: WorkforceReturn | undefined = await previousReturn(
    db,
    upload.partnership_id,
    upload.organisation_id,
    upload.census_date,
  );
  const base: ReturnReview = {
    records: totals.workers,
    vacancies: totals.vacancies,
    leavers: totals.leavers,
    fteAfter: totals.fteInPost,
    previous: null,
    newRecords: totals.workers,
    changedRecords: 0,
    leftRecords: 0,
    removedRecords: 0,
    unchangedRecords: 0,
  };
  if (!previous) return base;

  const anyDifference = sql.join(
    COMPARED.map((c) => differs(engine, c)),
    sql` or `,
  );
  const counts = await sql<{ matched: number; left_count: number; changed: number }>`
    select count(*) as matched,
      coalesce(sum(case when s.leaving_date is not null and w.leaving_date is null then 1 else 0 end), 0) as left_count,
      coalesce(sum(case when (s.leaving_date is null or w.leaving_date is not null) and (${anyDifference}) then 1 else 0 end), 0) as changed
    from worker_records s
    join worker_records w on w.return_id = ${previous.id} and w.worker_id = s.worker_id
    where s.return_id = ${(await pendingReturnOf(db, upload.id)) ?? 0}`.execute(db);
  const row = counts.rows[0] ?? { matched: 0, left_count: 0, changed: 0 };
  const matched = Number(row.matched);
  const left = Number(row.left_count);
  const changed = Number(row.changed);
  return {
    ...base,
    previous: {
      id: previous.id,
      censusDate: previous.census_date,
      sameCensusDate: previous.census_date === upload.census_date,
      records: previous.worker_count,
      fteBefore: oneDecimal(previous.fte_total),
      submittedAt: previous.submitted_at,
    },
    newRecords: totals.workers - matched,
    leftRecords: left,
    changedRecords: changed,
    removedRecords: previous.worker_count - matched,
    unchangedRecords: matched - left - changed,
  };
}
