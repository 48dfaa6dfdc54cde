/*
 * The CSV files coordinators import (issue 14, points 2 and 4): practitioners, and one session's
 * attendance. Pure: every row is checked and every problem named by row and column, so a file is
 * taken whole or not at all.
 */
import { z } from 'zod';
import { checkPractitioner, EMAIL, type PractitionerDetails } from './registration-input.ts';

export const MAX_IMPORT_ROWS = 5000;

export interface CsvTable {
  records: { row: number; values: Record<string, string> }[];
  problems: string[];
}

const key = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/** Rows keyed by their header (case and spacing ignored: "Line manager email" is line_manager_email); row 1 is the header. */
export function csvTable(rows: string[][], required: string[][], aliases: Record<string, string> = {}): CsvTable {
  const [header = [], ...body] = rows;
  const names = header.map((h) => aliases[key(h)] ?? key(h));
  const problems: string[] = [];
  for (const options of required)
    if (!options.some((o) => names.includes(o)))
      problems.push(`The header row has no ${options.map((o) => `“${o}”`).join(' or ')} column`);
  const records = body
    .map((cells, i) => ({
      row: i + 2,
      values: Object.fromEntries(names.map((n, c) => [n, (cells[c] ?? '').trim()])),
    }))
    .filter((r) => Object.values(r.values).some(Boolean));
  if (!records.length && !problems.length) problems.push('The file has no rows under its header');
  if (records.length > MAX_IMPORT_ROWS)
    problems.push(`The file has ${records.length} rows: import at most ${MAX_IMPORT_ROWS} at a time`);
  return { records, problems };
}

export interface StagedPractitioner extends PractitionerDetails {
  row: number;
  organisation_id: number;
  organisation_name: string;
}

/** A staged practitioner as stored for review (training_imports.rows_json). */
export const stagedPractitioner: z.ZodType<StagedPractitioner> = z.object({
  row: z.number(),
  organisation_id: z.number(),
  organisation_name: z.string(),
  name: z.string(),
  email: z.string(),
  job_role: z.string(),
  line_manager_email: z.string(),
  worker_id: z.string().nullable(),
});

export interface PractitionerContext {
  /** Organisations by lower-case name. */
  organisations: Map<string, { id: number; name: string }>;
  /** The organisation of a row that names none (a training contact's own), or null when each row must name one. */
  fallback: { id: number; name: string } | null;
  /** Email addresses already held as practitioners. */
  taken: Set<string>;
}

/** Checks a practitioners file: each row's details, its organisation, and addresses held or repeated. */
export function checkPractitionerRows(table: CsvTable, ctx: PractitionerContext) {
  const problems = [...table.problems];
  const rows: StagedPractitioner[] = [];
  const seen = new Map<string, number>();
  for (const { row, values } of table.records) {
    const { details, errors } = checkPractitioner(values, 'other');
    const named = values.organisation ?? '';
    const organisation = named ? ctx.organisations.get(named.toLowerCase()) : ctx.fallback;
    if (!organisation)
      errors.organisation = named
        ? `“${named}” is not an organisation of this partnership${ctx.fallback ? ' you may add people to' : ''}`
        : 'Give the practitioner’s organisation';
    else if (ctx.fallback && organisation.id !== ctx.fallback.id)
      errors.organisation = `You can add people to ${ctx.fallback.name} only`;
    if (!errors.email && ctx.taken.has(details.email))
      errors.email = `${details.email} is already registered as a practitioner`;
    else if (!errors.email && seen.has(details.email))
      errors.email = `${details.email} is also on row ${seen.get(details.email)}`;
    seen.set(details.email, seen.get(details.email) ?? row);
    for (const [column, message] of Object.entries(errors)) problems.push(`Row ${row}, ${column}: ${message}`);
    if (organisation && !Object.keys(errors).length)
      rows.push({ ...details, row, organisation_id: organisation.id, organisation_name: organisation.name });
  }
  return { rows, problems };
}

export const ATTENDANCE_MARKS: Record<string, 'attended' | 'partially_attended' | 'no_show'> = {
  attended: 'attended',
  yes: 'attended',
  partial: 'partially_attended',
  partially_attended: 'partially_attended',
  partly: 'partially_attended',
  no_show: 'no_show',
  did_not_attend: 'no_show',
  dna: 'no_show',
  no: 'no_show',
};

export interface RegisterEntry {
  id: number;
  email: string;
  name: string;
}

export interface StagedMark {
  row: number;
  bookingId: number;
  name: string;
  mark: 'attended' | 'partially_attended' | 'no_show';
}

/** A staged mark as stored for review (training_imports.rows_json). */
export const stagedMark: z.ZodType<StagedMark> = z.object({
  row: z.number(),
  bookingId: z.number(),
  name: z.string(),
  mark: z.enum(['attended', 'partially_attended', 'no_show']),
});

/** Checks an attendance file against the session's register; a person not on it is named, to be added as a walk-in. */
export function checkAttendanceRows(table: CsvTable, register: RegisterEntry[]) {
  const problems = [...table.problems];
  const marks: StagedMark[] = [];
  const seen = new Map<number, number>();
  const byEmail = new Map(register.map((r) => [r.email, r]));
  const byId = new Map(register.map((r) => [r.id, r]));
  for (const { row, values } of table.records) {
    const reference = (values.booking ?? '').replace(/^#/, '');
    const email = (values.email ?? '').toLowerCase();
    const mark = ATTENDANCE_MARKS[key(values.attendance ?? '')];
    let entry: RegisterEntry | undefined;
    if (reference) {
      entry = /^\d{1,9}$/.test(reference) ? byId.get(Number(reference)) : undefined;
      if (!entry) problems.push(`Row ${row}, booking: ${reference} is not a booking on this session’s register`);
    } else if (!EMAIL.test(email))
      problems.push(`Row ${row}: give the booking reference or the person’s email address`);
    else {
      entry = byEmail.get(email);
      if (!entry) {
        problems.push(`Row ${row}, email: ${email} is not booked on this session: add them as a walk-in`);
      }
    }
    if (!mark)
      problems.push(`Row ${row}, attendance: enter attended, partial or no-show (not “${values.attendance ?? ''}”)`);
    if (entry && seen.has(entry.id)) problems.push(`Row ${row}: ${entry.name} is also on row ${seen.get(entry.id)}`);
    else if (entry && mark) {
      seen.set(entry.id, row);
      marks.push({ row, bookingId: entry.id, name: entry.name, mark });
    }
  }
  return { marks, problems };
}
