/**
 * The sentences that explain the profile's sections to a steering group: which DfE year a benchmark
 * is from, which turnover the projections use and why, the largest recruitment gap in words, and
 * what a filter that matches nobody means.
 */
import type { Shown } from '../../../lib/suppression.ts';
import type { Projections, WorkforceProfile } from './profile-types.ts';
import { longDate } from '../returns/returns-routes.ts';
import { codeLabel, JOB_ROLES } from '../standard/standard.ts';

/** Sections whose content does not come from the selection's records, shown even when it matches nobody. */
const SHOWN_WHEN_EMPTY = new Set(['benchmarks', 'trends']);

/** False for a section whose every chart and table would be zeros: the filters match nobody. */
export const sectionHasFigures = (slug: string, profile: WorkforceProfile): boolean =>
  !profile.empty || SHOWN_WHEN_EMPTY.has(slug);

/** The notice shown instead of charts of zeros. */
export function emptyNotice(profile: WorkforceProfile): string | null {
  if (!profile.empty) return null;
  if (!profile.filters.censusDate)
    return 'No workforce return has been submitted yet, so there are no figures to show.';
  return `Nobody in the workforce matches these filters at the census date ${longDate(profile.filters.censusDate)}, so there are no figures or charts to show. Change the filters or clear them.`;
}

const rate = (value: Shown<number> | null): string =>
  value === null ? 'not available' : value === 'c' ? 'not shown (too few people)' : `${value}%`;

/** "SENCO: 327.7% of its FTE to replace", in words. */
export function largestGapSentence(gap: Projections['largestGap']): string | null {
  if (!gap) return null;
  const share = gap.percent10 / 100;
  const amount =
    share >= 1
      ? `the equivalent of ${share.toFixed(1)} times its current FTE (${gap.percent10}%)`
      : `about ${Math.max(1, Math.round(share * 10))} in 10 of its current FTE (${gap.percent10}%)`;
  const why =
    share >= 1
      ? ' This is more than its whole workforce because the people recruited to replace leavers leave too, at the same rate.'
      : '';
  return `Over the next 10 years, ${gap.label} has the most to recruit for its size: ${amount}, to replace the people who retire or leave.${why}`;
}

/** Which turnover the projections use, and why it differs from the headline turnover rate. */
export function projectionTurnoverSentence(profile: WorkforceProfile): string {
  const p = profile.projections;
  return `People reach retirement at ${p.retirementAge}. Other leavers are projected at the turnover rate without retirements: ${rate(p.turnoverRate)} a year (FTE of employees who left for any reason but retirement in the 12 months to the census date ÷ FTE in post), or each job role's and service's own rate where enough people are in it. The headline turnover rate, ${rate(profile.measures.turnoverRate)}, counts retirements as well; here retirements are projected from ages instead, so they are not counted twice.`;
}

/** Which year DfE's published figures are from, against the partnership's census date. */
export function benchmarkYearSentence(profile: WorkforceProfile): string {
  const b = profile.benchmarks;
  const roles = b.jobRoles.length ? ` (${b.jobRoles.map((r) => codeLabel(JOB_ROLES, r)).join(', ')})` : '';
  const census = profile.filters.censusDate;
  const ours = census ? `This partnership's rates are for the census date ${longDate(census)}. ` : '';
  const theirs = b.year
    ? `DfE's are the latest published: ${b.year}${census && !census.startsWith(b.year) ? ', an earlier year, so differences may partly be change over time' : ''}.`
    : 'No DfE figures are held.';
  return `Children's social workers${roles}. ${ours}${theirs} ${b.source}`;
}

/** The paragraphs above a section's tables. */
export function sectionNotes(slug: string, profile: WorkforceProfile): string[] {
  if (slug === 'projections') {
    const gap = largestGapSentence(profile.projections.largestGap);
    return [projectionTurnoverSentence(profile), ...(gap ? [gap] : [])];
  }
  if (slug === 'benchmarks') return [benchmarkYearSentence(profile)];
  return [];
}
