/*
 * The compliance forms and the e-learning import's rows, checked into the values stored with one
 * message per field or row that says what to do. Pure: the services look people up and write.
 */
import { z } from 'zod';
import { isIsoDate } from '../../lib/dates.ts';
import { JOB_ROLES } from '../workforce/standard/standard.ts';
import { LEVELS } from './codes.ts';

import { formText as text, type FormValues } from './forms.ts';

export type { FormValues };
const JOB_ROLE_CODES = new Set(JOB_ROLES.map((r) => r.code));

/** Hours as people write them (6, 1.5, 0.25) into minutes, or null. */
export function minutesOf(hours: string, max = 200): number | null {
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(hours.trim())) return null;
  const minutes = Math.round(Number(hours) * 60);
  return minutes > 0 && minutes <= max * 60 ? minutes : null;
}

/** A level as a code (level_3), its name, or "Level 3" / "L3" / "3". */
export function levelOf(value: string): string | null {
  const t = value.trim().toLowerCase();
  if (t in LEVELS) return t;
  const byName = Object.entries(LEVELS).find(([, name]) => name.toLowerCase() === t);
  if (byName) return byName[0];
  const numbered = /^(?:safeguarding\s+)?(?:level\s*|l)?([1-4])$/.exec(t);
  if (numbered) return `level_${numbered[1]}`;
  if (/^working\s*together$/.test(t)) return 'working_together';
  return null;
}

/** A date as YYYY-MM-DD or DD/MM/YYYY, or null when it is not a real date. */
export function dateOf(value: string): string | null {
  const t = value.trim();
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  const [, day = '', month = '', year = ''] = uk ?? [];
  const iso = uk ? `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` : t;
  return isIsoDate(iso) ? iso : null;
}

export function checkRequirement(v: FormValues) {
  const errors: Record<string, string> = {};
  const jobRole = text(v, 'job_role');
  if (!JOB_ROLE_CODES.has(jobRole)) errors.job_role = 'Select the job role';
  const level = text(v, 'level');
  if (!(level in LEVELS)) errors.level = 'Select the level of training the role needs';
  const minutes = minutesOf(text(v, 'hours'));
  if (minutes === null) errors.hours = 'Enter the hours needed as a number from 0.25 to 200, like 6 or 1.5';
  const months = /^\d{1,3}$/.test(text(v, 'period_months')) ? Number(text(v, 'period_months')) : 0;
  if (months < 1 || months > 120) errors.period_months = 'Enter the rolling period in months, from 1 to 120, like 36';
  return { errors, values: { job_role: jobRole, level, minutes: minutes ?? 0, period_months: months } };
}

export function checkRecord(v: FormValues, today: string) {
  const errors: Record<string, string> = {};
  const email = text(v, 'email').toLowerCase();
  if (!email) errors.email = 'Enter the email address of the practitioner who did the training';
  const course = text(v, 'course').replace(/\s+/g, ' ');
  if (!course) errors.course = 'Enter the name of the training';
  else if (course.length > 200) errors.course = 'The name of the training must be 200 characters or fewer';
  const parts = ['day', 'month', 'year'].map((p) => text(v, `date-${p}`));
  const on = dateOf(`${parts[2]}-${(parts[1] ?? '').padStart(2, '0')}-${(parts[0] ?? '').padStart(2, '0')}`);
  if (!on) errors['date-day'] = 'Enter the date the training was done, like 27 3 2026';
  else if (on > today) errors['date-day'] = 'The date the training was done must be today or in the past';
  const minutes = minutesOf(text(v, 'hours'));
  if (minutes === null) errors.hours = 'Enter the hours of training as a number from 0.25 to 200, like 3 or 1.5';
  const level = text(v, 'level');
  if (!(level in LEVELS)) errors.level = 'Select the level of the training';
  return { errors, values: { email, course, completed_on: on ?? '', minutes: minutes ?? 0, level } };
}

export const IMPORT_COLUMNS = ['email', 'worker_id', 'course', 'date', 'hours', 'level'] as const;
export const MAX_IMPORT_ROWS = 50_000;

export interface ImportRow {
  row: number;
  practitionerId: number;
  organisationId: number;
  name: string;
  course: string;
  completedOn: string;
  minutes: number;
  level: string;
}

/** A checked row as staged for review (training_record_imports.rows_json). */
export const importRow: z.ZodType<ImportRow> = z.object({
  row: z.number(),
  practitionerId: z.number(),
  organisationId: z.number(),
  name: z.string(),
  course: z.string(),
  completedOn: z.string(),
  minutes: z.number(),
  level: z.string(),
});

export interface PersonLookup {
  byEmail(email: string): { id: number; organisation_id: number; name: string } | undefined;
  /** Everyone with this worker_id (pseudonymous per organisation, so it may be more than one). */
  byWorkerId(workerId: string): { id: number; organisation_id: number; name: string }[];
}

/** Checks every row of an e-learning file (a header row first); gives the rows or every problem by row. */
export function checkImportRows(table: string[][], people: PersonLookup, today: string) {
  const problems: string[] = [];
  const header = (table[0] ?? []).map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
  const at = (name: string) => header.indexOf(name);
  const missing = ['course', 'date', 'hours', 'level'].filter((c) => at(c) < 0);
  if (at('email') < 0 && at('worker_id') < 0) missing.unshift('email or worker_id');
  if (missing.length)
    return {
      rows: [],
      problems: [
        `The file’s first row must name the columns ${IMPORT_COLUMNS.join(', ')}; it has no ${missing.join(', ')} column. Nothing was imported.`,
      ],
    };
  const body = table.slice(1).filter((r) => r.some((cell) => cell.trim()));
  if (!body.length) return { rows: [], problems: ['The file has a header row but no records. Nothing was imported.'] };
  if (body.length > MAX_IMPORT_ROWS)
    return { rows: [], problems: [`The file has more than ${MAX_IMPORT_ROWS} records: split it into smaller files.`] };
  const rows: ImportRow[] = [];
  const seen = new Map<string, number>();
  table.slice(1).forEach((cells, index) => {
    if (!cells.some((cell) => cell.trim())) return;
    const row = index + 2;
    const cell = (name: string) => (at(name) >= 0 ? (cells[at(name)] ?? '').trim() : '');
    const say = (message: string) => problems.push(`Row ${row}: ${message}`);
    const email = cell('email').toLowerCase();
    const workerId = cell('worker_id');
    let person = email ? people.byEmail(email) : undefined;
    if (email && !person) say(`no practitioner in this partnership has the email address ${email}`);
    if (!email && workerId) {
      const found = people.byWorkerId(workerId);
      if (found.length > 1)
        say(`worker_id ${workerId} belongs to practitioners in more than one organisation: give their email address`);
      else if (!found.length) say(`no practitioner in this partnership has the worker_id ${workerId}`);
      else person = found[0];
    }
    if (!email && !workerId) say('give the practitioner’s email address or worker_id');
    const course = cell('course').replace(/\s+/g, ' ');
    if (!course || course.length > 200) say('give the course name (200 characters or fewer)');
    const on = dateOf(cell('date'));
    if (!on) say(`the date "${cell('date')}" is not a date: write it as YYYY-MM-DD or DD/MM/YYYY`);
    else if (on > today) say(`the date ${on} is in the future`);
    const minutes = minutesOf(cell('hours'));
    if (minutes === null) say(`the hours "${cell('hours')}" must be a number from 0.25 to 200, like 1.5`);
    const level = levelOf(cell('level'));
    if (!level) say(`the level "${cell('level')}" is not one of: ${Object.keys(LEVELS).join(', ')}`);
    if (!person || !course || !on || minutes === null || !level) return;
    const key = `${person.id}|${course.toLowerCase()}|${on}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) return say(`repeats row ${earlier} (the same person, course and date)`);
    seen.set(key, row);
    rows.push({
      row,
      practitionerId: person.id,
      organisationId: person.organisation_id,
      name: person.name,
      course,
      completedOn: on,
      minutes,
      level,
    });
  });
  return { rows, problems };
}
