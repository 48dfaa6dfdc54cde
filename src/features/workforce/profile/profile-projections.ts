/*
 * The profile's projections (pure): who will need replacing over 5 and 10 years. The real groups
 * (FTE in post, people reaching retirement age) are protected first (src/lib/disclosure.ts); the
 * modelled figures are computed from them and rounded, not hidden (docs/adr/0013).
 */
import { protectDerived, protectFte, roundModelled, type Protection, type Tally } from '../../../lib/disclosure.ts';
import { SUPPRESSED } from '../../../lib/suppression.ts';
import { JOB_ROLES, SERVICE_CODES, codeLabel } from '../standard/standard.ts';
import { birthYearForAge, percent } from './measures.ts';
import { current, employees, protectedRates, rateInputs, tally } from './profile-build.ts';
import type { Group } from './profile-groups.ts';
import { measureTable } from './profile-table.ts';
import type { Projections } from './profile-types.ts';
import { project, type ProjectionGroup } from './projections.ts';

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
