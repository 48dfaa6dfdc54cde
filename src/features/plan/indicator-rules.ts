/*
 * Success indicators (docs/domain.md §3, docs/adr/0023): quarters end on the financial year's
 * quarter ends (30 June, 30 September, 31 December, 31 March); a target is set per financial
 * year (April to March). RAG, after Havering's convention with a configurable tolerance:
 *   green  on target (at or better than it, given the polarity);
 *   amber  off target by no more than the tolerance (default 10% of the target);
 *   red    further off.
 * Direction of travel compares with the quarter before and the same quarter a year before.
 */
import { itemAt } from '../../lib/lists.ts';

export const LIVE_SOURCES = {
  'workforce.turnoverRate': { label: 'Turnover rate (workforce profile)', unit: '%' },
  'workforce.vacancyRate': { label: 'Vacancy rate (workforce profile)', unit: '%' },
  'workforce.agencyRate': { label: 'Agency rate (workforce profile)', unit: '%' },
  'workforce.absenceRate': { label: 'Absence rate (workforce profile)', unit: '%' },
  'workforce.level3PlusPercent': { label: 'Qualified at level 3 or above (workforce profile)', unit: '%' },
  'workforce.headcount': { label: 'Headcount in post (workforce profile)', unit: 'people' },
  // From training (indicators-training.ts, docs/adr/0035): each the training feature's own figure.
  'training.compliance': {
    label: 'Live from training: compliance',
    unit: '%',
    hint: 'People in post compliant with their role’s training requirement at the quarter end, as the compliance matrix counts them',
  },
  'training.attendance': {
    label: 'Live from training: attendance',
    unit: '%',
    hint: 'The training quarterly report’s attendance rate for sessions starting in the quarter',
  },
  'training.peopleTrained': {
    label: 'Live from training: people trained',
    unit: 'people',
    hint: 'Different people who attended a session in full that started in the quarter',
  },
} as const;
export type LiveSource = keyof typeof LIVE_SOURCES;
export const isLiveSource = (source: string): source is LiveSource => source in LIVE_SOURCES;

export const POLARITIES = { higher: 'Higher is better', lower: 'Lower is better' } as const;
export type Polarity = keyof typeof POLARITIES;
export type IndicatorRag = 'green' | 'amber' | 'red' | 'none';
export type Direction = 'better' | 'worse' | 'same' | 'none';

const pad = (n: number) => String(n).padStart(2, '0');

/** The financial quarter ends from the one on or before `today`, going back `count` quarters, oldest first. */
export function quarterEnds(today: string, count: number): string[] {
  let year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const day = Number(today.slice(8, 10));
  const ends: [number, number][] = [
    [3, 31],
    [6, 30],
    [9, 30],
    [12, 31],
  ];
  let index = ends.findLastIndex(([m, d]) => month > m || (month === m && day >= d));
  if (index < 0) {
    index = 3;
    year -= 1;
  }
  const result: string[] = [];
  for (let i = 0; i < count; i++) {
    const [m, d] = itemAt(ends, index, 'quarter end');
    result.unshift(`${year}-${pad(m)}-${pad(d)}`);
    index -= 1;
    if (index < 0) {
      index = 3;
      year -= 1;
    }
  }
  return result;
}

/** The financial year (its starting calendar year) a date falls in: 2027-03-31 is in 2026. */
export const financialYear = (date: string): number =>
  Number(date.slice(0, 4)) - (Number(date.slice(5, 7)) < 4 ? 1 : 0);

export const financialYearLabel = (year: number): string => `${year}–${String((year + 1) % 100).padStart(2, '0')}`;

export function indicatorRag(
  value: number | null,
  target: number | null,
  polarity: Polarity,
  tolerancePercent: number,
): IndicatorRag {
  if (value === null || target === null) return 'none';
  const shortfall = polarity === 'higher' ? target - value : value - target;
  if (shortfall <= 0) return 'green';
  const allowed = (Math.abs(target) * tolerancePercent) / 100;
  return shortfall <= allowed ? 'amber' : 'red';
}

export function direction(now: number | null, before: number | null, polarity: Polarity): Direction {
  if (now === null || before === null) return 'none';
  if (now === before) return 'same';
  return now > before === (polarity === 'higher') ? 'better' : 'worse';
}

export const RAG_WORDS: Record<IndicatorRag, string> = {
  green: 'On target',
  amber: 'Near target',
  red: 'Off target',
  none: 'No target or value',
};
export const DIRECTION_WORDS: Record<Direction, string> = {
  better: 'Better',
  worse: 'Worse',
  same: 'No change',
  none: 'Not known',
};
