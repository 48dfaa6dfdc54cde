/*
 * Disclosure control for every aggregate about people (docs/adr/0013, docs/privacy.md): the cell
 * key method of ONS Census 2021 and ABS TableBuilder, followed by rounding.
 * - Every person's record carries a fixed key from 0 to 255 (`recordKey`: an HMAC of the
 *   organisation and pseudonymous worker ID under the partnership's own secret).
 * - A figure about a set of people is a `Tally`: how many they are and the sum of their keys.
 *   The same people give the same key whatever table, filter or format asked for them, so the
 *   same figure always gets the same adjustment and repeating or differencing queries gives noise,
 *   not people.
 * - A count is adjusted by −2 … +2 (looked up from the key) and rounded to the nearest 5; zero
 *   stays zero. An FTE is adjusted by up to ±1 and rounded to a whole number (to the nearest 5 for
 *   groups shown as fewer than 10 people). Totals are protected in their own right, never summed
 *   from protected cells, so they need not add up.
 * - Rates and percentages are computed from protected figures, and hidden ('c') when the group
 *   they describe is shown as fewer than `SMALL_GROUP` people.
 */
import { createHmac } from 'node:crypto';
import { SUPPRESSED, type Shown } from './suppression.ts';

export const ROUNDING_BASE = 5;
/** A rate about a group shown as fewer people than this is hidden. */
export const SMALL_GROUP = 10;
const KEY_RANGE = 256;

/** How many people, and the sum of their record keys. */
export interface Tally {
  n: number;
  k: number;
}
export const NO_ONE: Tally = Object.freeze({ n: 0, k: 0 });
export const plus = (a: Tally, b: Tally): Tally => ({ n: a.n + b.n, k: a.k + b.k });

/** The fixed key of one person's record, 0–255. */
export function recordKeyer(secret: string, organisationId: number): (workerId: string) => number {
  return (workerId) => createHmac('sha256', secret).update(`${organisationId}|${workerId}`).digest()[0]!;
}

/**
 * The key of a group of respondents or other people who carry no record key of their own: from
 * the sum of their row ids, which is the same whichever way the same people are grouped.
 */
export function groupKeyer(secret: string, scope: string): (idSum: number) => number {
  return (idSum) => createHmac('sha256', secret).update(`${scope}|${idSum}`).digest()[0]!;
}

/*
 * The perturbation table: a key (mod 256) → an adjustment. 40% are 0, 20% each ±1, 10% each ±2.
 * It is looked up at the key shifted by the count, so that two figures with the same key but
 * different counts are not adjusted alike.
 */
function adjustment(t: Tally): number {
  const j = (((t.k + 37 * Math.min(t.n, 40)) % KEY_RANGE) + KEY_RANGE) % KEY_RANGE;
  return j < 102 ? 0 : j < 153 ? 1 : j < 204 ? -1 : j < 230 ? 2 : -2;
}
/** A second, independent lookup in [−1, 1) for FTE. */
function fteAdjustment(t: Tally): number {
  const j = (((t.k * 97 + 13 + 11 * Math.min(t.n, 40)) % KEY_RANGE) + KEY_RANGE) % KEY_RANGE;
  return (2 * j) / KEY_RANGE - 1;
}

/**
 * Protection can be switched off only by code (the disclosure attacker's control run in the tests
 * shows that the attacker works); no setting or environment variable reaches it.
 */
export interface Protection {
  on: boolean;
}
export const PROTECTED: Protection = Object.freeze({ on: true });

/** A count of people as it may be shown. */
export function protectCount(t: Tally, p: Protection = PROTECTED): number {
  if (!p.on || t.n <= 0) return t.n;
  return Math.max(0, Math.round((t.n + adjustment(t)) / ROUNDING_BASE) * ROUNDING_BASE);
}

/** The FTE of the people of `t`, as it may be shown. */
export function protectFte(fte: number, t: Tally, p: Protection = PROTECTED): number {
  if (!p.on) return Math.round(fte * 10) / 10;
  if (t.n <= 0 || fte <= 0) return 0;
  const adjusted = Math.max(0, fte + fteAdjustment(t));
  return protectCount(t, p) < SMALL_GROUP ? Math.round(adjusted / ROUNDING_BASE) * ROUNDING_BASE : Math.round(adjusted);
}

/** True when a group is too small for a rate or percentage about it to be shown. */
export const isSmallGroup = (t: Tally, p: Protection = PROTECTED): boolean =>
  p.on ? protectCount(t, p) < SMALL_GROUP : t.n > 0 && t.n < ROUNDING_BASE;

/** A rate or other figure derived from groups: hidden when any of them (with people in it) is small. */
export function protectDerived<T>(value: T, groups: Tally[], p: Protection = PROTECTED): Shown<T> {
  return groups.some((g) => g.n > 0 && isSmallGroup(g, p)) ? SUPPRESSED : value;
}

/**
 * A modelled figure (an expected number of retirements or leavers, the FTE to recruit) is not a
 * count of people: it is rounded to a whole number, not hidden. Only the real groups it is made
 * from can give someone away, and those pass through protectCount / protectFte first.
 */
export const roundModelled = (value: number, p: Protection = PROTECTED): number =>
  p.on ? Math.round(value) : Math.round(value * 10) / 10;

export const DISCLOSURE_NOTE =
  'Counts are rounded to the nearest 5 after a small adjustment, and FTE to whole numbers, so totals may not add up. c: too few people to show a rate.';
export const DISCLOSURE_PAGE = '/workforce/profile/about-the-figures';
