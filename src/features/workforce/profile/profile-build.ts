/*
 * Turns the grouped sums from profile-repository.ts into the headline measures, and holds the
 * sums every section builder (sections/) shares (pure). Counts of people are tallies (the count
 * and its people's key sum, from the groups' twins); every figure leaves through
 * src/lib/disclosure.ts (protectCount, protectFte, protectDerived, or a table in profile-table.ts).
 */
import { protectCount, protectDerived, protectFte, type Protection, type Tally } from '../../../lib/disclosure.ts';
import {
  AGE_BANDS,
  absenceRate,
  agencyRate,
  belowMinimum,
  oneDecimal,
  percent,
  qualificationRank,
  turnoverRate,
  vacancyRate,
} from './measures.ts';
import type { Group, TrendPoint, VacancyGroup } from './profile-groups.ts';
import { QUALIFICATION_CODES, SEX_CODES } from './profile-groups.ts';
import type { ProfileMeasures } from './profile-types.ts';
import { ETHNIC_GROUPS, ETHNICITIES, type Code } from '../standard/standard.ts';

export interface BuildContext {
  protection: Protection;
  workingDays: number;
  minimums: Record<string, string>;
  organisations: Array<{ id: number; name: string; type: string }>;
}

export const current = (groups: Group[]) => groups.filter((g) => g.status === 'current');
export const employees = (groups: Group[]) => groups.filter((g) => g.employment_type === 'employee');
const sum = (groups: Group[], pick: (g: Group) => number) => groups.reduce((a, g) => a + pick(g), 0);
/** A count over groups, with the key sum of the same people (the same pick over the twins). */
export const tally = (groups: Group[], pick: (g: Group) => number): Tally => ({
  n: sum(groups, pick),
  k: groups.reduce((a, g) => a + (g.twin ? pick(g.twin) : 0), 0),
});
export const sumKey = (groups: Group[], kind: 'ethnicity' | 'disability' | 'qualification' | 'reason', code: string) =>
  tally(groups, (g) => g[kind][code] ?? 0);
export const level3 = (g: Group) =>
  QUALIFICATION_CODES.filter((c) => (qualificationRank(c) ?? -1) >= 3).reduce(
    (a, c) => a + (g.qualification[c] ?? 0),
    0,
  );
export const levelKnown = (g: Group) =>
  QUALIFICATION_CODES.filter((c) => qualificationRank(c) !== null).reduce((a, c) => a + (g.qualification[c] ?? 0), 0);
export const below = (g: Group, minimums: Record<string, string>) =>
  QUALIFICATION_CODES.filter((c) => belowMinimum(c, g.service, minimums)).reduce(
    (a, c) => a + (g.qualification[c] ?? 0),
    0,
  );
export const ageCount = (g: Group, age: string) => SEX_CODES.reduce((a, s) => a + (g.ageSex[`${age}|${s}`] ?? 0), 0);
export const ethnicGroupOf = (code: string) => ETHNICITIES.find((e) => e.code === code)?.group ?? code;
export const ETHNIC_GROUP_ROWS: Code[] = [...ETHNIC_GROUPS, ...ETHNICITIES.filter((e) => e.group === null)];
export const ageLabel = (code: string) => AGE_BANDS.find((b) => b.code === code)?.label ?? 'Not known';

/** The sums behind the DfE rates, for any set of groups: tallies of people and their raw FTE. */
export function rateInputs(groups: Group[], vacancies: VacancyGroup[]) {
  const inPost = current(employees(groups));
  const leavers = groups.filter((g) => g.status === 'leaver');
  const agency = current(groups).filter((g) => g.employment_type === 'agency');
  const starters = employees(groups).filter((g) => g.status !== 'other');
  return {
    inPost: tally(inPost, (g) => g.n),
    fteInPost: sum(inPost, (g) => g.fte),
    sick: sum(inPost, (g) => g.sick),
    leavers: tally(leavers, (g) => g.n),
    leaversFte: sum(leavers, (g) => g.fte),
    retiredFte: sum(leavers, (g) => g.retired_fte),
    agency: tally(agency, (g) => g.n),
    agencyFte: sum(agency, (g) => g.fte),
    starters: tally(starters, (g) => g.starters),
    startersFte: sum(starters, (g) => g.starters_fte),
    vacancyFte: vacancies.reduce((a, v) => a + v.vacant, 0),
  };
}

/** The rate inputs as they may be shown: FTE protected with the tally of the people it belongs to. */
export function protectedRates(groups: Group[], vacancies: VacancyGroup[], p: Protection) {
  const r = rateInputs(groups, vacancies);
  const fteInPost = protectFte(r.fteInPost, r.inPost, p);
  return {
    ...r,
    fteInPost,
    leaversFte: protectFte(r.leaversFte, r.leavers, p),
    agencyFte: protectFte(r.agencyFte, r.agency, p),
    startersFte: protectFte(r.startersFte, r.starters, p),
    // Days lost per FTE in post is kept, so the absence rate does not give the raw FTE away.
    sick: r.fteInPost > 0 ? (r.sick / r.fteInPost) * fteInPost : 0,
    vacancyFte: oneDecimal(r.vacancyFte),
  };
}

export function buildMeasures(groups: Group[], vacancies: VacancyGroup[], ctx: BuildContext): ProfileMeasures {
  const p = ctx.protection;
  const r = protectedRates(groups, vacancies, p);
  const now = current(groups);
  const headcount = tally(now, (g) => g.n);
  const aged55 = tally(now, (g) => ageCount(g, '55_64') + ageCount(g, '65_plus'));
  const agedKnown = tally(now, (g) => g.n - ageCount(g, 'not_known'));
  const l3 = tally(now, level3);
  const known = tally(now, levelKnown);
  const count = (t: Tally) => protectCount(t, p);
  return {
    headcount: count(r.inPost),
    workforceHeadcount: count(headcount),
    fte: protectFte(
      sum(now, (g) => g.fte),
      headcount,
      p,
    ),
    fteInPost: r.fteInPost,
    leaversFte: r.leaversFte,
    leaversHeadcount: count(r.leavers),
    startersFte: r.startersFte,
    startersHeadcount: count(r.starters),
    agencyFte: r.agencyFte,
    agencyHeadcount: count(r.agency),
    vacancyFte: r.vacancyFte,
    turnoverRate: protectDerived(turnoverRate(r.leaversFte, r.fteInPost), [r.inPost], p),
    vacancyRate: protectDerived(vacancyRate(r.vacancyFte, r.fteInPost), [r.inPost], p),
    agencyRate: protectDerived(agencyRate(r.agencyFte, r.fteInPost), [r.inPost], p),
    absenceRate: protectDerived(absenceRate(r.sick, r.fteInPost, ctx.workingDays), [r.inPost], p),
    aged55PlusPercent: protectDerived(percent(count(aged55), count(agedKnown)), [agedKnown], p),
    level3PlusPercent: protectDerived(percent(count(l3), count(known)), [known], p),
    belowMinimumQualification: count(tally(now, (g) => below(g, ctx.minimums))),
    apprentices: count(tally(now, (g) => g.apprentices)),
    managers: count(
      tally(
        now.filter((g) => g.manager === 1),
        (g) => g.n,
      ),
    ),
  };
}

/** The trend point of the census date already aggregated (saves a second scan of its records). */
export function trendPointFromGroups(censusDate: string, groups: Group[], vacancies: VacancyGroup[]): TrendPoint {
  const r = rateInputs(groups, vacancies);
  const now = current(groups);
  return {
    censusDate,
    headcount: tally(now, (g) => g.n),
    inPost: r.inPost,
    fteInPost: r.fteInPost,
    leavers: r.leavers,
    leaversFte: r.leaversFte,
    agency: r.agency,
    agencyFte: r.agencyFte,
    sick: r.sick,
    vacancyFte: r.vacancyFte,
    aged55: tally(now, (g) => ageCount(g, '55_64') + ageCount(g, '65_plus')),
    agedKnown: tally(now, (g) => g.n - ageCount(g, 'not_known')),
    level3: tally(now, level3),
    levelKnown: tally(now, levelKnown),
  };
}
