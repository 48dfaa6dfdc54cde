/*
 * Training compliance, the written rule (issue 14, point 8; docs/adr/0028):
 * - A requirement is minutes of training at a level within a rolling period of whole months.
 * - Training counts towards it when its level is the required one, or, for the numbered
 *   safeguarding levels, a higher one (Level 4 counts for Level 3). Working Together and Other
 *   count only for a requirement of that same level.
 * - On day T, training dated D counts while D > T − period (the date the same number of months
 *   earlier, the day clamped to the month's end) and D ≤ T.
 * - Compliant: the counted minutes reach the requirement today and will still on today + 90 days.
 *   Due: they reach it today but not on today + 90 (something drops out within 90 days).
 *   Lapsed: they do not reach it today.
 */
import { addDays } from '../../lib/dates.ts';
import { dateParts } from './working-days.ts';

export const DUE_WITHIN_DAYS = 90;

export type ComplianceStatus = 'compliant' | 'due' | 'lapsed';

export const COMPLIANCE_LABELS: Record<ComplianceStatus, string> = {
  compliant: 'Compliant',
  due: 'Due within 90 days',
  lapsed: 'Lapsed',
};

/** The numbered safeguarding levels, by rank; other levels have none. */
export const LEVEL_RANK: Record<string, number> = { level_1: 1, level_2: 2, level_3: 3, level_4: 4 };

export interface Requirement {
  level: string;
  minutes: number;
  periodMonths: number;
}

export interface Entry {
  /** YYYY-MM-DD */
  on: string;
  minutes: number;
  level: string;
}

export function countsFor(required: string, level: string): boolean {
  if (level === required) return true;
  const need = LEVEL_RANK[required];
  const have = LEVEL_RANK[level];
  return need !== undefined && have !== undefined && have >= need;
}

/** The levels whose training counts for a requirement at `required`. */
export const levelsCounting = (required: string, levels: readonly string[]): string[] =>
  levels.filter((level) => countsFor(required, level));

/** YYYY-MM-DD moved by whole months, the day clamped to the last of the month (31 March − 1 month = 28/29 February). */
export function addMonths(isoDate: string, months: number): string {
  const { y, m, d } = dateParts(isoDate);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Training dated after this counts on `day`. */
export const cutoffOn = (day: string, periodMonths: number): string => addMonths(day, -periodMonths);

const minutesOn = (entries: Entry[], day: string, periodMonths: number) => {
  const cutoff = cutoffOn(day, periodMonths);
  return entries.reduce((sum, e) => (e.on > cutoff && e.on <= day ? sum + e.minutes : sum), 0);
};

/** The first day on or after `today` on which the counted minutes fall below the requirement. */
function lapsesOn(requirement: Requirement, counting: Entry[], today: string): string {
  const sorted = counting.filter((e) => e.on <= today).sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  let remaining = sorted.reduce((sum, e) => sum + e.minutes, 0);
  for (const e of sorted) {
    remaining -= e.minutes;
    if (remaining >= requirement.minutes) continue;
    // The first day whose cutoff reaches this entry's date: it no longer counts from then.
    let day = addMonths(e.on, requirement.periodMonths);
    while (cutoffOn(addDays(day, -1), requirement.periodMonths) >= e.on) day = addDays(day, -1);
    while (cutoffOn(day, requirement.periodMonths) < e.on) day = addDays(day, 1);
    return day < today ? today : day;
  }
  return today;
}

export interface PersonCompliance {
  status: ComplianceStatus;
  /** Minutes that count today. */
  minutes: number;
  /** The day the person stops being compliant (today when they are not). */
  lapsesOn: string;
}

/** One person's status on `today` (YYYY-MM-DD) from every training entry they have. */
export function complianceOf(requirement: Requirement, entries: Entry[], today: string): PersonCompliance {
  const counting = entries.filter((e) => countsFor(requirement.level, e.level));
  const now = minutesOn(counting, today, requirement.periodMonths);
  if (now < requirement.minutes) return { status: 'lapsed', minutes: now, lapsesOn: today };
  const later = minutesOn(counting, addDays(today, DUE_WITHIN_DAYS), requirement.periodMonths);
  return {
    status: later >= requirement.minutes ? 'compliant' : 'due',
    minutes: now,
    lapsesOn: lapsesOn(requirement, counting, today),
  };
}
