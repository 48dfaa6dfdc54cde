/*
 * Turns the grouped sums from profile-repository.ts into the headline measures and the breakdown
 * tables (pure). Every figure leaves through src/lib/suppression.ts (suppressCount,
 * suppressDerived, or a table through suppressTable in profile-table.ts).
 */
import { suppressCount, suppressDerived, type Shown } from '../../../lib/suppression.ts';
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
  threshold: number;
  workingDays: number;
  minimums: Record<string, string>;
  organisations: Array<{ id: number; name: string; type: string }>;
}

export const current = (groups: Group[]) => groups.filter((g) => g.status === 'current');
export const employees = (groups: Group[]) => groups.filter((g) => g.employment_type === 'employee');
const sum = (groups: Group[], pick: (g: Group) => number) => groups.reduce((a, g) => a + pick(g), 0);
const sumKey = (groups: Group[], kind: 'ethnicity' | 'disability' | 'qualification' | 'reason', code: string) =>
  sum(groups, (g) => g[kind][code] ?? 0);
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

/** The sums behind the DfE rates, for any set of groups. */
export function rateInputs(groups: Group[], vacancies: VacancyGroup[]) {
  const inPost = current(employees(groups));
  const leavers = groups.filter((g) => g.status === 'leaver');
  const agency = current(groups).filter((g) => g.employment_type === 'agency');
  return {
    inPostN: sum(inPost, (g) => g.n),
    fteInPost: sum(inPost, (g) => g.fte),
    sick: sum(inPost, (g) => g.sick),
    leaversN: sum(leavers, (g) => g.n),
    leaversFte: sum(leavers, (g) => g.fte),
    retiredFte: sum(leavers, (g) => g.retired_fte),
    agencyN: sum(agency, (g) => g.n),
    agencyFte: sum(agency, (g) => g.fte),
    startersN: sum(
      employees(groups).filter((g) => g.status !== 'other'),
      (g) => g.starters,
    ),
    startersFte: sum(
      employees(groups).filter((g) => g.status !== 'other'),
      (g) => g.starters_fte,
    ),
    vacancyFte: vacancies.reduce((a, v) => a + v.vacant, 0),
  };
}

export function buildMeasures(groups: Group[], vacancies: VacancyGroup[], ctx: BuildContext): ProfileMeasures {
  const t = ctx.threshold;
  const r = rateInputs(groups, vacancies);
  const now = current(groups);
  const headcount = sum(now, (g) => g.n);
  const aged55 = sum(now, (g) => ageCount(g, '55_64') + ageCount(g, '65_plus'));
  const agedKnown = headcount - sum(now, (g) => ageCount(g, 'not_known'));
  const l3 = sum(now, level3);
  const known = sum(now, levelKnown);
  // A rate is shown only when every count of people it is made from is shown.
  const derived = <T>(value: T, ...counts: number[]): Shown<T> =>
    counts.reduce<Shown<T>>((v, c) => (suppressDerived(v, c, t) === 'c' ? 'c' : v), value);
  return {
    headcount: suppressCount(r.inPostN, t),
    workforceHeadcount: suppressCount(headcount, t),
    fte: suppressDerived(oneDecimal(sum(now, (g) => g.fte)), headcount, t),
    fteInPost: suppressDerived(oneDecimal(r.fteInPost), r.inPostN, t),
    leaversFte: suppressDerived(oneDecimal(r.leaversFte), r.leaversN, t),
    leaversHeadcount: suppressCount(r.leaversN, t),
    startersFte: suppressDerived(oneDecimal(r.startersFte), r.startersN, t),
    startersHeadcount: suppressCount(r.startersN, t),
    agencyFte: suppressDerived(oneDecimal(r.agencyFte), r.agencyN, t),
    agencyHeadcount: suppressCount(r.agencyN, t),
    vacancyFte: oneDecimal(r.vacancyFte),
    turnoverRate: derived(turnoverRate(r.leaversFte, r.fteInPost), r.inPostN, r.leaversN),
    vacancyRate: derived(vacancyRate(r.vacancyFte, r.fteInPost), r.inPostN),
    agencyRate: derived(agencyRate(r.agencyFte, r.fteInPost), r.inPostN, r.agencyN),
    absenceRate: derived(absenceRate(r.sick, r.fteInPost, ctx.workingDays), r.inPostN),
    aged55PlusPercent: derived(percent(aged55, agedKnown), aged55, agedKnown - aged55),
    level3PlusPercent: derived(percent(l3, known), l3, known - l3),
    belowMinimumQualification: suppressCount(
      sum(now, (g) => below(g, ctx.minimums)),
      t,
    ),
    apprentices: suppressCount(
      sum(now, (g) => g.apprentices),
      t,
    ),
    managers: suppressCount(
      sum(
        now.filter((g) => g.manager === 1),
        (g) => g.n,
      ),
      t,
    ),
  };
}

/** Rows for a coded dimension, with 'Not recorded' for blanks when there are any. */
function byCode(groups: Group[], codes: readonly Code[], keyOf: (g: Group) => string, dropEmpty = false): CountRow[] {
  const rows: CountRow[] = codes.map((c) => ({ key: c.code, label: c.label, count: 0, fte: 0 }));
  const other: CountRow = { key: 'not_recorded', label: 'Not recorded', count: 0, fte: 0 };
  for (const g of groups) {
    const row = rows.find((r) => r.key === keyOf(g)) ?? other;
    row.count += g.n;
    row.fte! += g.fte;
  }
  const all = other.count ? [...rows, other] : rows;
  return dropEmpty ? all.filter((r) => r.count > 0) : all;
}

export function buildTables(groups: Group[], vacancies: VacancyGroup[], ctx: BuildContext): ProfileTables {
  const t = ctx.threshold;
  const now = current(groups);
  const orgType = (id: number) => ctx.organisations.find((o) => o.id === id)?.type ?? 'other';
  const orgCodes: Code[] = ctx.organisations.map((o) => ({ code: String(o.id), label: o.name }));
  const typeCodes: Code[] = Object.entries(ORGANISATION_TYPES).map(([code, label]) => ({ code, label }));
  const simple = (codes: string[], list: readonly Code[], count: (code: string) => number): CountRow[] =>
    codes.map((code) => ({ key: code, label: codeLabel(list, code), count: count(code) }));
  const services = SERVICE_CODES.filter(
    (s) => groups.some((g) => g.service === s.code) || vacancies.some((v) => v.service === s.code),
  );

  const minimumNote = Object.entries(ctx.minimums)
    .map(([s, l]) => `${codeLabel(SERVICE_CODES, s)}: RQF level ${l}`)
    .join('; ');
  const rr = services.map((s) => {
    const sg = groups.filter((g) => g.service === s.code);
    const r = rateInputs(
      sg,
      vacancies.filter((v) => v.service === s.code),
    );
    return {
      key: s.code,
      label: s.label,
      counts: { inPost: r.inPostN, starters: r.startersN, leavers: r.leaversN, agency: r.agencyN },
      extra: {
        fteInPost: r.fteInPost,
        leaversFte: r.leaversFte,
        agencyFte: r.agencyFte,
        sick: r.sick,
        vacancyFte: r.vacancyFte,
      },
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
      AGE_CODES.map((a) => ({ key: a, label: ageLabel(a), count: sum(now, (g) => ageCount(g, a)) })),
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
        counts: SEX_CODES.map((s) => sum(now, (g) => g.ageSex[`${a}|${s}`] ?? 0)),
      })),
      SEX_CODES.map((s) => ({ key: s, label: codeLabel(SEXES, s) })),
      t,
    ),
    sex: countTable(
      'sex',
      'People by sex',
      'Sex',
      simple(SEX_CODES, SEXES, (s) =>
        sum(now, (g) => AGE_CODES.reduce((a, age) => a + (g.ageSex[`${age}|${s}`] ?? 0), 0)),
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
        count: ETHNICITY_CODES.filter((e) => ethnicGroupOf(e) === grp.code).reduce(
          (a, e) => a + sumKey(now, 'ethnicity', e),
          0,
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
            headcount: sum(sg, (g) => g.n),
            known: sum(sg, levelKnown),
            level3: sum(sg, level3),
            below: sum(sg, (g) => below(g, ctx.minimums)),
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
        count: sum(
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
          uses: ['inPost'],
          compute: (_c, e) => oneDecimal(e.fteInPost!),
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

/** The trend point of the census date already aggregated (saves a second scan of its records). */
export function trendPointFromGroups(censusDate: string, groups: Group[], vacancies: VacancyGroup[]): TrendPoint {
  const r = rateInputs(groups, vacancies);
  const now = current(groups);
  const headcount = sum(now, (g) => g.n);
  return {
    censusDate,
    headcount,
    inPostN: r.inPostN,
    fteInPost: r.fteInPost,
    leaversN: r.leaversN,
    leaversFte: r.leaversFte,
    agencyN: r.agencyN,
    agencyFte: r.agencyFte,
    sick: r.sick,
    vacancyFte: r.vacancyFte,
    aged55: sum(now, (g) => ageCount(g, '55_64') + ageCount(g, '65_plus')),
    agedKnown: headcount - sum(now, (g) => ageCount(g, 'not_known')),
    level3: sum(now, level3),
    levelKnown: sum(now, levelKnown),
  };
}
