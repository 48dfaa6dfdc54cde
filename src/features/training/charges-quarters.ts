/*
 * Quarters of the financial year (April to March), as councils' finance systems count them:
 * "2026-Q1" is April to June 2026, "2026-Q4" January to March 2027.
 */
import { formatDate } from '../../lib/dates.ts';

export interface Quarter {
  code: string;
  /** First and last day, both included (YYYY-MM-DD). */
  from: string;
  to: string;
  label: string;
}

const QUARTER = /^(\d{4})-Q([1-4])$/;
const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

export const isQuarterCode = (code: string): boolean => QUARTER.test(code);

export function quarter(code: string): Quarter {
  const match = QUARTER.exec(code);
  if (!match) throw new Error(`Not a quarter: ${code}`);
  const startYear = Number(match[1]);
  const n = Number(match[2]);
  const firstMonth = ((n - 1) * 3 + 3) % 12; // 0-based month after the first: April = 3
  const year = n === 4 ? startYear + 1 : startYear;
  const from = `${year}-${pad(firstMonth + 1)}-01`;
  const to = `${year}-${pad(firstMonth + 3)}-${pad(lastDay(year, firstMonth + 3))}`;
  return {
    code,
    from,
    to,
    label: `Q${n} ${startYear}-${String(startYear + 1).slice(2)} (${formatDate(from)} to ${formatDate(to)})`,
  };
}

/** The quarter a date falls in. */
export function quarterOf(date: string): Quarter {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const startYear = month < 4 ? year - 1 : year;
  const n = month < 4 ? 4 : Math.floor((month - 4) / 3) + 1;
  return quarter(`${startYear}-Q${n}`);
}

/** The quarter `count` quarters before (negative: after) the given one. */
export function quarterBefore(code: string, count = 1): Quarter {
  const match = QUARTER.exec(code);
  if (!match) throw new Error(`Not a quarter: ${code}`);
  const index = Number(match[1]) * 4 + Number(match[2]) - 1 - count;
  return quarter(`${Math.floor(index / 4)}-Q${(index % 4) + 1}`);
}
