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
  roundModelled,
  type Protection,
  type Tally,
} from '../../../lib/disclosure.ts';
import { SUPPRESSED, type Shown } from '../../../lib/suppression.ts';
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
import { project, type ProjectionGroup } from './projections.ts';
import type { Group, TrendPoint, VacancyGroup } from './profile-repository.ts';
import { ETHNICITY_CODES } from './profile-repository.ts';
import { current, employees, ethnicGroupOf, protectedRates, rateInputs, tally } from './profile-build.ts';
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

/** Non-retirement turnover from protected FTE: the model's rate, which the page shows. */
function otherLeaverRate(groups: Group[], p: Protection): { rate: number | null; inPost: Tally } {
  const r = protectedRates(groups, [], p);
  const leavers = groups.filter((g) => g.status === 'leaver');
  const others = tally(leavers, (g) => g.n - (g.reason.retired ?? 0));
  const raw = rateInputs(groups, []);
  const otherFte = protectFte(raw.leaversFte - raw.retiredFte, others, p);
  return { rate: percent(otherFte, r.fteInPost), inPost: r.inPost };
}

type Line = ReturnType<typeof project>['byJobRole'][number];
const yearsTally = (gs: Group[], from: number, to: number) =>
  tally(gs, (g) => g.retire.slice(from, to).reduce((b, [n]) => b + n, 0));

/**
 * A projection line from protected figures: the FTE in post and the retirements are real people
 * (protected); the other leavers and the FTE to recruit are modelled from them and only rounded.
 */
function protectLine(line: Line, gs: Group[], rate: number, p: Protection) {
  const inPost = tally(gs, (g) => g.n);
  const fteInPost = protectFte(line.fteInPost, inPost, p);
  const retirements5 = protectFte(line.retirements5, yearsTally(gs, 1, 6), p);
  const retirements10 = protectFte(line.retirements10, yearsTally(gs, 1, 11), p);
  const otherLeavers5 = roundModelled((fteInPost * rate * 5) / 100, p);
  const otherLeavers10 = roundModelled((fteInPost * rate * 10) / 100, p);
  const total10 = roundModelled(retirements10 + otherLeavers10, p);
  return {
    counts: { inPost, retirees5: yearsTally(gs, 1, 6), retirees10: yearsTally(gs, 1, 11) },
    extra: {
      fteInPost,
      retirements5,
      otherLeavers5,
      total5: roundModelled(retirements5 + otherLeavers5, p),
      retirements10,
      otherLeavers10,
      total10,
      percent10: fteInPost > 0 ? Math.round((total10 / fteInPost) * 1000) / 10 : (null as unknown as number),
    },
  };
}

export function buildProjections(
  groups: Group[],
  censusDate: string | null,
  retirementAge: number,
  protection: Protection,
): Projections {
  const p = protection;
  const inPost = current(employees(groups));
  const overall = otherLeaverRate(groups, p);
  const otherRate = overall.rate ?? 0;
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
  // Each role's and service's own non-retirement turnover, where enough people are in post.
  const ratesBy = (keyOf: (g: Group) => string) => {
    const out: Record<string, number> = {};
    for (const key of new Set(groups.map(keyOf))) {
      const own = otherLeaverRate(
        groups.filter((g) => keyOf(g) === key),
        p,
      );
      if (own.rate !== null && protectDerived(own.rate, [own.inPost], p) !== SUPPRESSED) out[key] = own.rate;
    }
    return out;
  };
  const rates = { jobRole: ratesBy((g) => g.job_role), service: ratesBy((g) => g.service) };
  const result = project({
    censusDate: censusDate ?? '2000-01-01',
    retirementAge,
    otherLeaverRate: otherRate,
    groups: inPost.flatMap(toProjection),
    rates,
  });
  const countCols = [
    { key: 'inPost', label: 'Employees in post', format: 'count' as const },
    { key: 'retirees5', label: 'Reaching retirement age in 5 years', format: 'count' as const },
    { key: 'retirees10', label: 'Reaching retirement age in 10 years', format: 'count' as const },
  ];
  const pick = (k: keyof Line, label: string, uses: string[], format: 'fte' | 'percent' = 'fte') => ({
    key: k,
    label,
    format,
    uses,
    compute: (_c: Record<string, number>, e: Record<string, number>) => e[k] ?? null,
  });
  const derived = [
    pick('fteInPost', 'FTE in post', []),
    pick('retirements5', 'Retirements FTE, 5 years', []),
    pick('otherLeavers5', 'Other leavers FTE, 5 years', []),
    pick('total5', 'To recruit FTE, 5 years', []),
    pick('retirements10', 'Retirements FTE, 10 years', []),
    pick('otherLeavers10', 'Other leavers FTE, 10 years', []),
    pick('total10', 'To recruit FTE, 10 years', []),
    pick('percent10', '% of FTE to replace in 10 years', ['inPost'], 'percent'),
  ];
  const lineRows = (
    lines: Line[],
    label: (k: string) => string,
    groupsOf: (k: string) => Group[],
    own: Record<string, number>,
  ) =>
    lines
      .filter((l) => l.key !== '')
      .map((l) => ({
        key: l.key,
        label: label(l.key),
        ...protectLine(l, groupsOf(l.key), own[l.key] ?? otherRate, p),
      }));
  const notes = [
    `Retirement at ${retirementAge}; other leavers at each row’s observed non-retirement turnover rate (overall ${otherRate}% a year where a row has too few people), everyone replaced.`,
    'Retirements and FTE in post are protected figures about real people; other leavers and the FTE to recruit are modelled from them and rounded to whole FTE, never hidden.',
  ];
  const byJobRole = measureTable(
    'projection-job-role',
    'Projected leavers by job role',
    'Job role',
    lineRows(
      result.byJobRole,
      (k) => codeLabel(JOB_ROLES, k),
      (k) => inPost.filter((g) => g.job_role === k),
      rates.jobRole,
    ),
    countCols,
    derived,
    p,
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
      rates.service,
    ),
    countCols,
    derived,
    p,
    { totals: false, notes },
  );
  const fteInPost = protectFte(
    inPost.reduce((a, g) => a + g.fte, 0),
    overall.inPost,
    p,
  );
  const otherPerYear = roundModelled((fteInPost * otherRate) / 100, p);
  const byYear = measureTable(
    'projection-year',
    'FTE to recruit each year to stand still',
    'Year',
    result.byYear.map((y) => {
      const retirees = yearsTally(inPost, y.year, y.year + 1);
      const retirements = protectFte(y.retirements, retirees, p);
      return {
        key: `year-${y.year}`,
        label: `Year ${y.year}`,
        counts: { retirees },
        extra: { retirements, otherLeavers: otherPerYear, recruitNeeded: roundModelled(retirements + otherPerYear, p) },
      };
    }),
    [{ key: 'retirees', label: 'Reaching retirement age', format: 'count' }],
    [
      { key: 'retirements', label: 'Retirements FTE', format: 'fte', uses: [], compute: (_c, e) => e.retirements! },
      { key: 'otherLeavers', label: 'Other leavers FTE', format: 'fte', uses: [], compute: (_c, e) => e.otherLeavers! },
      { key: 'recruitNeeded', label: 'FTE to recruit', format: 'fte', uses: [], compute: (_c, e) => e.recruitNeeded! },
    ],
    p,
    { totals: false, notes },
  );
  let largestGap: Projections['largestGap'] = null;
  for (const [kind, table] of [
    ['jobRole', byJobRole],
    ['service', byService],
  ] as const) {
    for (const row of table.rows) {
      const percent10 = row.values.percent10;
      if (typeof percent10 === 'number' && (!largestGap || percent10 > largestGap.percent10))
        largestGap = { kind, key: row.key, label: row.label, percent10 };
    }
  }
  return {
    retirementAge,
    turnoverRate: protectDerived(otherRate, [overall.inPost], p),
    byJobRole,
    byService,
    byYear,
    largestGap,
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
    { key: 'headcount', label: 'Headcount', format: 'count', value: (p) => protectCount(p.headcount, pr) },
    { key: 'fteInPost', label: 'FTE in post', format: 'fte', value: (p) => shown(p).fteInPost },
    { key: 'leaversFte', label: 'Leavers FTE', format: 'fte', value: (p) => shown(p).leaversFte },
    { key: 'agencyFte', label: 'Agency FTE', format: 'fte', value: (p) => shown(p).agencyFte },
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
      ...dates.map((d) => ({ key: d, label: d, format: 'count' as const })),
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
    `Children’s social workers: rates against DfE published figures (${year})`,
    'Area',
    [
      { key: 'turnoverRate', label: 'Turnover rate %', format: 'percent' },
      { key: 'agencyRate', label: 'Agency rate %', format: 'percent' },
      { key: 'vacancyRate', label: 'Vacancy rate %', format: 'percent' },
      { key: 'absenceRate', label: 'Absence rate %', format: 'percent' },
    ],
    rows,
    [
      `Published figures: ${CSWW_SOURCE}, ${year} (FTE rates). Not published: shown as not available.`,
      `Job roles counted: ${CHILDRENS_SOCIAL_WORK_ROLES.map((c) => codeLabel(JOB_ROLES, c)).join(', ')}.`,
    ],
  );
  return { year, jobRoles: CHILDRENS_SOCIAL_WORK_ROLES, rowKinds, table, source: CSWW_SOURCE };
}
