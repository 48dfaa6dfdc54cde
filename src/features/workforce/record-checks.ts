/** Checks one worker or vacancy record (already keyed by standard field) and builds the typed record. */
import { cellText, FieldFailure, parseField } from './field-values.ts';
import { JOB_ROLES, VACANCY_FIELD_SPECS, VACANCY_FIELDS, WORKER_FIELD_SPECS, WORKER_FIELDS } from './standard.ts';
import type { FieldSpec, VacancyRecord, WorkerRecord } from './standard.ts';

export interface Problem {
  severity: 'error' | 'warning';
  kind: string;
  row: number | null;
  column: string | null;
  value: string | null;
  message: string;
  sheet?: string;
}

export interface CheckContext { censusDate: string; sheet?: string }
type Raw = Partial<Record<string, unknown>>;

export const HOURS_PER_FTE = 37;
const FTE_TOLERANCE = 0.1;
const NI_NUMBER = /^(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PERSON_NAME = /^[A-Z][a-z'-]+( [A-Z][a-z'-]+)+$/;

const MAX_VALUE = 100;

export function problem(ctx: { sheet?: string }, severity: Problem['severity'], kind: string, row: number | null,
  column: string | null, given: string | null, advice: string): Problem {
  const value = given !== null && given.length > MAX_VALUE ? `${given.slice(0, MAX_VALUE)}…` : given;
  const where = row === null ? '' : `Row ${row}${column ? `, ${column}` : ''}${value ? ` '${value}'` : ''}: `;
  const text = where ? where + advice : advice.charAt(0).toUpperCase() + advice.slice(1);
  const p: Problem = { severity, kind, row, column, value, message: text.endsWith('.') ? text : `${text}.` };
  if (ctx.sheet) p.sheet = ctx.sheet;
  return p;
}

/** A record with every field null, created by cloning one object so that each record gets the same shape. */
const blankRecord = (names: readonly string[]): Record<string, unknown> => Object.fromEntries(names.map((n) => [n, null]));
const BLANK_WORKER = blankRecord(WORKER_FIELDS);
const BLANK_VACANCY = blankRecord(VACANCY_FIELDS);
const ROLE_SERVICES = new Map<string, readonly string[]>(JOB_ROLES.map((r) => [r.code, r.services]));
const WORKER_SPECS = WORKER_FIELDS.map((n) => WORKER_FIELD_SPECS[n]);
const VACANCY_SPECS = VACANCY_FIELDS.map((n) => VACANCY_FIELD_SPECS[n]);

function parseAll(blank: Record<string, unknown>, specs: readonly FieldSpec[], raw: Raw, row: number, ctx: CheckContext,
  problems: Problem[]): Record<string, unknown> {
  const out = { ...blank };
  for (let k = 0; k < specs.length; k++) {
    const spec = specs[k];
    const name = spec.name;
    const parsed = parseField(spec, raw[name]);
    if (parsed instanceof FieldFailure) {
      problems.push(problem(ctx, 'error', parsed.kind, row, name, cellText(raw[name]), parsed.advice));
    } else if (parsed !== null) {
      out[name] = parsed;
    } else if (spec.required === 'required') {
      problems.push(problem(ctx, 'error', 'missing_required', row, name, null, `${name} is required: enter a value`));
    }
  }
  return out;
}

function checkWorkerId(id: string, row: number, ctx: CheckContext, problems: Problem[]): void {
  const never = 'never send names, email addresses or National Insurance numbers; use a pseudonymous ID such as a staff number code';
  if (id.length >= 9 && id.length <= 13 && NI_NUMBER.test(id)) problems.push(problem(ctx, 'error', 'personal_identifier', row, 'worker_id', null, `this looks like a National Insurance number: ${never}`));
  else if (id.includes('@') && EMAIL.test(id)) problems.push(problem(ctx, 'error', 'personal_identifier', row, 'worker_id', null, `this looks like an email address: ${never}`));
  else if (id.includes(' ') && PERSON_NAME.test(id)) problems.push(problem(ctx, 'warning', 'possible_name', row, 'worker_id', null, `this looks like a person's name: ${never}`));
}

const yearBefore = (date: string): string => `${Number(date.slice(0, 4)) - 1}${date.slice(4)}`;

export function checkWorker(raw: Raw, row: number, ctx: CheckContext): { record: WorkerRecord | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const r = parseAll(BLANK_WORKER, WORKER_SPECS, raw, row, ctx, problems) as unknown as WorkerRecord;
  const warn = (kind: string, column: string, value: unknown, advice: string) =>
    problems.push(problem(ctx, 'warning', kind, row, column, value === null ? null : String(value), advice));
  const fail = (kind: string, column: string, value: unknown, advice: string) =>
    problems.push(problem(ctx, 'error', kind, row, column, value === null ? null : String(value), advice));

  if (r.worker_id) checkWorkerId(r.worker_id, row, ctx, problems);
  if (r.job_role === 'other' && !r.job_role_other) fail('missing_required', 'job_role_other', null, 'describe the job role in job_role_other when job_role is "other"');
  if (r.job_role && r.service && r.job_role !== 'other' && !ROLE_SERVICES.get(r.job_role)?.includes(r.service as never)) {
    warn('role_service_mismatch', 'job_role', r.job_role, `this job role is not usually in the ${r.service} service: check the service and job role`);
  }
  if (r.employment_type === 'employee' && !r.contract_type && raw.contract_type !== undefined && cellText(raw.contract_type) === '') {
    fail('missing_required', 'contract_type', null, 'contract_type is required for employees: enter permanent, fixed_term, bank_casual or zero_hours');
  }
  if (r.employment_type === 'volunteer' && r.contract_type) {
    warn('contract_type_for_volunteer', 'contract_type', r.contract_type, 'leave contract_type blank for volunteers; it was ignored');
    r.contract_type = null;
  }
  if (r.fte !== null && r.contracted_hours !== null && r.contracted_hours > 0
    && Math.abs(r.fte - r.contracted_hours / HOURS_PER_FTE) > FTE_TOLERANCE) {
    warn('fte_hours_mismatch', 'fte', r.fte, `${r.contracted_hours} contracted hours is about ${(r.contracted_hours / HOURS_PER_FTE).toFixed(2)} FTE (at ${HOURS_PER_FTE} hours a week): check fte and contracted_hours`);
  }
  if (r.start_date && r.start_date > ctx.censusDate) {
    fail('start_after_census', 'start_date', r.start_date, `the start date is after the census date (${ctx.censusDate}): only include people in post or who left in the year`);
  }
  if (r.leaving_date) {
    if (r.start_date && r.leaving_date < r.start_date) fail('leaving_before_start', 'leaving_date', r.leaving_date, `the leaving date is before the start date (${r.start_date}): check both dates`);
    if (r.leaving_date > ctx.censusDate) fail('leaving_after_census', 'leaving_date', r.leaving_date, `the leaving date is after the census date (${ctx.censusDate}): people leaving later are still in post, so leave it blank`);
    else if (r.leaving_date <= yearBefore(ctx.censusDate)) warn('leaving_before_year', 'leaving_date', r.leaving_date, 'this person left more than 12 months before the census date: only include leavers from the last 12 months');
    if (!r.leaving_reason) warn('leaving_reason_missing', 'leaving_reason', null, 'enter a leaving reason for people who left');
  } else if (r.leaving_reason) {
    warn('leaving_reason_without_date', 'leaving_reason', r.leaving_reason, 'a leaving reason was given without a leaving date: add the date or remove the reason');
  }
  if (r.birth_year !== null) {
    const age = Number(ctx.censusDate.slice(0, 4)) - r.birth_year;
    if (age < 14 || age > 80) fail('age_out_of_range', 'birth_year', r.birth_year, `this gives an age of ${age} at the census date: check the year of birth (ages 14 to 80 are accepted)`);
  }
  const blocked = problems.some((p) => p.severity === 'error');
  return { record: blocked ? null : r, problems };
}

export function checkVacancy(raw: Raw, row: number, ctx: CheckContext): { record: VacancyRecord | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const r = parseAll(BLANK_VACANCY, VACANCY_SPECS, raw, row, ctx, problems) as unknown as VacancyRecord;
  if (r.agency_cover_fte !== null && r.vacant_fte !== null && r.agency_cover_fte > r.vacant_fte) {
    problems.push(problem(ctx, 'warning', 'agency_exceeds_vacancies', row, 'agency_cover_fte', String(r.agency_cover_fte),
      `agency cover is more than the vacant FTE (${r.vacant_fte}): check both`));
  }
  return { record: problems.some((p) => p.severity === 'error') ? null : r, problems };
}
