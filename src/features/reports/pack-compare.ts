/*
 * Pure rules of the board pack: its financial quarters, when one is due to be drafted, and the
 * direction of travel of each figure against the same figure in the last issued pack.
 */
import { addDays } from '../../lib/dates.ts';
import { isSuppressed, type Shown } from '../../lib/suppression.ts';
import { direction, type Direction, type Polarity } from '../plan/indicator-rules.ts';
import type { Compared } from './pack-types.ts';

const QUARTER_ENDS = ['03-31', '06-30', '09-30', '12-31'];

/** The last day of the financial quarter `date` falls in (30 June, 30 September, 31 December, 31 March). */
export function quarterEndOf(date: string): string {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-${QUARTER_ENDS[Math.floor((month - 1) / 3)]}`;
}

/** The first day of the quarter that ends on `quarterEnd`. */
export function quarterStartOf(quarterEnd: string): string {
  const month = Number(quarterEnd.slice(5, 7)) - 2;
  return `${quarterEnd.slice(0, 4)}-${String(month).padStart(2, '0')}-01`;
}

export const previousQuarterEnd = (quarterEnd: string): string => quarterEndOf(addDays(quarterStartOf(quarterEnd), -1));

export const isQuarterEnd = (value: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && quarterEndOf(value) === value;

/** The quarter whose pack is due to be drafted on `today` (within `days` of its end), or null. */
export function quarterDue(today: string, days: number): string | null {
  const end = quarterEndOf(today);
  return addDays(end, -days) <= today ? end : null;
}

/** "April to June 2027", the quarter a pack covers. */
export function quarterLabel(quarterEnd: string): string {
  const start = quarterStartOf(quarterEnd);
  const month = (iso: string) =>
    new Date(`${iso}T00:00:00Z`).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
  return `${month(start)} to ${month(quarterEnd)} ${quarterEnd.slice(0, 4)}`;
}

const numeric = (value: Shown<number> | null): number | null => (value === null || isSuppressed(value) ? null : value);

/** A figure now and before; the direction is 'none' when either is unknown or suppressed, or nothing is better. */
export function compared(
  now: Shown<number> | null,
  before: Shown<number> | null | undefined,
  polarity: Polarity | 'neither',
): Compared {
  const was = before === undefined ? null : before;
  const travel: Direction =
    polarity === 'neither'
      ? numeric(now) !== null && numeric(was) !== null && numeric(now) === numeric(was)
        ? 'same'
        : 'none'
      : direction(numeric(now), numeric(was), polarity);
  return { now, before: was, direction: travel };
}

/** The value of the row with `key` in an earlier pack's list, if it had one. */
export function earlier<T extends { now: Shown<number> | null }>(
  rows: T[] | undefined,
  match: (row: T) => boolean,
): Shown<number> | null | undefined {
  return rows?.find(match)?.now;
}

export const ARROWS: Record<Direction, string> = { better: '↑', worse: '↓', same: '→', none: '' };

/** "Better ↑ (was 12)" as the pack writes a direction of travel; "" when there is nothing to compare with. */
export function travelText(figure: Compared, format: (value: Shown<number>) => string): string {
  if (figure.before === null) return 'No earlier pack';
  const was = `was ${format(figure.before)}`;
  const words = { better: 'Better', worse: 'Worse', same: 'No change', none: 'Changed' }[figure.direction];
  return `${words}${ARROWS[figure.direction] ? ` ${ARROWS[figure.direction]}` : ''} (${was})`;
}
