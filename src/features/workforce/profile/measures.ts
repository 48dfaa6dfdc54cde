/*
 * Workforce measures as the Department for Education defines them for the children's social work
 * workforce census (docs/domain.md §4; docs/adr/0006-workforce-measures.md). Pure functions:
 * each return's records are summed by `recordStatus` into the profile's cells (profile-cells.ts),
 * and these functions turn the sums into rates.
 *
 * For a census date D, the "year" is the 12 months up to D: (D − 1 year, D].
 * - in the workforce at D: start_date null or ≤ D, and leaving_date null or > D (any employment type);
 * - in post (DfE): in the workforce at D AND employment_type 'employee';
 * - agency: in the workforce at D AND employment_type 'agency';
 * - leaver (DfE): employment_type 'employee' with leaving_date in the year (a leaver is not in post);
 * - starter: in post with start_date in the year.
 * Headcount counts distinct people: a return holds one row per (organisation, worker_id).
 * Age at D is taken from birth_year, assuming a birthday on 1 July (only the year is held).
 */
import { dateNumbers } from '../../../lib/dates.ts';

export const DEFAULT_WORKING_DAYS = 253;
export const DEFAULT_RETIREMENT_AGE = 66;
export const DEFAULT_MINIMUM_QUALIFICATIONS: Record<string, string> = { early_years: '3' };

export type RecordStatus = 'in_post' | 'agency' | 'other_current' | 'leaver' | 'other_left' | 'not_yet_started';

/** The 12 months up to a census date, as YYYY-MM-DD bounds: start < date ≤ end. */
export function censusYear(censusDate: string): { start: string; end: string } {
  const { year: y, month: m, day: d } = dateNumbers(censusDate);
  const start = new Date(Date.UTC(y - 1, m - 1, d));
  // 29 February → 28 February (or 1 March rolled back) of the year before.
  if (start.getUTCMonth() !== m - 1) start.setUTCDate(0);
  return { start: start.toISOString().slice(0, 10), end: censusDate };
}

/**
 * Where a record stands at the census date. `yearStart` is censusYear(censusDate).start, passed
 * in by callers that classify every record of a file (profile-cells.ts) so it is worked out once.
 */
export function recordStatus(
  record: { employment_type: string | null; start_date: string | null; leaving_date: string | null },
  censusDate: string,
  yearStart = censusYear(censusDate).start,
): RecordStatus {
  if (record.start_date && record.start_date > censusDate) return 'not_yet_started';
  const left = record.leaving_date !== null && record.leaving_date !== '' && record.leaving_date <= censusDate;
  if (left) return record.employment_type === 'employee' && record.leaving_date! > yearStart ? 'leaver' : 'other_left';
  if (record.employment_type === 'employee') return 'in_post';
  if (record.employment_type === 'agency') return 'agency';
  return 'other_current';
}

export const isStarter = (
  startDate: string | null,
  censusDate: string,
  yearStart = censusYear(censusDate).start,
): boolean => startDate !== null && startDate > yearStart && startDate <= censusDate;

/** A percentage with one decimal, rounded half up as DfE publishes; null when nothing to divide by. */
export function percent(numerator: number, denominator: number): number | null {
  if (!(denominator > 0)) return null;
  return Math.round((numerator / denominator) * 1000 + 1e-9) / 10;
}

/** One decimal for FTE and similar sums (avoids 77.60000000001). */
export const oneDecimal = (value: number): number => Math.round(value * 10 + 1e-9) / 10;

/** Turnover rate = leavers FTE in the year ÷ FTE in post at the census date. */
export const turnoverRate = (leaversFte: number, fteInPost: number): number | null => percent(leaversFte, fteInPost);

/** Vacancy rate = vacancies FTE ÷ (vacancies FTE + FTE in post). */
export const vacancyRate = (vacancyFte: number, fteInPost: number): number | null =>
  percent(vacancyFte, vacancyFte + fteInPost);

/** Agency rate = agency FTE ÷ (agency FTE + FTE in post). */
export const agencyRate = (agencyFte: number, fteInPost: number): number | null =>
  percent(agencyFte, agencyFte + fteInPost);

/** Absence rate = working days lost ÷ (FTE in post × working days in the year). */
export const absenceRate = (daysLost: number, fteInPost: number, workingDays = DEFAULT_WORKING_DAYS): number | null =>
  percent(daysLost, fteInPost * workingDays);

export const AGE_BANDS = [
  { code: 'under_25', label: 'Under 25', min: 0, max: 24 },
  { code: '25_34', label: '25 to 34', min: 25, max: 34 },
  { code: '35_44', label: '35 to 44', min: 35, max: 44 },
  { code: '45_54', label: '45 to 54', min: 45, max: 54 },
  { code: '55_64', label: '55 to 64', min: 55, max: 64 },
  { code: '65_plus', label: '65 and over', min: 65, max: 200 },
] as const;
export type AgeBand = (typeof AGE_BANDS)[number]['code'] | 'not_known';

/** Age at the census date from the year of birth, assuming a 1 July birthday. */
export function ageAt(birthYear: number, censusDate: string): number {
  const { year: y, month: m } = dateNumbers(censusDate);
  return y - birthYear - (m < 7 ? 1 : 0);
}

/** The year of birth of someone who is `age` at the census date (inverse of ageAt). */
export const birthYearForAge = (age: number, censusDate: string): number => ageAt(0, censusDate) - age;

export function ageBand(birthYear: number | null, censusDate: string): AgeBand {
  if (birthYear === null) return 'not_known';
  const age = ageAt(birthYear, censusDate);
  return AGE_BANDS.find((b) => age >= b.min && age <= b.max)?.code ?? 'not_known';
}

const RQF_RANK: Record<string, number> = {
  entry: 0,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  '5': 5,
  '6': 6,
  '7': 7,
  '8': 8,
  none: -1,
};

/** RQF levels as a rank (entry 0 … 8, none −1); null when not known. */
export const qualificationRank = (level: string | null): number | null =>
  level !== null && level in RQF_RANK ? RQF_RANK[level]! : null;

/** True when a known level is below the service's minimum (no minimum → false). */
export function belowMinimum(level: string | null, service: string | null, minimums: Record<string, string>): boolean {
  const minimum = service ? minimums[service] : undefined;
  const rank = qualificationRank(level);
  const min = qualificationRank(minimum ?? null);
  return min !== null && rank !== null && rank < min;
}

/** Representation ratio = workforce % ÷ population % (1 = as represented as in the community). */
export function representationRatio(workforcePercent: number | null, populationPercent: number | null): number | null {
  if (workforcePercent === null || populationPercent === null || populationPercent <= 0) return null;
  return Math.round((workforcePercent / populationPercent) * 100 + 1e-9) / 100;
}

export const difference = (a: number | null, b: number | null): number | null =>
  a === null || b === null ? null : oneDecimal(a - b);
