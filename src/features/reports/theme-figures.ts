/*
 * How the reports show their figures (docs/adr/0033, 0034): every count of people passes through
 * the suppression module; counts of actions and risks are exact. Pure, so the unit tests pin each
 * rule down.
 */
import { changeBetween, type Change } from '../assessment/scoring.ts';
import { isSuppressed, suppressCount, suppressDerived, SUPPRESSED, type Shown } from '../../lib/suppression.ts';
import type { Rag } from '../plan/rag.ts';
import { formatNumber } from '../../lib/numbers.ts';

/** A cell's mean score to one decimal, hidden where fewer than `threshold` people scored it; null when no one did. */
export function shownMean(mean: number | null, n: number | null, threshold: number): Shown<number> | null {
  if (mean === null) return null;
  const rounded = Math.round(mean * 10) / 10;
  return n === null ? rounded : suppressDerived(rounded, n, threshold);
}

/** The change between two shown means; not comparable when either is missing or hidden. */
export function shownChange(from: Shown<number> | null, to: Shown<number> | null): { by: string; direction: Change } {
  if (from === null || to === null || isSuppressed(from) || isSuppressed(to))
    return { by: '', direction: 'not comparable' };
  const { by, direction } = changeBetween(from, to);
  return { by, direction };
}

/** The mean of the stage scores that are shown. */
export function shownAverage(values: (Shown<number> | null)[]): number | null {
  const shown = values.filter((v): v is number => typeof v === 'number');
  return shown.length ? Math.round((shown.reduce((a, b) => a + b, 0) / shown.length) * 10) / 10 : null;
}

/** Units whose values are percentages, rates or scores rather than counts of people or things. */
const NOT_A_COUNT = /%|score|rate|days|£/i;
export const isCountUnit = (unit: string): boolean => !NOT_A_COUNT.test(unit);

/**
 * An indicator's value as the reports show it: 'c' where the plan marked it suppressed, and a
 * whole-number count (people, partners, modules) under the threshold hidden too.
 */
export function shownIndicatorValue(
  value: number | null,
  unit: string,
  suppressed: boolean,
  threshold: number,
): Shown<number> | null {
  if (suppressed) return SUPPRESSED;
  if (value === null) return null;
  if (!isCountUnit(unit) || !Number.isInteger(value)) return value;
  return suppressCount(value, threshold);
}

export type RagCounts = Record<Rag, number>;

/** How many actions are in each RAG state: exact, as actions are not people (docs/adr/0034). */
export function ragCounts(rags: Rag[]): RagCounts {
  const count = (rag: Rag) => rags.filter((r) => r === rag).length;
  return { red: count('red'), amber: count('amber'), green: count('green'), blue: count('blue'), grey: count('grey') };
}

/** A shown figure as text: 'c' for hidden, a dash for nothing. */
export const figureText = (value: Shown<number> | null): string =>
  value === null ? '–' : isSuppressed(value) ? SUPPRESSED : formatNumber(value);

/** A shown mean score as text, always to one decimal ('3.0', not '3'). */
export const scoreText = (value: Shown<number> | null): string =>
  typeof value === 'number' ? value.toFixed(1) : figureText(value);
