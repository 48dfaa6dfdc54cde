/** The checks across one worker's fields, and a vacancy's: what a field's own parser cannot see. */
import { rowProblems, type CheckContext, type Problem, type RowProblems } from './problem.ts';
import { JOB_ROLES } from './standard.ts';
import type { VacancyRecord, WorkerRecord } from './standard.ts';

/** Full-time weekly hours where the organisation has not set its own. */
export const HOURS_PER_FTE = 37;
/** FTE to two decimals from weekly hours: above full-time hours it is above 1 (40 at 37 → 1.08). */
export const fteFromHours = (hours: number, fullTimeHours = HOURS_PER_FTE): number =>
  Math.round((hours / fullTimeHours) * 100) / 100;
const FTE_TOLERANCE = 0.1;
const NI_NUMBER = /^(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PERSON_NAME = /^[A-Z][a-z'-]+( [A-Z][a-z'-]+)+$/;

const ROLE_SERVICES = new Map<string, readonly string[]>(JOB_ROLES.map((r) => [r.code, r.services]));

const NEVER =
  'never send names, email addresses or National Insurance numbers; use a pseudonymous ID such as a staff number code';

function checkWorkerId(id: string, report: RowProblems): void {
  const identifier = (kind: string) => report.fail('personal_identifier', 'worker_id', null, `${kind}: ${NEVER}`);
  if (id.length >= 9 && id.length <= 13 && NI_NUMBER.test(id))
    identifier('this looks like a National Insurance number');
  else if (id.includes('@') && EMAIL.test(id)) identifier('this looks like an email address');
  else if (id.includes(' ') && PERSON_NAME.test(id))
    report.warn('possible_name', 'worker_id', null, `this looks like a person's name: ${NEVER}`);
}

let lastCensus: string | null = null;
let lastCensusYear = NaN;
/** The census date's year, worked out once per census date rather than for each row. */
function censusYear(date: string): number {
  if (date !== lastCensus) {
    lastCensus = date;
    lastCensusYear = Number(date.slice(0, 4));
  }
  return lastCensusYear;
}

const yearBefore = (date: string): string => `${Number(date.slice(0, 4)) - 1}${date.slice(4)}`;

/** Job role against service, and the contract against the kind of employment. */
function checkRoleAndContract(r: WorkerRecord, contractBlank: boolean, report: RowProblems): void {
  if (r.job_role === 'other' && !r.job_role_other)
    report.fail(
      'missing_required',
      'job_role_other',
      null,
      'describe the job role in job_role_other when job_role is "other"',
    );
  const usual = r.job_role ? ROLE_SERVICES.get(r.job_role) : undefined;
  if (r.job_role && r.service && r.job_role !== 'other' && !usual?.includes(r.service))
    report.warn(
      'role_service_mismatch',
      'job_role',
      r.job_role,
      `this job role is not usually in the ${r.service} service: check the service and job role`,
    );
  if (r.employment_type === 'employee' && !r.contract_type && contractBlank)
    report.fail(
      'missing_required',
      'contract_type',
      null,
      'contract_type is required for employees: enter permanent, fixed_term, bank_casual or zero_hours',
    );
  if (r.employment_type === 'volunteer' && r.contract_type) {
    report.warn(
      'contract_type_for_volunteer',
      'contract_type',
      r.contract_type,
      'leave contract_type blank for volunteers; it was ignored',
    );
    r.contract_type = null;
  }
}

/** FTE against contracted hours, at the organisation's full-time hours. */
function checkHours(r: WorkerRecord, ctx: CheckContext, report: RowProblems): void {
  const fullTime = ctx.fullTimeHours ?? HOURS_PER_FTE;
  if (r.fte === null || r.contracted_hours === null || r.contracted_hours <= 0) return;
  const expected = r.contracted_hours / fullTime;
  if (Math.abs(r.fte - expected) > FTE_TOLERANCE)
    report.warn(
      'fte_hours_mismatch',
      'fte',
      r.fte,
      `${r.contracted_hours} contracted hours is about ${expected.toFixed(2)} FTE (at ${fullTime} full-time hours a week): check fte and contracted_hours`,
    );
}

/** Start and leaving dates against each other and the census date, and the leaving reason. */
function checkDates(r: WorkerRecord, census: string, report: RowProblems): void {
  if (r.start_date && r.start_date > census)
    report.fail(
      'start_after_census',
      'start_date',
      r.start_date,
      `the start date is after the census date (${census}): only include people in post or who left in the year`,
    );
  if (!r.leaving_date) {
    if (r.leaving_reason)
      report.warn(
        'leaving_reason_without_date',
        'leaving_reason',
        r.leaving_reason,
        'a leaving reason was given without a leaving date: add the date or remove the reason',
      );
    return;
  }
  if (r.start_date && r.leaving_date < r.start_date)
    report.fail(
      'leaving_before_start',
      'leaving_date',
      r.leaving_date,
      `the leaving date is before the start date (${r.start_date}): check both dates`,
    );
  if (r.leaving_date > census)
    report.fail(
      'leaving_after_census',
      'leaving_date',
      r.leaving_date,
      `the leaving date is after the census date (${census}): people leaving later are still in post, so leave it blank`,
    );
  else if (r.leaving_date <= yearBefore(census))
    report.warn(
      'leaving_before_year',
      'leaving_date',
      r.leaving_date,
      'this person left more than 12 months before the census date: only include leavers from the last 12 months',
    );
  if (!r.leaving_reason)
    report.warn('leaving_reason_missing', 'leaving_reason', null, 'enter a leaving reason for people who left');
}

/** The checks across a worker's fields; `contractBlank`: there is a contract_type column, blank in this row. */
export function checkWorkerFields(
  r: WorkerRecord,
  contractBlank: boolean,
  row: number,
  ctx: CheckContext,
  problems: Problem[],
): void {
  const report = rowProblems(problems, ctx, row);
  if (r.worker_id) checkWorkerId(r.worker_id, report);
  checkRoleAndContract(r, contractBlank, report);
  checkHours(r, ctx, report);
  checkDates(r, ctx.censusDate, report);
  if (r.birth_year !== null) {
    const age = censusYear(ctx.censusDate) - r.birth_year;
    if (age < 14 || age > 80)
      report.fail(
        'age_out_of_range',
        'birth_year',
        r.birth_year,
        `this gives an age of ${age} at the census date: check the year of birth (ages 14 to 80 are accepted)`,
      );
  }
}

/** Agency cover cannot be more than the vacancies it covers. */
export function checkVacancyFields(r: VacancyRecord, row: number, ctx: CheckContext, problems: Problem[]): void {
  if (r.agency_cover_fte !== null && r.vacant_fte !== null && r.agency_cover_fte > r.vacant_fte)
    rowProblems(problems, ctx, row).warn(
      'agency_exceeds_vacancies',
      'agency_cover_fte',
      r.agency_cover_fte,
      `agency cover is more than the vacant FTE (${r.vacant_fte}): check both`,
    );
}
