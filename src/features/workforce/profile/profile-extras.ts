/*
 * The profile's comparative parts (pure): ethnicity against the Census population, projections,
 * trends across census dates and DfE benchmarks for children's social workers. Counts of our
 * people go through suppressTable / suppressDerived before anything is computed from them.
 */
import { SUPPRESSED, suppressCount, suppressDerived, suppressTable, type Shown } from '../../../lib/suppression.ts';
import {
  absenceRate,
  agencyRate,
  birthYearForAge,
  difference,
  oneDecimal,
  percent,
  representationRatio,
  turnoverRate,
  vacancyRate,
} from './measures.ts';
import { HEADLINE } from './headline.ts';
import { project, type ProjectionGroup } from './projections.ts';
import type { Group, TrendPoint, VacancyGroup } from './profile-groups.ts';
import { ETHNICITY_CODES } from './profile-groups.ts';
import { current, employees, ethnicGroupOf, rateInputs } from './profile-build.ts';
import { measureTable, plainTable } from './profile-table.ts';
import type {
  Benchmarks,
  BenchmarkAreaKind,
  PopulationComparison,
  ProfileRow,
  ProfileTable,
  Projections,
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
const sumEth = (groups: Group[], codes: string[]) =>
  groups.reduce((a, g) => a + codes.reduce((b, c) => b + (g.ethnicity[c] ?? 0), 0), 0);

/** Rows × ethnic groups as % of each row's known ethnicities, after suppressing the counts. */
function percentByGroup(
  id: string,
  title: string,
  rowHeader: string,
  rows: Array<{ key: string; label: string; groups: Group[] }>,
  population: Record<string, number> | null,
  threshold: number,
): ProfileTable {
  const groupCodes = ETHNIC_GROUPS.map((g) => g.code);
  const counts = rows.map((r) =>
    groupCodes.map((code) =>
      sumEth(
        r.groups,
        KNOWN.filter((e) => ethnicGroupOf(e) === code),
      ),
    ),
  );
  const s = suppressTable(counts, { threshold, rowTotals: true, columnTotals: true });
  const body: ProfileRow[] = rows.map((r, i) => {
    const total = counts[i]!.reduce((a, b) => a + b, 0);
    const totalShown = s.rowTotals[i] !== SUPPRESSED;
    return {
      key: r.key,
      label: r.label,
      values: Object.fromEntries(
        groupCodes.map((code, j) => [
          code,
          s.cells[i]![j] === SUPPRESSED || !totalShown ? SUPPRESSED : percent(counts[i]![j]!, total),
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

export function buildComparison(groups: Group[], areaCode: string | null, threshold: number): PopulationComparison {
  const now = current(groups);
  const pop = areaCode ? populationByEthnicity(areaCode) : null;
  const population = pop?.counts ?? null;
  const popTotal = population ? KNOWN.reduce((a, e) => a + (population[e] ?? 0), 0) : 0;
  const workforceKnown = sumEth(now, KNOWN);
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
    threshold,
    { notes },
  );
  const byCategory = measureTable(
    'ethnicity-category-comparison',
    'Ethnicity (19 categories): workforce and local population',
    'Ethnicity',
    compareRows(KNOWN.map((e) => ({ key: e, label: codeLabel(ETHNICITIES, e), codes: [e] }))),
    [{ key: 'headcount', label: 'Headcount', format: 'count' }],
    derivedColumns,
    threshold,
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
      threshold,
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
      threshold,
    ),
  };
}

export function buildProjections(
  groups: Group[],
  censusDate: string | null,
  retirementAge: number,
  threshold: number,
): Projections {
  const inPost = current(employees(groups));
  const r = rateInputs(groups, []);
  const otherRate = percent(r.leaversFte - r.retiredFte, r.fteInPost) ?? 0;
  const a0 = censusDate ? birthYearForAge(0, censusDate) : 0;
  const toProjection = (g: Group): ProjectionGroup[] => {
    const retiring = g.retire.slice(1).reduce((a, [, fte]) => a + fte, 0);
    return [
      // A year with no FTE adds nothing to any sum (the undated entry below keeps the group's key).
      ...g.retire
        .slice(1)
        .flatMap(([, fte], i) =>
          fte === 0 ? [] : [{ jobRole: g.job_role, service: g.service, birthYear: a0 - retirementAge + i + 1, fte }],
        ),
      { jobRole: g.job_role, service: g.service, birthYear: null, fte: g.fte - retiring },
    ];
  };
  // Each role's and service's own non-retirement turnover, where enough people are in post and left.
  const ratesBy = (keyOf: (g: Group) => string) => {
    const out: Record<string, number> = {};
    for (const key of new Set(groups.map(keyOf))) {
      const k = rateInputs(
        groups.filter((g) => keyOf(g) === key),
        [],
      );
      const rate = percent(k.leaversFte - k.retiredFte, k.fteInPost);
      if (rate !== null && k.inPostN >= threshold && (k.leaversN === 0 || k.leaversN >= threshold)) out[key] = rate;
    }
    return out;
  };
  const result = project({
    censusDate: censusDate ?? '2000-01-01',
    retirementAge,
    otherLeaverRate: otherRate,
    groups: inPost.flatMap(toProjection),
    rates: { jobRole: ratesBy((g) => g.job_role), service: ratesBy((g) => g.service) },
  });
  const counts = (gs: Group[]) => ({
    inPost: gs.reduce((a, g) => a + g.n, 0),
    retirees5: gs.reduce((a, g) => a + g.retire.slice(1, 6).reduce((b, [n]) => b + n, 0), 0),
    retirees10: gs.reduce((a, g) => a + g.retire.slice(1, 11).reduce((b, [n]) => b + n, 0), 0),
  });
  const countCols = [
    { key: 'inPost', label: 'Employees in post', format: 'count' as const },
    { key: 'retirees5', label: 'Reaching retirement age in 5 years', format: 'count' as const },
    { key: 'retirees10', label: 'Reaching retirement age in 10 years', format: 'count' as const },
  ];
  type Line = ReturnType<typeof project>['byJobRole'][number];
  const pick = (k: keyof Line, label: string, uses: string[], format: 'fte' | 'percent' = 'fte') => ({
    key: k,
    label,
    format,
    uses,
    compute: (_c: Record<string, number>, e: Record<string, number>) => e[k] ?? null,
  });
  const derived = [
    pick('fteInPost', 'FTE in post', ['inPost']),
    pick('retirements5', 'Retirements FTE, 5 years', ['retirees5']),
    pick('otherLeavers5', 'Other leavers FTE, 5 years', ['inPost']),
    pick('total5', 'To recruit FTE, 5 years', ['inPost', 'retirees5']),
    pick('retirements10', 'Retirements FTE, 10 years', ['retirees10']),
    pick('otherLeavers10', 'Other leavers FTE, 10 years', ['inPost']),
    pick('total10', 'To recruit FTE, 10 years', ['inPost', 'retirees10']),
    pick('percent10', '% of FTE to replace in 10 years', ['inPost', 'retirees10'], 'percent'),
  ];
  const lineRows = (lines: Line[], label: (k: string) => string, groupsOf: (k: string) => Group[]) =>
    lines
      .filter((l) => l.key !== '')
      .map((l) => ({
        key: l.key,
        label: label(l.key),
        counts: counts(groupsOf(l.key)),
        extra: l as unknown as Record<string, number>,
      }));
  const notes = [
    `Retirement at ${retirementAge}; other leavers at each row’s observed non-retirement turnover rate (overall ${otherRate}% a year where a row has too few people), everyone replaced.`,
  ];
  const byJobRole = measureTable(
    'projection-job-role',
    'Projected leavers by job role',
    'Job role',
    lineRows(
      result.byJobRole,
      (k) => codeLabel(JOB_ROLES, k),
      (k) => inPost.filter((g) => g.job_role === k),
    ),
    countCols,
    derived,
    threshold,
    { totals: false, notes },
  );
  const byService = measureTable(
    'projection-service',
    'Projected leavers by service',
    'Service',
    lineRows(
      result.byService,
      (k) => codeLabel(SERVICE_CODES, k),
      (k) => inPost.filter((g) => g.service === k),
    ),
    countCols,
    derived,
    threshold,
    { totals: false, notes },
  );
  const byYear = measureTable(
    'projection-year',
    'FTE to recruit each year to stand still',
    'Year',
    result.byYear.map((y) => ({
      key: `year-${y.year}`,
      label: `Year ${y.year}`,
      counts: { retirees: inPost.reduce((a, g) => a + g.retire[y.year]![0], 0) },
      extra: { ...y },
    })),
    [{ key: 'retirees', label: 'Reaching retirement age', format: 'count' }],
    [
      {
        key: 'retirements',
        label: 'Retirements FTE',
        format: 'fte',
        uses: ['retirees'],
        compute: (_c, e) => e.retirements!,
      },
      {
        key: 'otherLeavers',
        label: 'Other leavers FTE',
        format: 'fte',
        uses: [],
        compute: (_c, e) => (r.inPostN > 0 && r.inPostN < threshold ? null : e.otherLeavers!),
      },
      {
        key: 'recruitNeeded',
        label: 'FTE to recruit',
        format: 'fte',
        uses: ['retirees'],
        compute: (_c, e) => e.recruitNeeded!,
      },
    ],
    threshold,
    { totals: false, notes },
  );
  let largestGap: Projections['largestGap'] = null;
  for (const [kind, table] of [
    ['jobRole', byJobRole],
    ['service', byService],
  ] as const) {
    for (const row of table.rows) {
      const p = row.values.percent10;
      if (typeof p === 'number' && (!largestGap || p > largestGap.percent10))
        largestGap = { kind, key: row.key, label: row.label, percent10: p };
    }
  }
  return {
    retirementAge,
    turnoverRate: suppressDerived(otherRate, r.inPostN, threshold),
    byJobRole,
    byService,
    byYear,
    largestGap,
  };
}

export function buildTrends(points: TrendPoint[], threshold: number, workingDays: number): Trends {
  const c = (v: number, n: number): Shown<number> => suppressDerived(oneDecimal(v), n, threshold);
  const rate = (v: number | null, ...ns: number[]): Shown<number> | null =>
    ns.some((n) => suppressCount(n, threshold) === SUPPRESSED) ? SUPPRESSED : v;
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
      value: (p) => suppressCount(p.inPostN, threshold),
    },
    { key: 'fteInPost', label: HEADLINE.fteInPost.label, format: 'fte', value: (p) => c(p.fteInPost, p.inPostN) },
    { key: 'leaversFte', label: HEADLINE.leaversFte.label, format: 'fte', value: (p) => c(p.leaversFte, p.leaversN) },
    { key: 'agencyFte', label: HEADLINE.agencyFte.label, format: 'fte', value: (p) => c(p.agencyFte, p.agencyN) },
    { key: 'vacancyFte', label: 'Vacancies FTE', format: 'fte', value: (p) => oneDecimal(p.vacancyFte) },
    {
      key: 'turnoverRate',
      label: 'Turnover rate %',
      format: 'percent',
      value: (p) => rate(turnoverRate(p.leaversFte, p.fteInPost), p.inPostN, p.leaversN),
    },
    {
      key: 'vacancyRate',
      label: 'Vacancy rate %',
      format: 'percent',
      value: (p) => rate(vacancyRate(p.vacancyFte, p.fteInPost), p.inPostN),
    },
    {
      key: 'agencyRate',
      label: 'Agency rate %',
      format: 'percent',
      value: (p) => rate(agencyRate(p.agencyFte, p.fteInPost), p.inPostN, p.agencyN),
    },
    {
      key: 'absenceRate',
      label: 'Absence rate %',
      format: 'percent',
      value: (p) => rate(absenceRate(p.sick, p.fteInPost, workingDays), p.inPostN),
    },
    {
      key: 'aged55PlusPercent',
      label: '% aged 55 or over',
      format: 'percent',
      value: (p) => rate(percent(p.aged55, p.agedKnown), p.aged55, p.agedKnown - p.aged55),
    },
    {
      key: 'level3PlusPercent',
      label: '% qualified to level 3 or above',
      format: 'percent',
      value: (p) => rate(percent(p.level3, p.levelKnown), p.level3, p.levelKnown - p.level3),
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
  threshold: number,
): Benchmarks {
  const year = latestCswwYear();
  const csw = groups.filter((g) => CHILDRENS_SOCIAL_WORK_ROLES.includes(g.job_role));
  const r = rateInputs(
    csw,
    vacancies.filter((v) => CHILDRENS_SOCIAL_WORK_ROLES.includes(v.job_role)),
  );
  const hide = (v: number | null, ...ns: number[]) =>
    ns.some((n) => suppressCount(n, threshold) === SUPPRESSED) ? SUPPRESSED : v;
  const rowKinds: Record<string, BenchmarkAreaKind> = { partnership: 'partnership' };
  const rows: ProfileRow[] = [
    {
      key: 'partnership',
      label: 'This partnership (latest census date)',
      values: {
        turnoverRate: hide(turnoverRate(r.leaversFte, r.fteInPost), r.inPostN, r.leaversN),
        agencyRate: hide(agencyRate(r.agencyFte, r.fteInPost), r.inPostN, r.agencyN),
        vacancyRate: hide(vacancyRate(r.vacancyFte, r.fteInPost), r.inPostN),
        absenceRate: hide(absenceRate(r.sick, r.fteInPost, settings.workingDays), r.inPostN),
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
