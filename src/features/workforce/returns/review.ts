import { sql, type Kysely } from 'kysely';
import type { DatabaseEngine } from '../../../config.ts';
import type { Database } from '../../../db/schema.ts';
import {
  currentReturn,
  pendingReturnOf,
  previousReturn,
  stagedTotals,
  type ReturnUpload,
  type WorkforceReturn,
} from './returns-repository.ts';
import { carries, type Part } from './return-parts.ts';
import { oneDecimal } from '../profile/measures.ts';
import {
  anyDifference,
  changedRecords,
  compareVacancies,
  type ChangedRecord,
  type VacancyChange,
} from './review-changes.ts';

/** One part of the return (workers or vacancies) as submitting would leave it. */
export interface PartReview {
  /** The file has records of this part, so they replace the current return's. */
  carried: boolean;
  /** Records in the current return for this census date, which submitting replaces (null: there is none). */
  before: number | null;
  after: number;
  /** When not carried: the current return it is kept from. */
  keptFrom: { submittedAt: string; records: number } | null;
}

/** What submitting an upload would change, against the organisation's previous return. */
export interface ReturnReview {
  records: number;
  vacancies: number;
  leavers: number;
  fteAfter: number;
  parts: Record<Part, PartReview>;
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
  /** Vacancies by job role and service whose rows differ from the previous return's (none when kept). */
  vacancyChanges: VacancyChange[];
  /** The requested page of changed worker records (reviewUpload's `page`), with each field before and after. */
  changes: ChangedRecord[];
}

function part(carried: boolean, replaced: WorkforceReturn | undefined, count: keyof WorkforceReturn, staged: number) {
  const before = replaced ? Number(replaced[count]) : null;
  const kept = !carried && replaced;
  return {
    carried,
    before,
    after: kept ? Number(replaced[count]) : staged,
    keptFrom: kept ? { submittedAt: replaced.submitted_at, records: Number(replaced[count]) } : null,
  };
}

/**
 * Counts in SQL, so a 1,000,000-row return is compared without loading it: new = worker IDs not
 * in the previous return; removed = previous IDs not in this one; left = people in both whose
 * leaving date is now set and was not; changed = any other field different. A part the upload
 * does not carry is kept from the current return for the census date, so nothing in it changes.
 */
export async function reviewUpload(
  db: Kysely<Database>,
  engine: DatabaseEngine,
  upload: ReturnUpload,
  page?: number,
): Promise<ReturnReview> {
  const totals = await stagedTotals(db, upload.id, upload.census_date);
  const scope = [upload.partnership_id, upload.organisation_id, upload.census_date] as const;
  const previous = await previousReturn(db, ...scope);
  const replaced = await currentReturn(db, ...scope);
  const workers = part(carries(upload, 'workers'), replaced, 'worker_count', totals.workers);
  const vacancies = part(carries(upload, 'vacancies'), replaced, 'vacancy_count', totals.vacancies);
  const keptWorkers = workers.keptFrom && replaced;
  const base: ReturnReview = {
    records: workers.after,
    vacancies: vacancies.after,
    leavers: keptWorkers ? replaced.leavers_count : totals.leavers,
    fteAfter: keptWorkers ? oneDecimal(replaced.fte_total) : totals.fteInPost,
    parts: { workers, vacancies },
    previous: null,
    newRecords: workers.after,
    changedRecords: 0,
    leftRecords: 0,
    removedRecords: 0,
    unchangedRecords: 0,
    vacancyChanges: [],
    changes: [],
  };
  if (!previous) return base;
  const compared = {
    ...base,
    previous: {
      id: previous.id,
      censusDate: previous.census_date,
      sameCensusDate: previous.census_date === upload.census_date,
      records: previous.worker_count,
      fteBefore: oneDecimal(previous.fte_total),
      submittedAt: previous.submitted_at,
    },
    vacancyChanges: vacancies.carried ? await compareVacancies(db, upload.id, previous.id) : [],
  };
  if (keptWorkers) return { ...compared, newRecords: 0, unchangedRecords: replaced.worker_count };

  const counts = await sql<{ matched: number; left_count: number; changed: number }>`
    select count(*) as matched,
      coalesce(sum(case when s.leaving_date is not null and w.leaving_date is null then 1 else 0 end), 0) as left_count,
      coalesce(sum(case when (s.leaving_date is null or w.leaving_date is not null) and (${anyDifference(engine)}) then 1 else 0 end), 0) as changed
    from worker_records s
    join worker_records w on w.return_id = ${previous.id} and w.worker_id = s.worker_id
    where s.return_id = ${(await pendingReturnOf(db, upload.id)) ?? 0}`.execute(db);
  const row = counts.rows[0] ?? { matched: 0, left_count: 0, changed: 0 };
  const matched = Number(row.matched);
  const left = Number(row.left_count);
  const changed = Number(row.changed);
  return {
    ...compared,
    newRecords: totals.workers - matched,
    leftRecords: left,
    changedRecords: changed,
    removedRecords: previous.worker_count - matched,
    unchangedRecords: matched - left - changed,
    changes: page && left + changed ? await changedRecords(db, engine, upload.id, previous.id, page) : [],
  };
}
