/*
 * Projections (pure): who will need replacing over the next 5 and 10 years to "stand still".
 * Model, kept simple and explainable on the page:
 * - retirements: each person in post retires in the year they reach the retirement age (those
 *   already at or over it in year 1); their replacements are assumed younger, so they do not
 *   retire again within 10 years;
 * - other leavers: each year, the observed non-retirement turnover rate × the FTE in post (which
 *   stays constant because everyone who leaves is replaced) — the role's or service's own rate where
 *   it has enough people, else the overall rate;
 * - FTE to recruit in a year = retirements + other leavers that year.
 */
import { ageAt, oneDecimal } from './measures.ts';

export interface ProjectionGroup {
  jobRole: string;
  service: string;
  birthYear: number | null;
  fte: number;
}

export interface ProjectionInput {
  censusDate: string;
  retirementAge: number;
  /** Other (non-retirement) leavers as a % of FTE in post per year. */
  otherLeaverRate: number;
  /** Observed rates by job role or service, where there are enough people to trust them. */
  rates?: { jobRole?: Record<string, number>; service?: Record<string, number> };
  groups: ProjectionGroup[];
}

export interface ProjectionLine {
  key: string;
  fteInPost: number;
  retirements5: number;
  otherLeavers5: number;
  total5: number;
  retirements10: number;
  otherLeavers10: number;
  total10: number;
  /** total10 as a % of FTE in post: the size of the gap. */
  percent10: number | null;
}

export interface ProjectionYear {
  year: number;
  retirements: number;
  otherLeavers: number;
  recruitNeeded: number;
}

export interface ProjectionResult {
  byJobRole: ProjectionLine[];
  byService: ProjectionLine[];
  byYear: ProjectionYear[];
}

/** The year (1 = the 12 months after the census date) someone retires, or null if not within 10. */
export function retirementYear(birthYear: number | null, censusDate: string, retirementAge: number): number | null {
  if (birthYear === null) return null;
  const yearsToGo = retirementAge - ageAt(birthYear, censusDate);
  const year = Math.max(1, yearsToGo);
  return year <= 10 ? year : null;
}

function lines(
  input: ProjectionInput,
  keyOf: (g: ProjectionGroup) => string,
  rates: Record<string, number> = {},
): ProjectionLine[] {
  const by = new Map<string, { fte: number; retire: number[] }>();
  for (const g of input.groups) {
    const key = keyOf(g);
    const line = by.get(key) ?? { fte: 0, retire: new Array<number>(11).fill(0) };
    line.fte += g.fte;
    const year = retirementYear(g.birthYear, input.censusDate, input.retirementAge);
    if (year !== null) line.retire[year]! += g.fte;
    by.set(key, line);
  }
  return [...by.entries()].map(([key, { fte, retire }]) => {
    const rate = (rates[key] ?? input.otherLeaverRate) / 100;
    const retirements5 = oneDecimal(retire.slice(1, 6).reduce((a, b) => a + b, 0));
    const retirements10 = oneDecimal(retire.slice(1, 11).reduce((a, b) => a + b, 0));
    const otherLeavers5 = oneDecimal(fte * rate * 5);
    const otherLeavers10 = oneDecimal(fte * rate * 10);
    const total10 = oneDecimal(retirements10 + otherLeavers10);
    return {
      key,
      fteInPost: oneDecimal(fte),
      retirements5,
      otherLeavers5,
      total5: oneDecimal(retirements5 + otherLeavers5),
      retirements10,
      otherLeavers10,
      total10,
      percent10: fte > 0 ? Math.round((total10 / fte) * 1000) / 10 : null,
    };
  });
}

export function project(input: ProjectionInput): ProjectionResult {
  const total = input.groups.reduce((a, g) => a + g.fte, 0);
  const otherPerYear = total * (input.otherLeaverRate / 100);
  const retiringByYear = new Array<number>(11).fill(0);
  for (const g of input.groups) {
    const year = retirementYear(g.birthYear, input.censusDate, input.retirementAge);
    if (year !== null) retiringByYear[year]! += g.fte;
  }
  const byYear: ProjectionYear[] = [];
  for (let year = 1; year <= 10; year++) {
    const retirements = retiringByYear[year]!;
    byYear.push({
      year,
      retirements: oneDecimal(retirements),
      otherLeavers: oneDecimal(otherPerYear),
      recruitNeeded: oneDecimal(retirements + otherPerYear),
    });
  }
  return {
    byJobRole: lines(input, (g) => g.jobRole, input.rates?.jobRole),
    byService: lines(input, (g) => g.service, input.rates?.service),
    byYear,
  };
}
