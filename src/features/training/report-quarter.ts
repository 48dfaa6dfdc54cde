/*
 * The financial quarters the training report is chosen by (April–June is Q1, as the plan's
 * indicators count them). Pure. A quarter is written `2026-Q3` (the financial year's first
 * calendar year, then the quarter): 2026-Q3 is October to December 2026.
 */
import { MONTHS, todayInLondon } from '../../lib/dates.ts';

export interface Quarter {
  id: string;
  /** First day, YYYY-MM-DD. */
  from: string;
  /** The day after the last, YYYY-MM-DD (sessions starting before it are in the quarter). */
  until: string;
  label: string;
}

const QUARTER_ID = /^(\d{4})-Q([1-4])$/;
const pad = (n: number) => String(n).padStart(2, '0');

/** The quarter an id names, or null when it is not one. */
export function parseQuarter(id: string): Quarter | null {
  const match = QUARTER_ID.exec(id);
  if (!match) return null;
  return quarterFrom(Number(match[1]), Number(match[2]));
}

/** Quarter `q` (1–4) of the financial year starting in April of `year`. */
function quarterFrom(year: number, q: number): Quarter {
  const startMonth = ((q - 1) * 3 + 3) % 12; // 0-based: April (3), July, October, January (0)
  const startYear = q === 4 ? year + 1 : year;
  const endMonth = startMonth + 3;
  const from = `${startYear}-${pad(startMonth + 1)}-01`;
  const until = endMonth === 12 ? `${startYear + 1}-01-01` : `${startYear}-${pad(endMonth + 1)}-01`;
  const fy = `${year}–${pad((year + 1) % 100)}`;
  const label = `Q${q} ${fy} (${MONTHS[startMonth]} to ${MONTHS[startMonth + 2]} ${startYear})`;
  return { id: `${year}-Q${q}`, from, until, label };
}

/** The quarter a date (YYYY-MM-DD) falls in. */
export function quarterOf(date: string): Quarter {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const fyYear = month < 4 ? year - 1 : year;
  const q = month < 4 ? 4 : Math.floor((month - 4) / 3) + 1;
  return quarterFrom(fyYear, q);
}

/** The quarter before this one. */
export function previousQuarter(quarter: Quarter): Quarter {
  const [year, q] = [Number(quarter.id.slice(0, 4)), Number(quarter.id.slice(6))];
  return q === 1 ? quarterFrom(year - 1, 4) : quarterFrom(year, q - 1);
}

/** The last `count` quarters up to the one holding today, newest first: the choices the page offers. */
export function recentQuarters(count: number, today = todayInLondon()): Quarter[] {
  let quarter = quarterOf(today);
  const list = [quarter];
  while (list.length < count) {
    quarter = previousQuarter(quarter);
    list.push(quarter);
  }
  return list;
}

/** The quarter a report shows by default: the last one that has ended. */
export const defaultQuarter = (today = todayInLondon()): Quarter => previousQuarter(quarterOf(today));
