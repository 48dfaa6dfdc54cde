/*
 * The one suppression function. Every aggregate that leaves the service layer — page, chart,
 * CSV, XLSX, API, document — passes through here. A count from 1 to threshold−1 is shown as
 * "c" (DfE's symbol for confidential); anything derived from a suppressed count is "c" too.
 */
export const SUPPRESSED = 'c' as const;
export type Suppressed = typeof SUPPRESSED;
export type Shown<T> = T | Suppressed;

export const SUPPRESSION_EXPLANATION = 'c: fewer than the threshold of people, not shown so that no one can be identified';

/** True when a count of people is too small to show. Zero is shown: it identifies no one. */
export function isSmall(count: number, threshold: number): boolean {
  return count > 0 && count < threshold;
}

/** A count as it may be shown. */
export function suppressCount(count: number, threshold: number): Shown<number> {
  return isSmall(count, threshold) ? SUPPRESSED : count;
}

/** A value derived from a group of `count` people (a rate, a mean): shown only when the count is. */
export function suppressDerived<T>(value: T, count: number, threshold: number): Shown<T> {
  return isSmall(count, threshold) ? SUPPRESSED : value;
}

export const isSuppressed = (value: unknown): value is Suppressed => value === SUPPRESSED;
