/*
 * Pure rules for strategies and their versions (docs/adr/0026): the version state machine
 * (draft → approved → published, nothing back), the period's checks and how it reads.
 */
import type { StrategyStatus } from '../../db/strategy-schema.ts';
import { FieldErrors, requiredText } from '../plan/plan-input.ts';
import { CHECKLIST } from './checklist.ts';
import { SECTIONS } from './sections.ts';
import { TOKENS, unknownTokens } from './tokens.ts';

export const STATUS_LABELS: Record<StrategyStatus, string> = {
  draft: 'Draft',
  approved: 'Approved',
  published: 'Published',
};

export const STATUS_TAGS: Record<StrategyStatus, string> = {
  draft: 'govuk-tag--grey',
  approved: 'govuk-tag--blue',
  published: 'govuk-tag--green',
};

const NEXT: Record<StrategyStatus, StrategyStatus | null> = {
  draft: 'approved',
  approved: 'published',
  published: null,
};

/** Why a version cannot move from `from` to `to`, or null when it can. */
export function refusedMove(from: StrategyStatus, to: StrategyStatus, number: number): string | null {
  if (NEXT[from] === to) return null;
  if (to === 'approved') return `Version ${number} is ${from}: only a draft can be approved`;
  return `Version ${number} is ${from}: only an approved version can be published`;
}

/** "2026–29" (or "2026–2031" across a century's turn; "2026" for one year). */
export function periodLabel(start: number, end: number): string {
  if (start === end) return String(start);
  const sameCentury = Math.floor(start / 100) === Math.floor(end / 100);
  return `${start}–${sameCentury ? String(end).slice(-2) : end}`;
}

export interface StrategyInput {
  title: string;
  startYear: string;
  endYear: string;
}

const year = (errors: FieldErrors, field: string, text: string, what: string) => {
  const value = Number(text.trim());
  if (!/^\d{4}$/.test(text.trim()) || value < 2000 || value > 2100)
    errors.add(field, `Enter the ${what} as a year from 2000 to 2100, like 2026`);
  return value;
};

export function checkStrategy(input: StrategyInput) {
  const errors = new FieldErrors();
  const title = requiredText(errors, 'title', input.title, 'the strategy’s title', 200);
  const start = year(errors, 'startYear', input.startYear, 'first year');
  const end = year(errors, 'endYear', input.endYear, 'last year');
  if (!errors.fields.startYear && !errors.fields.endYear) {
    if (end < start) errors.add('endYear', 'The last year must be the same as or after the first year');
    else if (end - start > 10) errors.add('endYear', 'A strategy can cover at most 10 years after its first');
  }
  errors.throwIfAny();
  return { title, start_year: start, end_year: end };
}

/** A section's text as saved: at most 20,000 characters and only known figure tokens, each named when not. */
export function checkSectionBody(body: string, sectionTitle: string): { body: string; error?: string } {
  const text = body.replace(/\r\n/g, '\n').trim();
  if (text.length > 20000) return { body: text, error: `${sectionTitle} must be 20,000 characters or fewer` };
  const unknown = unknownTokens(text);
  if (unknown.length)
    return {
      body: text,
      error: `${sectionTitle} uses ${unknown.length === 1 ? 'an unknown figure token' : 'unknown figure tokens'} ${unknown
        .map((t) => `{{ ${t} }}`)
        .join(', ')}: use one of the tokens listed beside the text box`,
    };
  return { body: text };
}

/** Counts for the checklist summary: how many questions answered yes, partly, no, or not yet. */
export function checklistSummary(answers: { answer: string }[]) {
  const count = (a: string) => answers.filter((x) => x.answer === a).length;
  return { yes: count('yes'), partly: count('partly'), no: count('no'), unanswered: CHECKLIST.length - answers.length };
}

export const tokenList = () => Object.entries(TOKENS).map(([name, label]) => ({ name, label }));
export const sectionCount = SECTIONS.length;
