/*
 * Turns the grouped sums from profile-repository.ts into the headline measures and the breakdown
 * tables (pure). Counts of people are tallies (the count and its people's key sum, from the groups'
 * twins); every figure leaves through src/lib/disclosure.ts (protectCount, protectFte,
 * protectDerived, or a table in profile-table.ts).
 */
import { protectCount, protectDerived, protectFte, type Protection, type Tally } from '../../../lib/disclosure.ts';
import { ORGANISATION_TYPES } from '../../accounts/organisation-codes.ts';
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
import {
  AGE_CODES,
  DISABILITY_CODES,
  ETHNICITY_CODES,
  LEAVING_REASON_CODES,
  QUALIFICATION_CODES,
  SEX_CODES,
} from './profile-groups.ts';
import { countTable, crossTable, measureTable, type CountRow } from './profile-table.ts';
import type { ProfileMeasures, ProfileTables } from './profile-types.ts';
import {
  DISABILITY,
  EMPLOYMENT_TYPES,
  ETHNIC_GROUPS,
  ETHNICITIES,
  JOB_ROLES,
  LEAVING_REASONS,
  QUALIFICATION_LEVELS,
  SERVICE_CODES,
  SEXES,
  WORKFORCE_GROUPS,
  codeLabel,
  type Code,
} from '../standard/standard.ts';

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
const sumKey = (groups: Group[], kind: 'ethnicity' | 'disability' | 'qualification' | 'reason', code: string) =>
  tally(groups, (g) => g[kind][code] ?? 0);
const level3 = (g: Group) =>
  QUALIFICATION_CODES.filter((c) => (qualificationRank(c) ?? -1) >= 3).reduce(
    (a, c) => a + (g.qualification[c] ?? 0),
    0,
  );
const levelKnown = (g: Group) =>
  QUALIFICATION_CODES.filter((c) => qualificationRank(c) !== null).reduce((a, c) => a + (g.qualification[c] ?? 0), 0);
const below = (g: Group, minimums: Record<string, string>) =>
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

/** Rows for a coded dimension, with 'Not recorded' for blanks when there are any. */
function byCode(groups: Group[], codes: readonly Code[], keyOf: (g: Group) => string, dropEmpty = false): CountRow[] {
  const rows: CountRow[] = codes.map((c) => ({ key: c.code, label: c.label, count: { n: 0, k: 0 }, fte: 0 }));
  const other: CountRow = { key: 'not_recorded', label: 'Not recorded', count: { n: 0, k: 0 }, fte: 0 };
  for (const g of groups) {
    const row = rows.find((r) => r.key === keyOf(g)) ?? other;
    row.count.n += g.n;
    row.count.k += g.twin?.n ?? 0;
    row.fte! += g.fte;
  }
  const all = other.count.n ? [...rows, other] : rows;
  return dropEmpty ? all.filter((r) => r.count.n > 0) : all;
}

export function buildTables(groups: Group[], vacancies: VacancyGroup[], ctx: BuildContext): ProfileTables {
  const t = ctx.protection;
  const now = current(groups);
  const orgType = (id: number) => ctx.organisations.find((o) => o.id === id)?.type ?? 'other';
  const orgCodes: Code[] = ctx.organisations.map((o) => ({ code: String(o.id), label: o.name }));
  const typeCodes: Code[] = Object.entries(ORGANISATION_TYPES).map(([code, label]) => ({ code, label }));
  const simple = (codes: string[], list: readonly Code[], count: (code: string) => Tally): CountRow[] =>
    codes.map((code) => ({ key: code, label: codeLabel(list, code), count: count(code) }));
  const services = SERVICE_CODES.filter(
    (s) => groups.some((g) => g.service === s.code) || vacancies.some((v) => v.service === s.code),
  );

  const minimumNote = Object.entries(ctx.minimums)
    .map(([s, l]) => `${codeLabel(SERVICE_CODES, s)}: RQF level ${l}`)
    .join('; ');
  const rr = services.map((s) => {
    const r = protectedRates(
      groups.filter((g) => g.service === s.code),
      vacancies.filter((v) => v.service === s.code),
      t,
    );
    return {
      key: s.code,
      label: s.label,
      counts: { inPost: r.inPost, starters: r.starters, leavers: r.leavers, agency: r.agency },
      extra: rrExtra(r),
    };
  });
  return {
    service: countTable(
      'service',
      'People by service',
      'Service',
      byCode(now, SERVICE_CODES, (g) => g.service),
      t,
      { fte: true },
    ),
    organisation: countTable(
      'organisation',
      'People by organisation',
      'Organisation',
      byCode(now, orgCodes, (g) => String(g.organisation_id), true),
      t,
      { fte: true },
    ),
    organisationType: countTable(
      'organisation-type',
      'People by type of organisation',
      'Type of organisation',
      byCode(now, typeCodes, (g) => orgType(g.organisation_id), true),
      t,
      { fte: true },
    ),
    jobRole: countTable(
      'job-role',
      'People by job role',
      'Job role',
      byCode(now, JOB_ROLES, (g) => g.job_role, true),
      t,
      { fte: true },
    ),
    workforceGroup: countTable(
      'workforce-group',
      'People by workforce group',
      'Workforce group',
      byCode(now, WORKFORCE_GROUPS, (g) => g.workforce_group),
      t,
      { fte: true },
    ),
    employmentType: countTable(
      'employment-type',
      'People by employment type',
      'Employment type',
      byCode(now, EMPLOYMENT_TYPES, (g) => g.employment_type),
      t,
      { fte: true },
    ),
    ageBand: countTable(
      'age-band',
      'People by age band',
      'Age band',
      AGE_CODES.map((a) => ({ key: a, label: ageLabel(a), count: tally(now, (g) => ageCount(g, a)) })),
      t,
      { notes: ['Age at the census date, from the year of birth.'] },
    ),
    ageSex: crossTable(
      'age-sex',
      'People by age band and sex',
      'Age band',
      AGE_CODES.map((a) => ({
        key: a,
        label: ageLabel(a),
        counts: SEX_CODES.map((s) => tally(now, (g) => g.ageSex[`${a}|${s}`] ?? 0)),
      })),
      SEX_CODES.map((s) => ({ key: s, label: codeLabel(SEXES, s) })),
      t,
    ),
    sex: countTable(
      'sex',
      'People by sex',
      'Sex',
      simple(SEX_CODES, SEXES, (s) =>
        tally(now, (g) => AGE_CODES.reduce((a, age) => a + (g.ageSex[`${age}|${s}`] ?? 0), 0)),
      ),
      t,
    ),
    ethnicGroup: countTable(
      'ethnic-group',
      'People by ethnic group',
      'Ethnic group',
      ETHNIC_GROUP_ROWS.map((grp) => ({
        key: grp.code,
        label: grp.label,
        count: tally(now, (g) =>
          ETHNICITY_CODES.filter((e) => ethnicGroupOf(e) === grp.code).reduce((a, e) => a + (g.ethnicity[e] ?? 0), 0),
        ),
      })),
      t,
      { notes: ['Office for National Statistics Census 2021 ethnic groups.'] },
    ),
    ethnicity: countTable(
      'ethnicity',
      'People by ethnicity (19 categories)',
      'Ethnicity',
      ETHNICITY_CODES.map((e) => ({
        key: e,
        label: codeLabel(ETHNICITIES, e),
        group: ETHNICITIES.find((x) => x.code === e)?.group ?? undefined,
        count: sumKey(now, 'ethnicity', e),
      })),
      t,
    ),
    disability: countTable(
      'disability',
      'People by disability',
      'Disability',
      simple(DISABILITY_CODES, DISABILITY, (c) => sumKey(now, 'disability', c)),
      t,
    ),
    qualification: countTable(
      'qualification',
      'People by highest qualification (RQF level)',
      'Qualification level',
      simple(QUALIFICATION_CODES, QUALIFICATION_LEVELS, (c) => sumKey(now, 'qualification', c)),
      t,
    ),
    qualificationByService: measureTable(
      'qualification-by-service',
      'Qualifications by service',
      'Service',
      services.map((s) => {
        const sg = now.filter((g) => g.service === s.code);
        return {
          key: s.code,
          label: s.label,
          counts: {
            headcount: tally(sg, (g) => g.n),
            known: tally(sg, levelKnown),
            level3: tally(sg, level3),
            below: tally(sg, (g) => below(g, ctx.minimums)),
          },
        };
      }),
      [
        { key: 'headcount', label: 'Headcount', format: 'count' },
        { key: 'known', label: 'Level known', format: 'count' },
        { key: 'level3', label: 'Level 3 or above', format: 'count' },
        { key: 'below', label: 'Below the minimum', format: 'count' },
      ],
      [
        {
          key: 'level3Percent',
          label: '% level 3 or above',
          format: 'percent',
          uses: ['known', 'level3'],
          compute: (c) => percent(c.level3!, c.known!),
        },
      ],
      t,
      { notes: [minimumNote ? `Minimum qualification: ${minimumNote}.` : 'No minimum qualification set.'] },
    ),
    apprentices: countTable(
      'apprentices',
      'Apprentices by service',
      'Service',
      services.map((s) => ({
        key: s.code,
        label: s.label,
        count: tally(
          now.filter((g) => g.service === s.code),
          (g) => g.apprentices,
        ),
      })),
      t,
    ),
    recruitmentRetention: measureTable(
      'recruitment-retention',
      'Recruitment and retention by service',
      'Service',
      rr,
      [
        { key: 'inPost', label: 'Employees in post', format: 'count' },
        { key: 'starters', label: 'Starters', format: 'count' },
        { key: 'leavers', label: 'Leavers', format: 'count' },
        { key: 'agency', label: 'Agency workers', format: 'count' },
      ],
      [
        {
          key: 'fteInPost',
          label: 'FTE in post',
          format: 'fte',
          uses: [],
          compute: (_c, e) => e.fteInPost!,
        },
        {
          key: 'turnoverRate',
          label: 'Turnover rate %',
          format: 'percent',
          uses: ['inPost', 'leavers'],
          compute: (_c, e) => turnoverRate(e.leaversFte!, e.fteInPost!),
        },
        {
          key: 'vacancyRate',
          label: 'Vacancy rate %',
          format: 'percent',
          uses: ['inPost'],
          compute: (_c, e) => vacancyRate(e.vacancyFte!, e.fteInPost!),
        },
        {
          key: 'agencyRate',
          label: 'Agency rate %',
          format: 'percent',
          uses: ['inPost', 'agency'],
          compute: (_c, e) => agencyRate(e.agencyFte!, e.fteInPost!),
        },
        {
          key: 'absenceRate',
          label: 'Absence rate %',
          format: 'percent',
          uses: ['inPost'],
          compute: (_c, e) => absenceRate(e.sick!, e.fteInPost!, ctx.workingDays),
        },
      ],
      t,
      {
        notes: ['Rates as the Department for Education defines them for the children’s social work workforce census.'],
        totalExtra: rrExtra(protectedRates(groups, vacancies, t)),
      },
    ),
    leavingReason: countTable(
      'leaving-reason',
      'Leavers by reason for leaving',
      'Reason',
      simple(LEAVING_REASON_CODES, LEAVING_REASONS, (c) =>
        sumKey(
          groups.filter((g) => g.status === 'leaver'),
          'reason',
          c,
        ),
      ),
      t,
      { notes: ['Employees who left in the 12 months up to the census date.'] },
    ),
  };
}

const rrExtra = (r: ReturnType<typeof protectedRates>) => ({
  fteInPost: r.fteInPost,
  leaversFte: r.leaversFte,
  agencyFte: r.agencyFte,
  sick: r.sick,
  vacancyFte: r.vacancyFte,
});

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
