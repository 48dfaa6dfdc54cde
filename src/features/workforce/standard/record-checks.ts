/** Checks one worker or vacancy record (already keyed by standard field) and builds the typed record. */
import { cellText, FieldFailure, fieldParsers } from './field-values.ts';
import type { FieldParsers } from './field-values.ts';
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

export interface CheckContext {
  censusDate: string;
  sheet?: string;
  /** The organisation's full-time weekly hours (HOURS_PER_FTE unless set). */
  fullTimeHours?: number;
}
type Raw = Partial<Record<string, unknown>>;

/** Full-time weekly hours where the organisation has not set its own. */
export const HOURS_PER_FTE = 37;
/** FTE to two decimals from weekly hours: above full-time hours it is above 1 (40 at 37 → 1.08). */
export const fteFromHours = (hours: number, fullTimeHours = HOURS_PER_FTE): number =>
  Math.round((hours / fullTimeHours) * 100) / 100;
const FTE_TOLERANCE = 0.1;
const NI_NUMBER = /^(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PERSON_NAME = /^[A-Z][a-z'-]+( [A-Z][a-z'-]+)+$/;

const MAX_VALUE = 100;

export function problem(
  ctx: { sheet?: string },
  severity: Problem['severity'],
  kind: string,
  row: number | null,
  column: string | null,
  given: string | null,
  advice: string,
): Problem {
  const value = given !== null && given.length > MAX_VALUE ? `${given.slice(0, MAX_VALUE)}…` : given;
  const where = row === null ? '' : `Row ${row}${column ? `, ${column}` : ''}${value ? ` '${value}'` : ''}: `;
  const text = where ? where + advice : advice.charAt(0).toUpperCase() + advice.slice(1);
  const p: Problem = { severity, kind, row, column, value, message: text.endsWith('.') ? text : `${text}.` };
  if (ctx.sheet) p.sheet = ctx.sheet;
  return p;
}

const ROLE_SERVICES = new Map<string, readonly string[]>(JOB_ROLES.map((r) => [r.code, r.services]));
const WORKER_SPECS = WORKER_FIELDS.map((n) => WORKER_FIELD_SPECS[n]);
const VACANCY_SPECS = VACANCY_FIELDS.map((n) => VACANCY_FIELD_SPECS[n]);
const WORKER_PARSERS = WORKER_SPECS.map(fieldParsers);
const VACANCY_PARSERS = VACANCY_SPECS.map(fieldParsers);

/** For each field of the standard (in order), the column that holds it (-1: none). */
export type FieldColumns = Int32Array;
export const fieldColumns = (kind: 'workers' | 'vacancies', byField: ReadonlyMap<string, number>): FieldColumns =>
  Int32Array.from(kind === 'workers' ? WORKER_FIELDS : VACANCY_FIELDS, (f) => byField.get(f) ?? -1);

/** A CSV line read in place: its value c is text.slice(bounds[2c], bounds[2c + 1]), for c < count (then ''). */
export interface Cells {
  text: string;
  bounds: Int32Array;
  count: number;
}

/** A row's raw values: a record keyed by field name, an array of values by column, or cells of a line, by column. */
interface Source {
  raw: Raw | null;
  values: readonly unknown[];
  cells: Cells | null;
  columns: FieldColumns;
}
const NO_COLUMNS = new Int32Array(0);

/** The raw value of field k (as a string for cells). */
function given(source: Source, k: number, name: string): unknown {
  if (source.raw !== null) return source.raw[name];
  const c = source.columns[k];
  if (c < 0) return undefined;
  const cells = source.cells;
  if (cells === null) return source.values[c] ?? '';
  return c < cells.count ? cells.text.slice(cells.bounds[2 * c], cells.bounds[2 * c + 1]) : '';
}

/** There is a raw value for field k, and it is blank. */
function isBlankGiven(source: Source, k: number, name: string): boolean {
  const { cells, columns } = source;
  if (cells !== null && columns[k] >= 0 && columns[k] < cells.count) {
    // without making the cell's string, where it can
    const start = cells.bounds[2 * columns[k]];
    if (start === cells.bounds[2 * columns[k] + 1]) return true;
    const first = cells.text.charCodeAt(start);
    if (first > 32 && first < 127) return false;
  }
  const value = given(source, k, name);
  return value !== undefined && cellText(value) === '';
}

/**
 * Parses every field in the order of the standard into `out` (null when blank or unreadable), adding a problem
 * for each unreadable or missing required value.
 */
function parseAll(
  specs: readonly FieldSpec[],
  parsers: readonly FieldParsers[],
  source: Source,
  out: unknown[],
  row: number,
  ctx: CheckContext,
  problems: Problem[],
): void {
  const { cells, columns } = source;
  for (let k = 0; k < specs.length; k++) {
    let parsed: unknown;
    if (cells !== null) {
      const c = columns[k];
      parsed =
        c >= 0 && c < cells.count ? parsers[k].cell(cells.text, cells.bounds[2 * c], cells.bounds[2 * c + 1]) : null;
    } else parsed = parsers[k].value(given(source, k, specs[k].name));
    if (parsed === null) {
      out[k] = null;
      if (specs[k].required === 'required') {
        const name = specs[k].name;
        problems.push(problem(ctx, 'error', 'missing_required', row, name, null, `${name} is required: enter a value`));
      }
    } else if (parsed instanceof FieldFailure) {
      out[k] = null;
      problems.push(
        problem(
          ctx,
          'error',
          parsed.kind,
          row,
          specs[k].name,
          cellText(given(source, k, specs[k].name)),
          parsed.advice,
        ),
      );
    } else out[k] = parsed;
  }
}

/** The record's fields in the order of the standard (WORKER_FIELDS). */
const workerRecord = (v: readonly unknown[]): WorkerRecord =>
  ({
    worker_id: v[0],
    service: v[1],
    job_role: v[2],
    job_role_other: v[3],
    workforce_group: v[4],
    employment_type: v[5],
    contract_type: v[6],
    fte: v[7],
    contracted_hours: v[8],
    start_date: v[9],
    leaving_date: v[10],
    leaving_reason: v[11],
    birth_year: v[12],
    sex: v[13],
    gender_identity: v[14],
    ethnicity: v[15],
    disability: v[16],
    qualification_level: v[17],
    apprentice: v[18],
    sickness_days: v[19],
    safeguarding_level: v[20],
    manager: v[21],
  }) as WorkerRecord;
const vacancyRecord = (v: readonly unknown[]): VacancyRecord =>
  ({ job_role: v[0], service: v[1], vacant_fte: v[2], agency_cover_fte: v[3] }) as VacancyRecord;

function checkWorkerId(id: string, row: number, ctx: CheckContext, problems: Problem[]): void {
  const never =
    'never send names, email addresses or National Insurance numbers; use a pseudonymous ID such as a staff number code';
  if (id.length >= 9 && id.length <= 13 && NI_NUMBER.test(id))
    problems.push(
      problem(
        ctx,
        'error',
        'personal_identifier',
        row,
        'worker_id',
        null,
        `this looks like a National Insurance number: ${never}`,
      ),
    );
  else if (id.includes('@') && EMAIL.test(id))
    problems.push(
      problem(
        ctx,
        'error',
        'personal_identifier',
        row,
        'worker_id',
        null,
        `this looks like an email address: ${never}`,
      ),
    );
  else if (id.includes(' ') && PERSON_NAME.test(id))
    problems.push(
      problem(ctx, 'warning', 'possible_name', row, 'worker_id', null, `this looks like a person's name: ${never}`),
    );
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

const hasError = (problems: readonly Problem[], from: number): boolean => {
  for (let i = from; i < problems.length; i++) if (problems[i].severity === 'error') return true;
  return false;
};
const warn = (
  problems: Problem[],
  ctx: CheckContext,
  row: number,
  kind: string,
  column: string,
  value: unknown,
  advice: string,
) => problems.push(problem(ctx, 'warning', kind, row, column, value === null ? null : String(value), advice));
const fail = (
  problems: Problem[],
  ctx: CheckContext,
  row: number,
  kind: string,
  column: string,
  value: unknown,
  advice: string,
) => problems.push(problem(ctx, 'error', kind, row, column, value === null ? null : String(value), advice));

/** The checks across a worker's fields; `contractBlank`: there is a contract_type column, blank in this row. */
function checkWorkerFields(
  r: WorkerRecord,
  contractBlank: boolean,
  row: number,
  ctx: CheckContext,
  problems: Problem[],
): void {
  if (r.worker_id) checkWorkerId(r.worker_id, row, ctx, problems);
  if (r.job_role === 'other' && !r.job_role_other)
    fail(
      problems,
      ctx,
      row,
      'missing_required',
      'job_role_other',
      null,
      'describe the job role in job_role_other when job_role is "other"',
    );
  if (
    r.job_role &&
    r.service &&
    r.job_role !== 'other' &&
    !ROLE_SERVICES.get(r.job_role)?.includes(r.service as never)
  ) {
    warn(
      problems,
      ctx,
      row,
      'role_service_mismatch',
      'job_role',
      r.job_role,
      `this job role is not usually in the ${r.service} service: check the service and job role`,
    );
  }
  if (r.employment_type === 'employee' && !r.contract_type && contractBlank) {
    fail(
      problems,
      ctx,
      row,
      'missing_required',
      'contract_type',
      null,
      'contract_type is required for employees: enter permanent, fixed_term, bank_casual or zero_hours',
    );
  }
  if (r.employment_type === 'volunteer' && r.contract_type) {
    warn(
      problems,
      ctx,
      row,
      'contract_type_for_volunteer',
      'contract_type',
      r.contract_type,
      'leave contract_type blank for volunteers; it was ignored',
    );
    r.contract_type = null;
  }
  const fullTime = ctx.fullTimeHours ?? HOURS_PER_FTE;
  if (
    r.fte !== null &&
    r.contracted_hours !== null &&
    r.contracted_hours > 0 &&
    Math.abs(r.fte - r.contracted_hours / fullTime) > FTE_TOLERANCE
  ) {
    warn(
      problems,
      ctx,
      row,
      'fte_hours_mismatch',
      'fte',
      r.fte,
      `${r.contracted_hours} contracted hours is about ${(r.contracted_hours / fullTime).toFixed(2)} FTE (at ${fullTime} full-time hours a week): check fte and contracted_hours`,
    );
  }
  if (r.start_date && r.start_date > ctx.censusDate) {
    fail(
      problems,
      ctx,
      row,
      'start_after_census',
      'start_date',
      r.start_date,
      `the start date is after the census date (${ctx.censusDate}): only include people in post or who left in the year`,
    );
  }
  if (r.leaving_date) {
    if (r.start_date && r.leaving_date < r.start_date)
      fail(
        problems,
        ctx,
        row,
        'leaving_before_start',
        'leaving_date',
        r.leaving_date,
        `the leaving date is before the start date (${r.start_date}): check both dates`,
      );
    if (r.leaving_date > ctx.censusDate)
      fail(
        problems,
        ctx,
        row,
        'leaving_after_census',
        'leaving_date',
        r.leaving_date,
        `the leaving date is after the census date (${ctx.censusDate}): people leaving later are still in post, so leave it blank`,
      );
    else if (r.leaving_date <= yearBefore(ctx.censusDate))
      warn(
        problems,
        ctx,
        row,
        'leaving_before_year',
        'leaving_date',
        r.leaving_date,
        'this person left more than 12 months before the census date: only include leavers from the last 12 months',
      );
    if (!r.leaving_reason)
      warn(
        problems,
        ctx,
        row,
        'leaving_reason_missing',
        'leaving_reason',
        null,
        'enter a leaving reason for people who left',
      );
  } else if (r.leaving_reason) {
    warn(
      problems,
      ctx,
      row,
      'leaving_reason_without_date',
      'leaving_reason',
      r.leaving_reason,
      'a leaving reason was given without a leaving date: add the date or remove the reason',
    );
  }
  if (r.birth_year !== null) {
    const age = censusYear(ctx.censusDate) - r.birth_year;
    if (age < 14 || age > 80)
      fail(
        problems,
        ctx,
        row,
        'age_out_of_range',
        'birth_year',
        r.birth_year,
        `this gives an age of ${age} at the census date: check the year of birth (ages 14 to 80 are accepted)`,
      );
  }
}

const workerValues: unknown[] = new Array(WORKER_FIELDS.length).fill(null);
const vacancyValues: unknown[] = new Array(VACANCY_FIELDS.length).fill(null);
const CONTRACT = WORKER_FIELDS.indexOf('contract_type');

function checkWorkerSource(source: Source, row: number, ctx: CheckContext, problems: Problem[]): WorkerRecord | null {
  const from = problems.length;
  parseAll(WORKER_SPECS, WORKER_PARSERS, source, workerValues, row, ctx, problems);
  const r = workerRecord(workerValues);
  checkWorkerFields(r, isBlankGiven(source, CONTRACT, 'contract_type'), row, ctx, problems);
  return hasError(problems, from) ? null : r;
}

/**
 * Checks one worker row whose raw value for each field k of WORKER_FIELDS is `values[columns[k]]`, or the cell
 * `columns[k]` of `cells`, adding its problems to `problems`. Returns the typed record, or null when it has an error.
 */
export const checkWorkerRow = (
  values: readonly unknown[],
  cells: Cells | null,
  columns: FieldColumns,
  row: number,
  ctx: CheckContext,
  problems: Problem[],
): WorkerRecord | null => checkWorkerSource({ raw: null, values, cells, columns }, row, ctx, problems);

export function checkWorker(
  raw: Raw,
  row: number,
  ctx: CheckContext,
): { record: WorkerRecord | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const record = checkWorkerSource({ raw, values: [], cells: null, columns: NO_COLUMNS }, row, ctx, problems);
  return { record, problems };
}

function checkVacancySource(source: Source, row: number, ctx: CheckContext, problems: Problem[]): VacancyRecord | null {
  const from = problems.length;
  parseAll(VACANCY_SPECS, VACANCY_PARSERS, source, vacancyValues, row, ctx, problems);
  const r = vacancyRecord(vacancyValues);
  if (r.agency_cover_fte !== null && r.vacant_fte !== null && r.agency_cover_fte > r.vacant_fte) {
    problems.push(
      problem(
        ctx,
        'warning',
        'agency_exceeds_vacancies',
        row,
        'agency_cover_fte',
        String(r.agency_cover_fte),
        `agency cover is more than the vacant FTE (${r.vacant_fte}): check both`,
      ),
    );
  }
  return hasError(problems, from) ? null : r;
}

/** As checkWorkerRow, for a vacancy row. */
export const checkVacancyRow = (
  values: readonly unknown[],
  cells: Cells | null,
  columns: FieldColumns,
  row: number,
  ctx: CheckContext,
  problems: Problem[],
): VacancyRecord | null => checkVacancySource({ raw: null, values, cells, columns }, row, ctx, problems);

export function checkVacancy(
  raw: Raw,
  row: number,
  ctx: CheckContext,
): { record: VacancyRecord | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const record = checkVacancySource({ raw, values: [], cells: null, columns: NO_COLUMNS }, row, ctx, problems);
  return { record, problems };
}
