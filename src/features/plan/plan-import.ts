/*
 * Reading an existing action plan from a table in the seeds' columns: Leicestershire's
 * Action · Links to OCW Framework · Outcomes · Timescale · Lead Officer · Resources (Estimated
 * Costs), with optional Priority, Start date, Due date, Success criteria and Funding stream.
 * Header rows repeated at page breaks are skipped. Every problem names its row and column, and
 * nothing is imported unless the whole table is right (the service stages it for review first).
 */
import { z } from 'zod';
import { DEFAULT_THEMES } from '../assessment/framework.ts';
import { entriesOf, keysOf } from '../../lib/records.ts';
import { columnLetter, normaliseName } from '../assessment/historic-import.ts';

const REQUIRED = {
  action: 'Action',
  links: 'Links to OCW Framework',
  outcomes: 'Outcomes',
  timescale: 'Timescale',
  lead: 'Lead Officer',
  resources: 'Resources',
} as const;
const OPTIONAL = {
  priority: 'Priority',
  start: 'Start date',
  due: 'Due date',
  success: 'Success criteria',
  funding: 'Funding stream',
} as const;
type Column = keyof typeof REQUIRED | keyof typeof OPTIONAL;
const HEADINGS: Record<Column, string> = { ...REQUIRED, ...OPTIONAL };

export interface ImportContext {
  users: { id: number; name: string; organisation: string | null }[];
  organisations: string[];
  priorities: { id: number; rank: number; title: string }[];
  defaultPriorityId: number | null;
  /** The organisation of leads named without one who are not users; null: such a lead is an error. */
  defaultOrganisation: string | null;
}

/** One staged action, as the import stores it (as JSON) between the check and the confirmation. */
export const importedActionSchema = z.object({
  row: z.number(),
  title: z.string(),
  priorityId: z.number(),
  themes: z.array(z.number()),
  outcomes: z.string(),
  successCriteria: z.string(),
  startDate: z.string(),
  dueDate: z.string(),
  leadUserId: z.number().nullable(),
  leadName: z.string(),
  leadOrganisation: z.string(),
  costPence: z.number().nullable(),
  fundingStream: z.string(),
});
export type ImportedAction = z.infer<typeof importedActionSchema>;

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Every date written in a timescale: "1st April 2010", "April 2010", "31/03/2011", "2011-03-31". */
export function datesIn(text: string): { first: string; last: string }[] {
  const found: { first: string; last: string }[] = [];
  const lower = text.toLowerCase();
  const named =
    /(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?(january|february|march|april|may|june|july|august|september|october|november|december)\s+(\d{4})/g;
  for (const m of lower.matchAll(named)) {
    const [year, month] = [Number(m[3]), MONTHS.indexOf(m[2] ?? '') + 1];
    const day = m[1] ? Number(m[1]) : null;
    if (day !== null && (day < 1 || day > lastDay(year, month))) continue;
    found.push({
      first: `${year}-${pad(month)}-${pad(day ?? 1)}`,
      last: `${year}-${pad(month)}-${pad(day ?? lastDay(year, month))}`,
    });
  }
  for (const m of lower.matchAll(/\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b/g)) {
    const [year, month, day] = m[4]
      ? [Number(m[4]), Number(m[5]), Number(m[6])]
      : [Number(m[3]), Number(m[2]), Number(m[1])];
    if (month < 1 || month > 12 || day < 1 || day > lastDay(year, month)) continue;
    const iso = `${year}-${pad(month)}-${pad(day)}`;
    found.push({ first: iso, last: iso });
  }
  return found;
}

/** The first sum of money in a resources cell ("Materials (£1000)", "£1,250.50", "2500"), in pence. */
export function costIn(text: string): number | null | 'negative' {
  const trimmed = text.trim();
  if (/^-\s*£?\s*\d/.test(trimmed) || /-\s*£\s*\d/.test(trimmed)) return 'negative';
  const money = /£\s*(\d[\d,]*(?:\.\d{1,2})?)/.exec(trimmed) ?? /^(\d[\d,]*(?:\.\d{1,2})?)$/.exec(trimmed);
  return money ? Math.round(Number((money[1] ?? '').replaceAll(',', '')) * 100) : null;
}

/** The OCWT themes a "Links to OCW Framework" cell names; "all arcs" is the seven arcs. */
export function themesIn(text: string): number[] {
  const wanted = normaliseName(text);
  const themes = new Set<number>();
  if (/\ball arcs\b/.test(wanted)) [1, 2, 3, 4, 5, 6, 7].forEach((t) => themes.add(t));
  for (const theme of DEFAULT_THEMES) {
    const names = [
      theme.name,
      theme.name.replace(/\s*\(.*?\)\s*/g, ' '),
      theme.name.replace(/^Every Child Matters \(ECM\)/, 'ECM'),
    ];
    if (names.some((n) => wanted.includes(normaliseName(n)))) themes.add(theme.position);
  }
  return [...themes].sort((a, b) => a - b);
}

function headerColumns(row: string[]): Partial<Record<Column, number>> {
  const columns: Partial<Record<Column, number>> = {};
  row.forEach((cell, index) => {
    const name = normaliseName(cell);
    for (const [column, heading] of entriesOf(HEADINGS))
      if (columns[column] === undefined && name.startsWith(normaliseName(heading))) columns[column] = index;
  });
  // "Lead" alone heads the lead column too (Derbyshire's "Leads").
  if (columns.lead === undefined) {
    const index = row.findIndex((cell) => /^leads?$/.test(normaliseName(cell)));
    if (index >= 0) columns.lead = index;
  }
  return columns;
}

/** Finds the header row: the first with an Action column and at least three of the others. */
function findHeader(rows: string[][]) {
  for (let i = 0; i < Math.min(rows.length, 30); i++) {
    const columns = headerColumns(rows[i] ?? []);
    const present = keysOf(REQUIRED).filter((c) => columns[c] !== undefined);
    if (columns.action !== undefined && present.length >= 3) return { index: i, columns };
  }
  return null;
}

export function parsePlanTable(
  rows: string[][],
  ctx: ImportContext,
): { actions: ImportedAction[]; problems: string[] } {
  const header = findHeader(rows);
  if (!header)
    return {
      actions: [],
      problems: [`No header row found: the table needs the columns ${Object.values(REQUIRED).join(', ')}`],
    };
  const missing = keysOf(REQUIRED).filter((c) => header.columns[c] === undefined);
  if (missing.length)
    return {
      actions: [],
      problems: [
        `The table is missing the ${missing.length === 1 ? 'column' : 'columns'} ${missing.map((c) => REQUIRED[c]).join(', ')} (header on row ${header.index + 1})`,
      ],
    };
  const actions: ImportedAction[] = [];
  const problems: string[] = [];
  for (let i = header.index + 1; i < rows.length; i++) {
    const row = rows[i] ?? [];
    if (row.every((cell) => !String(cell ?? '').trim())) continue;
    if (findHeader([row])) continue;
    const parsed = parseRow(row, i + 1, header.columns, ctx);
    if ('problems' in parsed) problems.push(...parsed.problems);
    else actions.push(parsed);
  }
  if (!actions.length && !problems.length) problems.push('The table has no actions under its header row');
  return { actions, problems };
}

function parseRow(
  row: string[],
  number: number,
  columns: Partial<Record<Column, number>>,
  ctx: ImportContext,
): ImportedAction | { problems: string[] } {
  const problems: string[] = [];
  const cell = (column: Column) => (columns[column] === undefined ? '' : String(row[columns[column]] ?? '').trim());
  const at = (column: Column) => `Row ${number}, column ${columnLetter(columns[column] ?? 0)} (${HEADINGS[column]})`;
  const title = cell('action')
    .replace(/^\d+[.)]?\s+/, '')
    .replace(/\s+/g, ' ');
  if (!title) problems.push(`${at('action')}: the action is blank`);
  const outcomes = cell('outcomes').replace(/[ \t]+/g, ' ');
  if (!outcomes) problems.push(`${at('outcomes')}: the outcomes are blank`);
  const themes = themesIn(cell('links'));
  if (cell('links') && !themes.length)
    problems.push(`${at('links')}: “${cell('links')}” names no One Children’s Workforce theme`);
  const dates = datesFrom(cell, at, problems);
  const lead = resolveLead(cell('lead'), ctx);
  if (typeof lead === 'string') problems.push(`${at('lead')}: ${lead}`);
  const cost = costIn(cell('resources'));
  if (cost === 'negative') problems.push(`${at('resources')}: the cost cannot be negative`);
  const priorityId = resolvePriority(cell('priority'), ctx);
  if (priorityId === null)
    problems.push(
      `${at('priority')}: “${cell('priority')}” is not a priority of this plan; use its rank or title, or choose one on the upload page`,
    );
  if (problems.length || typeof lead === 'string' || priorityId === null) return { problems };
  return {
    row: number,
    title: title.slice(0, 500),
    priorityId,
    themes,
    outcomes: outcomes.slice(0, 4000),
    successCriteria: cell('success').slice(0, 4000),
    ...dates,
    ...lead,
    costPence: cost === 'negative' ? null : cost,
    fundingStream: cell('funding').slice(0, 200),
  };
}

function datesFrom(cell: (c: Column) => string, at: (c: Column) => string, problems: string[]) {
  const start = datesIn(cell('start'))[0]?.first;
  const due = datesIn(cell('due'))[0]?.last;
  const inTimescale = datesIn(cell('timescale'));
  const startDate = start ?? inTimescale.map((d) => d.first).sort()[0] ?? '';
  const dueDate =
    due ??
    inTimescale
      .map((d) => d.last)
      .sort()
      .at(-1) ??
    '';
  if (!startDate || !dueDate)
    problems.push(
      `${at('timescale')}: no date found in “${cell('timescale')}”; write a date such as “April 2010”, or add Start date and Due date columns`,
    );
  else if (dueDate < startDate) problems.push(`${at('due')}: the due date is before the start date`);
  return { startDate, dueDate };
}

function resolveLead(text: string, ctx: ImportContext) {
  const name = text.replace(/\s+/g, ' ').trim();
  if (!name) return 'the lead officer is blank';
  const user = ctx.users.find((u) => normaliseName(u.name) === normaliseName(name));
  if (user) return { leadUserId: user.id, leadName: user.name, leadOrganisation: user.organisation ?? '' };
  const comma = name.lastIndexOf(',');
  const organisation =
    comma > 0 ? ctx.organisations.find((o) => normaliseName(o) === normaliseName(name.slice(comma + 1))) : undefined;
  if (organisation) return { leadUserId: null, leadName: name.slice(0, comma).trim(), leadOrganisation: organisation };
  if (ctx.defaultOrganisation)
    return { leadUserId: null, leadName: name.slice(0, 200), leadOrganisation: ctx.defaultOrganisation };
  return `“${name}” is not a user of this partnership; write it as “Name, Organisation” with one of the partnership’s organisations, or choose the organisation of such leads on the upload page`;
}

function resolvePriority(text: string, ctx: ImportContext): number | null {
  if (!text) return ctx.defaultPriorityId;
  const byRank = /^\d+$/.test(text) ? ctx.priorities.find((p) => p.rank === Number(text)) : undefined;
  const byTitle = ctx.priorities.find((p) => normaliseName(p.title) === normaliseName(text));
  return (byRank ?? byTitle)?.id ?? null;
}
