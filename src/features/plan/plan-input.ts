/*
 * What the plan's forms send (raw text), and the checks that turn it into values to store, each
 * failure worded for the field it belongs to. Pure: the services call these and add the checks
 * that need the database (the priority, objective and lead exist in this partnership).
 */
import { dateFromInput } from '../../lib/dates.ts';
import { ValidationError } from '../../lib/errors.ts';
import { DEFAULT_STAGES, DEFAULT_THEMES } from '../assessment/framework.ts';
import { formatNumber, formatTwoPlaces } from '../../lib/numbers.ts';

export const THEME_NAMES: Record<string, string> = Object.fromEntries(
  DEFAULT_THEMES.map((t) => [String(t.position), t.name]),
);
export const STAGE_NAMES: Record<string, string> = Object.fromEntries(
  DEFAULT_STAGES.map((s) => [String(s.position), s.name]),
);

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export interface PriorityInput {
  title: string;
  description: string;
  rank: string;
  themes: string[];
  /** The highest residual risk score (1–25) the partnership accepts for this priority; blank is 12. */
  appetite?: string;
}

export interface ObjectiveInput {
  what: string;
  measure: string;
  target: string;
  due: DateParts;
  owner: string;
}

export interface ActionInput {
  title: string;
  priorityId: string;
  objectiveId: string;
  themes: string[];
  stages: string[];
  outcomes: string;
  successCriteria: string;
  leadUserId: string;
  leadName: string;
  leadOrganisation: string;
  start: DateParts;
  due: DateParts;
  cost: string;
  fundingStream: string;
  /** The training courses the action commissions; absent leaves its links as they are. */
  courseIds?: string[];
}

export interface UpdateInput {
  progress: string;
  narrative: string;
}

export const DEFAULT_APPETITE = 12;

const clean = (text: string) => text.trim().replace(/[ \t]+/g, ' ');

export class FieldErrors {
  readonly fields: Record<string, string> = {};
  add(field: string, message: string): void {
    this.fields[field] ??= message;
  }
  throwIfAny(): void {
    if (Object.keys(this.fields).length) throw new ValidationError(this.fields);
  }
}

export function requiredText(errors: FieldErrors, field: string, value: string, what: string, max = 2000): string {
  const text = clean(value);
  if (!text) errors.add(field, `Enter ${what}`);
  else if (text.length > max) errors.add(field, `${capitalise(what)} must be ${max} characters or fewer`);
  return text;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function positions(
  errors: FieldErrors,
  field: string,
  values: string[],
  names: Record<string, string>,
  what: string,
) {
  const unknown = values.filter((v) => !(v in names));
  if (unknown.length) errors.add(field, `Select ${what} from the list`);
  return [...new Set(values.filter((v) => v in names).map(Number))].sort((a, b) => a - b);
}

export function dateField(errors: FieldErrors, field: string, parts: DateParts, what: string): string {
  const iso = dateFromInput(parts);
  if (!iso) errors.add(field, `The ${what} must be a real date, like 31 3 2027`);
  return iso ?? '';
}

/** Pounds as typed ("1,500", "£250.50") to whole pence; blank is no cost given. */
export function costInPence(errors: FieldErrors, field: string, text: string): number | null {
  const value = text.trim().replace(/^£/, '').replaceAll(',', '');
  if (!value) return null;
  if (!/^-?\d+(\.\d{1,2})?$/.test(value)) {
    errors.add(field, 'Enter the cost in pounds, like 1500 or 1,250.50');
    return null;
  }
  const pence = Math.round(Number(value) * 100);
  if (pence < 0) errors.add(field, 'The cost cannot be negative: enter 0 or more');
  else if (pence > 100_000_000_000) errors.add(field, 'The cost must be £1,000,000,000 or less');
  return pence;
}

export function checkPriority(input: PriorityInput) {
  const errors = new FieldErrors();
  const title = requiredText(errors, 'title', input.title, 'the priority', 200);
  const description = requiredText(errors, 'description', input.description, 'what the priority means', 4000);
  const rank = Number(input.rank.trim());
  if (!/^\d{1,3}$/.test(input.rank.trim()) || rank < 1)
    errors.add('rank', 'Enter the rank as a whole number, 1 or more');
  const themes = positions(errors, 'themes', input.themes, THEME_NAMES, 'themes');
  const appetiteText = (input.appetite ?? '').trim() || String(DEFAULT_APPETITE);
  const riskAppetite = Number(appetiteText);
  if (!/^\d{1,2}$/.test(appetiteText) || riskAppetite < 1 || riskAppetite > 25)
    errors.add('appetite', 'Enter the risk appetite as a whole number from 1 to 25');
  errors.throwIfAny();
  return { title, description, rank, themes, risk_appetite: riskAppetite };
}

export function checkObjective(input: ObjectiveInput) {
  const errors = new FieldErrors();
  const what = requiredText(errors, 'what', input.what, 'what the objective will achieve', 1000);
  const measure = requiredText(errors, 'measure', input.measure, 'how it will be measured', 1000);
  const target = requiredText(errors, 'target', input.target, 'the target', 500);
  const due = dateField(errors, 'due', input.due, 'date it is due');
  const owner = requiredText(errors, 'owner', input.owner, 'who owns the objective', 200);
  errors.throwIfAny();
  return { what, measure, target, due_date: due, owner };
}

export function checkUpdate(input: UpdateInput) {
  const errors = new FieldErrors();
  const text = input.progress.trim().replace(/%$/, '');
  const progress = Number(text);
  if (!/^\d{1,3}$/.test(text) || progress > 100)
    errors.add('progress', 'Enter progress as a whole number from 0 to 100');
  const narrative = requiredText(errors, 'narrative', input.narrative, 'what has happened since the last update', 4000);
  errors.throwIfAny();
  return { progress, narrative };
}

/** The action's own fields; the service checks the priority, objective and lead against the database. */
export function checkActionFields(input: ActionInput, errors: FieldErrors) {
  const start = dateField(errors, 'start', input.start, 'start date');
  const due = dateField(errors, 'due', input.due, 'due date');
  if (start && due && due < start) errors.add('due', 'The due date must be the same as or after the start date');
  return {
    title: requiredText(errors, 'title', input.title, 'the action', 500),
    themes: positions(errors, 'themes', input.themes, THEME_NAMES, 'themes'),
    stages: positions(errors, 'stages', input.stages, STAGE_NAMES, 'stages'),
    outcomes: requiredText(errors, 'outcomes', input.outcomes, 'the outcomes the action will bring', 4000),
    success_criteria: clean(input.successCriteria).slice(0, 4000),
    start_date: start,
    due_date: due,
    cost_pence: costInPence(errors, 'cost', input.cost),
    funding_stream: clean(input.fundingStream).slice(0, 200),
  };
}

export const formatPounds = (pence: number | null): string =>
  pence === null ? '' : `£${pence % 100 ? formatTwoPlaces(pence / 100) : formatNumber(pence / 100)}`;

export function parsePositions(json: string): number[] {
  try {
    const list: unknown = JSON.parse(json);
    return Array.isArray(list) ? list.filter((n): n is number => typeof n === 'number') : [];
  } catch {
    return [];
  }
}
