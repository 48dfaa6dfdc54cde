/** Checks one worker or vacancy record (already keyed by standard field) and builds the typed record. */
import { fieldParsers } from './field-values.ts';
import type { CheckContext, Problem } from './problem.ts';
import {
  isBlankGiven,
  NO_COLUMNS,
  parseAll,
  type Cells,
  type FieldColumns,
  type Raw,
  type Source,
} from './record-source.ts';
import { VACANCY_FIELDS, WORKER_FIELDS } from './standard.ts';
import { VACANCY_FIELD_SPECS, WORKER_FIELD_SPECS } from './field-specs.ts';
import type { VacancyRecord, WorkerRecord } from './standard.ts';
import { checkVacancyFields, checkWorkerFields } from './worker-checks.ts';

const WORKER_SPECS = WORKER_FIELDS.map((n) => WORKER_FIELD_SPECS[n]);
const VACANCY_SPECS = VACANCY_FIELDS.map((n) => VACANCY_FIELD_SPECS[n]);
const WORKER_PARSERS = WORKER_SPECS.map(fieldParsers);
const VACANCY_PARSERS = VACANCY_SPECS.map(fieldParsers);

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

const hasError = (problems: readonly Problem[], from: number): boolean => {
  for (let i = from; i < problems.length; i++) if (problems[i].severity === 'error') return true;
  return false;
};
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

function checkVacancySource(source: Source, row: number, ctx: CheckContext, problems: Problem[]): VacancyRecord | null {
  const from = problems.length;
  parseAll(VACANCY_SPECS, VACANCY_PARSERS, source, vacancyValues, row, ctx, problems);
  const r = vacancyRecord(vacancyValues);
  checkVacancyFields(r, row, ctx, problems);
  return hasError(problems, from) ? null : r;
}

type SourceCheck<R> = (source: Source, row: number, ctx: CheckContext, problems: Problem[]) => R | null;

/**
 * A row of a file, whose raw value for each field k of the standard is `values[columns[k]]` or the cell
 * `columns[k]` of `cells`: its problems are added to `problems`, and the typed record returned (null on an error).
 */
const fromRow =
  <R>(check: SourceCheck<R>) =>
  (
    values: readonly unknown[],
    cells: Cells | null,
    columns: FieldColumns,
    row: number,
    ctx: CheckContext,
    problems: Problem[],
  ): R | null =>
    check({ raw: null, values, cells, columns }, row, ctx, problems);

/** A record keyed by field name (the API): the typed record (null on an error) and its problems. */
const fromRecord =
  <R>(check: SourceCheck<R>) =>
  (raw: Raw, row: number, ctx: CheckContext): { record: R | null; problems: Problem[] } => {
    const problems: Problem[] = [];
    const record = check({ raw, values: [], cells: null, columns: NO_COLUMNS }, row, ctx, problems);
    return { record, problems };
  };

export const checkWorkerRow = fromRow(checkWorkerSource);
export const checkWorker = fromRecord(checkWorkerSource);
export const checkVacancyRow = fromRow(checkVacancySource);
export const checkVacancy = fromRecord(checkVacancySource);
