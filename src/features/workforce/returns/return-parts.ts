/*
 * A return has two parts, workers and vacancies (docs/adr/0020). An upload replaces only the parts
 * it carries (has records of); a part it does not carry is kept from the return it replaces, and
 * vacancies are replaced with none only when the submitter says so (CommitOptions.vacancies).
 */
import type { AuditEntry } from '../../audit/service.ts';
import type { ProblemRow, ReturnUpload, StagedTotals, WorkforceReturn } from './returns-repository.ts';

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
