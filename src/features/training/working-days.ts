/*
 * Working days in England: Monday to Friday, less England's bank holidays. Pure: the caller
 * passes the holidays (bank-holidays.ts loads GOV.UK's published list shipped in reference/).
 * Dates are YYYY-MM-DD text, as everywhere else (src/lib/dates.ts).
 */

const DAY_MS = 86_400_000;

/** A YYYY-MM-DD date's year, month (1–12) and day; an error for anything else. */
export function dateParts(date: string): { y: number; m: number; d: number } {
  const [, y, m, d] = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) ?? [];
  if (y === undefined || m === undefined || d === undefined) throw new Error(`"${date}" is not a YYYY-MM-DD date`);
  return { y: Number(y), m: Number(m), d: Number(d) };
}

const toDay = (date: string): number => {
  const { y, m, d } = dateParts(date);
  return Date.UTC(y, m - 1, d) / DAY_MS;
};

const fromDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

export function isWorkingDay(date: string, holidays: ReadonlySet<string>): boolean {
  const weekday = new Date(toDay(date) * DAY_MS).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.has(date);
}

/**
 * Whole working days strictly between two dates (neither end counted): cancelling on Monday for a
 * course on Friday leaves 3 working days' notice (Tuesday to Thursday). 0 when `to` is not after `from`.
 */
export function workingDaysBetween(from: string, to: string, holidays: ReadonlySet<string>): number {
  let count = 0;
  for (let day = toDay(from) + 1; day < toDay(to); day += 1) if (isWorkingDay(fromDay(day), holidays)) count += 1;
  return count;
}

/** The working day `n` working days after `date` (n ≥ 0; n = 0 is the next working day on or after it). */
export function addWorkingDays(date: string, n: number, holidays: ReadonlySet<string>): string {
  let day = toDay(date);
  while (!isWorkingDay(fromDay(day), holidays)) day += 1;
  for (let left = n; left > 0;) {
    day += 1;
    if (isWorkingDay(fromDay(day), holidays)) left -= 1;
  }
  return fromDay(day);
}

/**
 * Whether cancelling on `today` is late for a session starting on `sessionDate` with a cut-off of
 * `cutoff` working days: late when fewer than `cutoff` working days lie between them.
 */
export function isLateCancellation(today: string, sessionDate: string, cutoff: number, holidays: ReadonlySet<string>) {
  return cutoff > 0 && workingDaysBetween(today, sessionDate, holidays) < cutoff;
}
