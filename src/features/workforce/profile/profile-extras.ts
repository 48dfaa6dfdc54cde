/*
 * The profile's comparative parts (pure): ethnicity against the Census population, projections,
 * trends across census dates and DfE benchmarks for children's social workers. Counts of our
 * people are protected (src/lib/disclosure.ts) before anything is computed from them; modelled
 * figures are rounded, not hidden.
 */
import {
  NO_ONE,
  plus,
  protectCount,
  protectDerived,
  protectFte,
  type Protection,
  type Tally,
} from '../../../lib/disclosure.ts';
import { SUPPRESSED, type Shown } from '../../../lib/suppression.ts';
import {
  absenceRate,
  agencyRate,
  difference,
  oneDecimal,
  percent,
  representationRatio,
  turnoverRate,
  vacancyRate,
} from './measures.ts';
import { HEADLINE } from './headline.ts';
import type { Group, TrendPoint, VacancyGroup } from './profile-groups.ts';
import { ETHNICITY_CODES } from './profile-groups.ts';
import { current, ethnicGroupOf, protectedRates, tally } from './profile-build.ts';
import { measureTable, plainTable } from './profile-table.ts';
import type {
  Benchmarks,
  BenchmarkAreaKind,
  PopulationComparison,
  ProfileRow,
  ProfileTable,
  Trends,
} from './profile-types.ts';
import {
  CSWW_SOURCE,
  ENGLAND_CODE,
  POPULATION_SOURCE,
  latestCswwYear,
  populationByEthnicity,
  publishedRates,
  regionOf,
} from './reference.ts';
import { ETHNIC_GROUPS, ETHNICITIES, JOB_ROLES, SERVICE_CODES, codeLabel } from '../standard/standard.ts';
import { formatDate } from '../../../lib/dates.ts';

/** Job roles counted as children's social workers for the DfE benchmarks. */
export const CHILDRENS_SOCIAL_WORK_ROLES = ['childrens_social_worker', 'social_work_manager'];

const KNOWN = ETHNICITY_CODES.filter((c) => ETHNICITIES.find((e) => e.code === c)?.onsCode !== null);
const sumEth = (groups: Group[], codes: string[]): Tally =>
  tally(groups, (g) => codes.reduce((b, c) => b + (g.ethnicity[c] ?? 0), 0));

/** Rows × ethnic groups as % of each row's known ethnicities, from the protected counts. */
function percentByGroup(
  id: string,
  title: string,
  rowHeader: string,
  rows: Array<{ key: string; label: string; groups: Group[] }>,
  population: Record<string, number> | null,
  protection: Protection,
): ProfileTable {
  const groupCodes = ETHNIC_GROUPS.map((g) => g.code);
  const body: ProfileRow[] = rows.map((r) => {
    const counts = groupCodes.map((code) =>
      sumEth(
        r.groups,
        KNOWN.filter((e) => ethnicGroupOf(e) === code),
      ),
    );
    const all = counts.reduce(plus, NO_ONE);
    const shownTotal = protectCount(all, protection);
    return {
      key: r.key,
      label: r.label,
      values: Object.fromEntries(
        groupCodes.map((code, j) => [
          code,
          protectDerived(percent(protectCount(counts[j]!, protection), shownTotal), [all], protection),
        ]),
      ),
    };
  });
  if (population) {
    const popTotal = KNOWN.reduce((a, e) => a + (population[e] ?? 0), 0);
    body.push({
      key: 'population',
      label: 'Local population (Census 2021)',
      values: Object.fromEntries(
        groupCodes.map((code) => [
          code,
          percent(
            KNOWN.filter((e) => ethnicGroupOf(e) === code).reduce((a, e) => a + (population[e] ?? 0), 0),
            popTotal,
          ),
        ]),
      ),
    });
  }
  return plainTable(
    id,
    title,
    rowHeader,
    ETHNIC_GROUPS.map((g) => ({ key: g.code, label: `${g.label} %`, format: 'percent' })),
    body,
    ['Percentages of people whose ethnicity is known.'],
  );
}

export function buildComparison(
  groups: Group[],
  areaCode: string | null,
  protection: Protection,
): PopulationComparison {
  const now = current(groups);
  const pop = areaCode ? populationByEthnicity(areaCode) : null;
  const population = pop?.counts ?? null;
  const popTotal = population ? KNOWN.reduce((a, e) => a + (population[e] ?? 0), 0) : 0;
  const known = sumEth(now, KNOWN);
  const workforceKnown = protectCount(known, protection);
  const compareRows = (rows: Array<{ key: string; label: string; group?: string; codes: string[] }>) =>
    rows.map((r) => ({
      key: r.key,
      label: r.label,
      counts: { headcount: sumEth(now, r.codes) },
      extra: { population: population ? r.codes.reduce((a, e) => a + (population[e] ?? 0), 0) : -1 },
    }));
  const derivedColumns = [
    {
      key: 'workforcePercent',
      label: 'Workforce %',
      format: 'percent' as const,
      uses: ['headcount'],
      compute: (c: Record<string, number>) => percent(c.headcount!, workforceKnown),
    },
    {
      key: 'populationPercent',
      label: 'Population %',
      format: 'percent' as const,
      uses: [],
      compute: (_c: Record<string, number>, e: Record<string, number>) =>
        e.population! < 0 ? null : percent(e.population!, popTotal),
    },
    {
      key: 'difference',
      label: 'Difference (percentage points)',
      format: 'difference' as const,
      uses: ['headcount'],
      compute: (c: Record<string, number>, e: Record<string, number>) =>
        e.population! < 0 ? null : difference(percent(c.headcount!, workforceKnown), percent(e.population!, popTotal)),
    },
    {
      key: 'ratio',
      label: 'Representation ratio',
      format: 'ratio' as const,
      uses: ['headcount'],
      compute: (c: Record<string, number>, e: Record<string, number>) =>
        e.population! < 0
          ? null
          : representationRatio(percent(c.headcount!, workforceKnown), percent(e.population!, popTotal)),
    },
  ];
  const notes = [
    'Workforce: people whose ethnicity is known. Ratio: workforce % ÷ population % (1 = represented as in the community).',
  ];
  if (pop) notes.push(`Population: ${pop.name}, ${POPULATION_SOURCE}.`);
  const byGroup = measureTable(
    'ethnicity-comparison',
    'Ethnic groups: workforce and local population',
    'Ethnic group',
    compareRows(
      ETHNIC_GROUPS.map((g) => ({
        key: g.code,
        label: g.label,
        codes: KNOWN.filter((e) => ethnicGroupOf(e) === g.code),
      })),
    ),
    [{ key: 'headcount', label: 'Headcount', format: 'count' }],
    derivedColumns,
    protection,
    { notes },
  );
  const byCategory = measureTable(
    'ethnicity-category-comparison',
    'Ethnicity (19 categories): workforce and local population',
    'Ethnicity',
    compareRows(KNOWN.map((e) => ({ key: e, label: codeLabel(ETHNICITIES, e), codes: [e] }))),
    [{ key: 'headcount', label: 'Headcount', format: 'count' }],
    derivedColumns,
    protection,
    { notes },
  );
  const services = SERVICE_CODES.filter((s) => now.some((g) => g.service === s.code));
  return {
    area: areaCode && pop ? { code: areaCode, name: pop.name, source: POPULATION_SOURCE } : null,
    byGroup,
    byCategory,
    byService: percentByGroup(
      'ethnicity-by-service',
      'Ethnic groups by service',
      'Service',
      services.map((s) => ({ key: s.code, label: s.label, groups: now.filter((g) => g.service === s.code) })),
      population,
      protection,
    ),
    managers: percentByGroup(
      'ethnicity-managers',
      'Ethnic groups: managers and everyone else',
      'People',
      [
        { key: 'managers', label: 'Managers', groups: now.filter((g) => g.manager === 1) },
        { key: 'others', label: 'Everyone else', groups: now.filter((g) => g.manager !== 1) },
      ],
      population,
      protection,
    ),
  };
}

export function buildTrends(points: TrendPoint[], protection: Protection, workingDays: number): Trends {
  const pr = protection;
  const fte = (v: number, t: Tally) => protectFte(v, t, pr);
  const rate = (v: number | null, ...ts: Tally[]): Shown<number> | null => protectDerived(v, ts, pr);
  const shown = (p: TrendPoint) => ({
    fteInPost: fte(p.fteInPost, p.inPost),
    leaversFte: fte(p.leaversFte, p.leavers),
    agencyFte: fte(p.agencyFte, p.agency),
    sick: p.fteInPost > 0 ? (p.sick / p.fteInPost) * fte(p.fteInPost, p.inPost) : 0,
  });
  const measures: Array<{
    key: string;
    label: string;
    format: 'count' | 'fte' | 'percent';
    value(p: TrendPoint): Shown<number> | null;
  }> = [
    {
      key: 'headcount',
      label: HEADLINE.headcount.label,
      format: 'count',
      value: (p) => protectCount(p.inPost, pr),
    },
    { key: 'fteInPost', label: HEADLINE.fteInPost.label, format: 'fte', value: (p) => shown(p).fteInPost },
    { key: 'leaversFte', label: HEADLINE.leaversFte.label, format: 'fte', value: (p) => shown(p).leaversFte },
    { key: 'agencyFte', label: HEADLINE.agencyFte.label, format: 'fte', value: (p) => shown(p).agencyFte },
    { key: 'vacancyFte', label: 'Vacancies FTE', format: 'fte', value: (p) => oneDecimal(p.vacancyFte) },
    {
      key: 'turnoverRate',
      label: 'Turnover rate %',
      format: 'percent',
      value: (p) => rate(turnoverRate(shown(p).leaversFte, shown(p).fteInPost), p.inPost),
    },
    {
      key: 'vacancyRate',
      label: 'Vacancy rate %',
      format: 'percent',
      value: (p) => rate(vacancyRate(p.vacancyFte, shown(p).fteInPost), p.inPost),
    },
    {
      key: 'agencyRate',
      label: 'Agency rate %',
      format: 'percent',
      value: (p) => rate(agencyRate(shown(p).agencyFte, shown(p).fteInPost), p.inPost),
    },
    {
      key: 'absenceRate',
      label: 'Absence rate %',
      format: 'percent',
      value: (p) => rate(absenceRate(shown(p).sick, shown(p).fteInPost, workingDays), p.inPost),
    },
    {
      key: 'aged55PlusPercent',
      label: '% aged 55 or over',
      format: 'percent',
      value: (p) => rate(percent(protectCount(p.aged55, pr), protectCount(p.agedKnown, pr)), p.agedKnown),
    },
    {
      key: 'level3PlusPercent',
      label: '% qualified to level 3 or above',
      format: 'percent',
      value: (p) => rate(percent(protectCount(p.level3, pr), protectCount(p.levelKnown, pr)), p.levelKnown),
    },
  ];
  const dates = points.map((p) => p.censusDate);
  const rows: ProfileRow[] = measures.map((m) => {
    const values: ProfileRow['values'] = Object.fromEntries(points.map((p) => [p.censusDate, m.value(p)]));
    const first = points.length > 1 ? values[dates[0]!] : null;
    const last = points.length > 1 ? values[dates.at(-1)!] : null;
    values.change =
      first === SUPPRESSED || last === SUPPRESSED
        ? SUPPRESSED
        : typeof first === 'number' && typeof last === 'number'
          ? oneDecimal(last - first)
          : null;
    return { key: m.key, label: m.label, values };
  });
  const table = plainTable(
    'trends',
    'Measures across census dates',
    'Measure',
    [
      ...dates.map((d) => ({ key: d, label: formatDate(d), format: 'count' as const })),
      { key: 'change', label: 'Change', format: 'difference' as const },
    ],
    rows,
    ['Change: the latest census date minus the first (percentage points for rates).'],
  );
  return { censusDates: dates, table };
}

export function buildBenchmarks(
  groups: Group[],
  vacancies: VacancyGroup[],
  settings: { localAuthorityCode: string | null; statisticalNeighbours: string[]; workingDays: number },
  protection: Protection,
): Benchmarks {
  const year = latestCswwYear();
  const csw = groups.filter((g) => CHILDRENS_SOCIAL_WORK_ROLES.includes(g.job_role));
  const r = protectedRates(
    csw,
    vacancies.filter((v) => CHILDRENS_SOCIAL_WORK_ROLES.includes(v.job_role)),
    protection,
  );
  const hide = (v: number | null) => protectDerived(v, [r.inPost], protection);
  const rowKinds: Record<string, BenchmarkAreaKind> = { partnership: 'partnership' };
  const rows: ProfileRow[] = [
    {
      key: 'partnership',
      label: 'This partnership (latest census date)',
      values: {
        turnoverRate: hide(turnoverRate(r.leaversFte, r.fteInPost)),
        agencyRate: hide(agencyRate(r.agencyFte, r.fteInPost)),
        vacancyRate: hide(vacancyRate(r.vacancyFte, r.fteInPost)),
        absenceRate: hide(absenceRate(r.sick, r.fteInPost, settings.workingDays)),
      },
    },
  ];
  const add = (code: string | null, kind: BenchmarkAreaKind) => {
    if (!code || rowKinds[code]) return;
    const p = publishedRates(code, year);
    if (!p) return;
    rowKinds[code] = kind;
    const suffix =
      kind === 'neighbour'
        ? ' (statistical neighbour)'
        : kind === 'region'
          ? ' (region)'
          : kind === 'local_authority'
            ? ' (local authority)'
            : '';
    rows.push({
      key: code,
      label: `${p.name}${suffix}`,
      values: { turnoverRate: p.turnover, agencyRate: p.agency, vacancyRate: p.vacancy, absenceRate: p.absence },
    });
  };
  add(settings.localAuthorityCode, 'local_authority');
  add(settings.localAuthorityCode ? regionOf(settings.localAuthorityCode) : null, 'region');
  add(ENGLAND_CODE, 'england');
  for (const code of settings.statisticalNeighbours) add(code, 'neighbour');
  const table = plainTable(
    'benchmarks',
    `Children’s social workers: rates against DfE published figures (latest published: ${year ?? 'none held'})`,
    'Area',
    [
      { key: 'turnoverRate', label: 'Turnover rate %', format: 'percent' },
      { key: 'agencyRate', label: 'Agency rate %', format: 'percent' },
      { key: 'vacancyRate', label: 'Vacancy rate %', format: 'percent' },
      { key: 'absenceRate', label: 'Absence rate %', format: 'percent' },
    ],
    rows,
    [
      `Published figures: ${CSWW_SOURCE}, latest published: ${year ?? 'none held'} (FTE rates). Not published: shown as not available.`,
      `Job roles counted: ${CHILDRENS_SOCIAL_WORK_ROLES.map((c) => codeLabel(JOB_ROLES, c)).join(', ')}.`,
    ],
  );
  return { year, jobRoles: CHILDRENS_SOCIAL_WORK_ROLES, rowKinds, table, source: CSWW_SOURCE };
}
