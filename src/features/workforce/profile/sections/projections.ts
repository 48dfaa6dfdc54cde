/*
 * The profile's projections (pure): who will need replacing over 5 and 10 years. The real groups
 * (FTE in post, people reaching retirement age) are protected first (src/lib/disclosure.ts); the
 * modelled figures are computed from them and rounded, not hidden (docs/adr/0013).
 */
import { protectDerived, protectFte, roundModelled, type Protection, type Tally } from '../../../../lib/disclosure.ts';
import { SUPPRESSED } from '../../../../lib/suppression.ts';
import { JOB_ROLES, SERVICE_CODES, codeLabel } from '../../standard/standard.ts';
import { birthYearForAge, percent } from '../measures.ts';
import { current, employees, protectedRates, rateInputs, tally } from '../profile-build.ts';
import type { Group } from '../profile-groups.ts';
import { measureTable } from '../profile-table.ts';
import type { ProfileTable, Projections, WorkforceProfile } from '../profile-types.ts';
import { project, type ProjectionGroup } from '../projections.ts';
import type { Shown } from '../../../../lib/suppression.ts';
import { bars, stacked } from './charts.ts';
import { block, type ProfileSection } from './section.ts';

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
      // With no FTE in post there is no share to replace: the column's compute reads the missing key as null.
      ...(fteInPost > 0 ? { percent10: Math.round((total10 / fteInPost) * 1000) / 10 } : {}),
    },
  };
}

const COUNT_COLUMNS = [
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
const DERIVED_COLUMNS = [
  pick('fteInPost', 'FTE in post', []),
  pick('retirements5', 'Retirements FTE, 5 years', []),
  pick('otherLeavers5', 'Other leavers FTE, 5 years', []),
  pick('total5', 'To recruit FTE, 5 years', []),
  pick('retirements10', 'Retirements FTE, 10 years', []),
  pick('otherLeavers10', 'Other leavers FTE, 10 years', []),
  pick('total10', 'To recruit FTE, 10 years', []),
  pick('percent10', '% of FTE to replace in 10 years', ['inPost'], 'percent'),
];

/** The model's run over the employees in post, with each role's and service's own turnover where it may be shown. */
function runModel(
  groups: Group[],
  inPost: Group[],
  censusDate: string | null,
  retirementAge: number,
  otherRate: number,
  p: Protection,
) {
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
  return { rates, result };
}

/** The FTE to recruit each year: protected retirements plus the modelled other leavers. */
function yearTable(
  years: ReturnType<typeof project>['byYear'],
  inPost: Group[],
  otherPerYear: number,
  notes: string[],
  p: Protection,
) {
  return measureTable(
    'projection-year',
    'FTE to recruit each year to stand still',
    'Year',
    years.map((y) => {
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
      {
        key: 'retirements',
        label: 'Retirements FTE',
        format: 'fte',
        uses: [],
        compute: (_c, e) => e.retirements ?? null,
      },
      {
        key: 'otherLeavers',
        label: 'Other leavers FTE',
        format: 'fte',
        uses: [],
        compute: (_c, e) => e.otherLeavers ?? null,
      },
      {
        key: 'recruitNeeded',
        label: 'FTE to recruit',
        format: 'fte',
        uses: [],
        compute: (_c, e) => e.recruitNeeded ?? null,
      },
    ],
    p,
    { totals: false, notes },
  );
}

/** The job role or service with the most to recruit for its size over 10 years. */
function largestGapOf(byJobRole: ProfileTable, byService: ProfileTable): Projections['largestGap'] {
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
  return largestGap;
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
  const { rates, result } = runModel(groups, inPost, censusDate, retirementAge, otherRate, p);
  const notes = [
    `Retirement at ${retirementAge}; other leavers at each row’s observed non-retirement turnover rate (overall ${otherRate}% a year where a row has too few people), everyone replaced.`,
    'Retirements and FTE in post are protected figures about real people; other leavers and the FTE to recruit are modelled from them and rounded to whole FTE, never hidden.',
  ];
  const lineTable = (
    id: string,
    title: string,
    header: string,
    lines: Line[],
    label: (k: string) => string,
    groupsOf: (k: string) => Group[],
    own: Record<string, number>,
  ) =>
    measureTable(
      id,
      title,
      header,
      lines
        .filter((l) => l.key !== '')
        .map((l) => ({
          key: l.key,
          label: label(l.key),
          ...protectLine(l, groupsOf(l.key), own[l.key] ?? otherRate, p),
        })),
      COUNT_COLUMNS,
      DERIVED_COLUMNS,
      p,
      { totals: false, notes },
    );
  const byJobRole = lineTable(
    'projection-job-role',
    'Projected leavers by job role',
    'Job role',
    result.byJobRole,
    (k) => codeLabel(JOB_ROLES, k),
    (k) => inPost.filter((g) => g.job_role === k),
    rates.jobRole,
  );
  const byService = lineTable(
    'projection-service',
    'Projected leavers by service',
    'Service',
    result.byService,
    (k) => codeLabel(SERVICE_CODES, k),
    (k) => inPost.filter((g) => g.service === k),
    rates.service,
  );
  const fteInPost = protectFte(
    inPost.reduce((a, g) => a + g.fte, 0),
    overall.inPost,
    p,
  );
  const otherPerYear = roundModelled((fteInPost * otherRate) / 100, p);
  return {
    retirementAge,
    turnoverRate: protectDerived(otherRate, [overall.inPost], p),
    byJobRole,
    byService,
    byYear: yearTable(result.byYear, inPost, otherPerYear, notes, p),
    largestGap: largestGapOf(byJobRole, byService),
  };
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

export const projections: ProfileSection = {
  slug: 'projections',
  title: 'Projections',
  intro:
    'Retirements and other leavers expected over the next 5 and 10 years, and the FTE to recruit each year to stand still.',
  blocks: ({ projections: p }) => [
    block(p.byJobRole, bars(p.byJobRole, ['percent'], '%', 'percent10')),
    block(p.byService, bars(p.byService, ['percent'], '%', 'percent10')),
    block(p.byYear, stacked(p.byYear, 'fte', false, ['recruitNeeded'])),
  ],
  notes: (profile) => {
    const gap = largestGapSentence(profile.projections.largestGap);
    return [projectionTurnoverSentence(profile), ...(gap ? [gap] : [])];
  },
};
