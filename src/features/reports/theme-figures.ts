/*
 * How the reports show their figures (docs/adr/0033): every one passes through the suppression
 * module. Pure, so the unit tests pin each rule down.
 */
import { changeBetween, type Change } from '../assessment/scoring.ts';
import { isSuppressed, suppressCount, suppressDerived, SUPPRESSED, type Shown } from '../../lib/suppression.ts';
import type { Rag } from '../plan/rag.ts';

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

export type RagCounts = Record<Rag, Shown<number>>;

/** How many actions are in each RAG state, each count through the suppression threshold. */
export function ragCounts(rags: Rag[], threshold: number): RagCounts {
  const count = (rag: Rag) => suppressCount(rags.filter((r) => r === rag).length, threshold);
  return { red: count('red'), amber: count('amber'), green: count('green'), blue: count('blue'), grey: count('grey') };
}

/** A shown figure as text: 'c' for hidden, a dash for nothing. */
export const figureText = (value: Shown<number> | null): string =>
  value === null ? '–' : isSuppressed(value) ? SUPPRESSED : value.toLocaleString('en-GB');

/** A shown mean score as text, always to one decimal ('3.0', not '3'). */
export const scoreText = (value: Shown<number> | null): string =>
  typeof value === 'number' ? value.toFixed(1) : figureText(value);
