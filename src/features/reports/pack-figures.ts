/*
 * Works out a board pack's figures from the other features' services, as the partnership's system
 * reader, and compares each with the last issued pack. Counts of people go through
 * suppressCount (src/lib/suppression.ts); workforce figures come already protected from the
 * profile's disclosure control; counts of actions and risks describe the plan, not people.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { systemActor, type Actor } from '../../auth/actor.ts';
import { todayInLondon } from '../../lib/dates.ts';
import { suppressCount, type Shown } from '../../lib/suppression.ts';
import type { AssessmentResultsService } from '../assessment/results-service.ts';
import { cellLabel } from '../assessment/results-view.ts';
import type { ActionsService, ActionView } from '../plan/actions-service.ts';
import type { FundingService } from '../plan/funding-service.ts';
import type { IndicatorsService } from '../plan/indicators-service.ts';
import { LIVE_SOURCES, isLiveSource, type Polarity } from '../plan/indicator-rules.ts';
import { heatMapCounts } from '../plan/risk-rules.ts';
import type { RisksService } from '../plan/risks-service.ts';
import type { ProfileService } from '../workforce/profile/profile-service.ts';
import { complianceMovement } from '../training/report-section-compliance.ts';
import { compared, earlier, quarterStartOf } from './pack-compare.ts';
import { trainingCounts } from './pack-repository.ts';
import type { PackFigures, PackTrainingRow, PackWorkforceRow } from './pack-types.ts';

export interface FigureSources {
  actions: ActionsService;
  risks: RisksService;
  indicators: IndicatorsService;
  funding: FundingService;
  profile: ProfileService;
  assessment: AssessmentResultsService;
}

type Before = PackFigures | null;

/** Exceptions are listed red first, then amber, then stale actions of any other colour; each by due date. */
const severity = (rag: string) => ({ red: 0, amber: 1 })[rag] ?? 2;

/** The pack's count of actions by status, each with the polarity that says whether a rise is good news. */
const RAG_ROWS: { key: string; label: string; polarity: Polarity; counts: (a: ActionView) => boolean }[] = [
  { key: 'red', label: 'Red', polarity: 'lower', counts: (a) => a.status.rag === 'red' },
  { key: 'amber', label: 'Amber', polarity: 'lower', counts: (a) => a.status.rag === 'amber' },
  { key: 'stale', label: 'Stale (no update for 6 weeks)', polarity: 'lower', counts: (a) => a.status.stale },
  { key: 'green', label: 'Green', polarity: 'higher', counts: (a) => a.status.rag === 'green' },
  { key: 'grey', label: 'Not started', polarity: 'lower', counts: (a) => a.status.rag === 'grey' },
  { key: 'blue', label: 'Complete', polarity: 'higher', counts: (a) => a.status.rag === 'blue' },
];

function ragFigures(actions: ActionView[], before: Before): PackFigures['rag'] {
  return RAG_ROWS.map((row) => ({
    key: row.key,
    label: row.label,
    ...compared(
      actions.filter(row.counts).length,
      earlier(before?.rag, (r) => r.key === row.key),
      row.polarity,
    ),
  }));
}

const lead = (a: ActionView) => (a.leadOrganisation ? `${a.leadName}, ${a.leadOrganisation}` : a.leadName);

function exceptionFigures(live: ActionView[]): PackFigures['exceptions'] {
  return live
    .filter((a) => a.status.rag === 'red' || a.status.rag === 'amber' || a.status.stale)
    .sort((a, b) => severity(a.status.rag) - severity(b.status.rag) || a.dueDate.localeCompare(b.dueDate))
    .map((a) => ({
      id: a.id,
      title: a.title,
      priority: a.priorityTitle ?? '',
      lead: lead(a),
      dueDate: a.dueDate,
      progress: a.progress,
      rag: a.status.rag,
      stale: a.status.stale,
      lastUpdateOn: a.lastUpdateOn,
    }));
}

function completedFigures(actions: ActionView[], quarter: { start: string; end: string }): PackFigures['completed'] {
  return actions
    .filter(
      (a) =>
        a.status.rag === 'blue' && a.lastUpdateOn && a.lastUpdateOn >= quarter.start && a.lastUpdateOn <= quarter.end,
    )
    .map((a) => ({ id: a.id, title: a.title, priority: a.priorityTitle ?? '', completedOn: a.lastUpdateOn ?? '' }));
}

function greenFigures(live: ActionView[]): PackFigures['green'] {
  const greens = new Map<string, number>();
  for (const a of live.filter((x) => x.status.rag === 'green' && !x.status.stale))
    greens.set(a.priorityTitle ?? 'No priority', (greens.get(a.priorityTitle ?? 'No priority') ?? 0) + 1);
  return [...greens].map(([priority, n]) => ({ priority, count: n }));
}

async function planFigures(
  sources: FigureSources,
  reader: Actor,
  quarter: { start: string; end: string },
  before: Before,
) {
  const actions = await sources.actions.list(reader);
  const live = actions.filter((a) => a.status.rag !== 'blue');
  return {
    rag: ragFigures(actions, before),
    exceptions: exceptionFigures(live),
    completed: completedFigures(actions, quarter),
    green: greenFigures(live),
  };
}

async function riskFigures(sources: FigureSources, reader: Actor): Promise<PackFigures['risks']> {
  const risks = await sources.risks.list(reader);
  const top = [...risks]
    .sort((a, b) => b.residual.score - a.residual.score || b.inherentScore - a.inherentScore)
    .slice(0, 5)
    .map((r) => ({
      title: r.title,
      owner: r.owner,
      inherentScore: r.inherentScore,
      residualScore: r.residual.score,
      level: r.residualLevel,
      aboveAppetite: r.aboveAppetite,
    }));
  return { heatMap: heatMapCounts(risks.map((r) => r.residual)), top, total: risks.length };
}

async function indicatorFigures(sources: FigureSources, reader: Actor, before: Before) {
  const { indicators } = await sources.indicators.list(reader);
  return indicators.map((i) => {
    const latest = i.latest;
    const value: Shown<number> | null = latest?.suppressed ? 'c' : (latest?.value ?? null);
    return {
      name: i.name,
      unit: isLiveSource(i.source) ? LIVE_SOURCES[i.source].unit : i.unit,
      target: latest?.target ?? null,
      rag: latest?.rag ?? 'none',
      ...compared(
        value,
        earlier(before?.indicators, (b) => b.name === i.name),
        i.polarity,
      ),
    };
  });
}

const WORKFORCE_ROWS = [
  { key: 'headcount', label: 'Headcount (employees in post)', unit: 'people', polarity: 'neither', benchmark: null },
  { key: 'fteInPost', label: 'FTE in post', unit: 'FTE', polarity: 'neither', benchmark: null },
  { key: 'turnoverRate', label: 'Turnover rate', unit: '%', polarity: 'lower', benchmark: 'turnoverRate' },
  { key: 'vacancyRate', label: 'Vacancy rate', unit: '%', polarity: 'lower', benchmark: 'vacancyRate' },
  { key: 'agencyRate', label: 'Agency rate', unit: '%', polarity: 'lower', benchmark: 'agencyRate' },
  { key: 'absenceRate', label: 'Absence rate', unit: '%', polarity: 'lower', benchmark: 'absenceRate' },
] as const;

async function workforceFigures(
  sources: FigureSources,
  reader: Actor,
  before: Before,
): Promise<PackFigures['workforce']> {
  const profile = await sources.profile.getProfile(reader);
  const england = profile.benchmarks.table.rows.find((r) => profile.benchmarks.rowKinds[r.key] === 'england');
  const rows: PackWorkforceRow[] = WORKFORCE_ROWS.map((row) => {
    const value = profile.empty ? null : (profile.measures[row.key] ?? null);
    const published = row.benchmark ? england?.values[row.benchmark] : null;
    return {
      key: row.key,
      label: row.label,
      unit: row.unit,
      england: typeof published === 'number' ? published : null,
      ...compared(
        value,
        earlier(before?.workforce.rows, (b) => b.key === row.key),
        row.polarity,
      ),
    };
  });
  return { censusDate: profile.filters.censusDate ?? null, benchmarkYear: profile.benchmarks.year, rows };
}

async function assessmentFigures(sources: FigureSources, reader: Actor, threshold: number) {
  const rounds = (await sources.assessment.listRounds(reader)).filter((r) => r.status !== 'draft');
  const latest = rounds.at(-1);
  if (!latest) return null;
  const results = await sources.assessment.results(reader, latest.id);
  return {
    round: results.round.name,
    status: results.round.statusText ?? results.round.status,
    submitted: results.round.kind === 'historic' ? null : suppressCount(results.submitted, threshold),
    themes: results.themes.map((t, i) => ({ name: t.name, average: results.averages.themes[i] ?? null })),
    priorities: results.priorities.map((p) => `${cellLabel(results, p.theme, p.stage)}: ${p.note}`),
  };
}

const TRAINING_ROWS = [
  { key: 'sessions', label: 'Sessions held', polarity: 'higher' },
  { key: 'booked', label: 'Places taken', polarity: 'higher' },
  { key: 'attended', label: 'Attended in full', polarity: 'higher' },
  { key: 'partly', label: 'Attended in part', polarity: 'neither' },
  { key: 'noShows', label: 'Did not attend (no-shows)', polarity: 'lower' },
  { key: 'cancelledLate', label: 'Cancelled after the cut-off', polarity: 'lower' },
] as const;

const COMPLIANCE_ROWS = [
  {
    key: 'compliantStart',
    figure: 'percentStart',
    label: 'Meeting training requirements at the start (%)',
    polarity: 'higher',
  },
  {
    key: 'compliantEnd',
    figure: 'percentEnd',
    label: 'Meeting training requirements at the end (%)',
    polarity: 'higher',
  },
  { key: 'complianceLapsed', figure: 'lapsed', label: 'Stopped meeting them during the quarter', polarity: 'lower' },
  {
    key: 'complianceNewly',
    figure: 'newlyCompliant',
    label: 'Started meeting them during the quarter',
    polarity: 'higher',
  },
] as const;

async function trainingFigures(
  db: Kysely<Database>,
  partnershipId: number,
  quarter: { start: string; end: string },
  threshold: number,
  before: Before,
) {
  const counts = await trainingCounts(db, partnershipId, quarter.start, quarter.end);
  const rows = TRAINING_ROWS.map((row): PackTrainingRow => ({
    key: row.key,
    label: row.label,
    ...compared(
      row.key === 'sessions' ? counts.sessions : suppressCount(counts[row.key], threshold),
      earlier(before?.training, (b) => b.key === row.key),
      row.polarity,
    ),
  }));
  return [...rows, ...(await complianceRows(db, partnershipId, quarter, before))];
}

/** Compliance movement, from the quarterly report's section (protected as the compliance matrix is). */
async function complianceRows(
  db: Kysely<Database>,
  partnershipId: number,
  quarter: { start: string; end: string },
  before: Before,
): Promise<PackTrainingRow[]> {
  const today = todayInLondon();
  if (quarter.start > today) return [];
  const movement = await complianceMovement(
    db,
    partnershipId,
    quarter.start,
    quarter.end < today ? quarter.end : today,
  );
  const total = movement.total;
  if (!total) return [];
  return COMPLIANCE_ROWS.map((row) => ({
    key: row.key,
    label: row.label,
    ...compared(
      total[row.figure],
      earlier(before?.training, (b) => b.key === row.key),
      row.polarity,
    ),
  }));
}

async function fundingFigures(sources: FigureSources, reader: Actor): Promise<PackFigures['funding']> {
  const overview = await sources.funding.overview(reader);
  const line = (name: string, t: { contributed: number; committed: number; spent: number; balance: number }) => ({
    name,
    contributed: t.contributed,
    committed: t.committed,
    spent: t.spent,
    balance: t.balance,
  });
  return { streams: overview.streams.map((s) => line(s.name, s.totals)), totals: line('All streams', overview.totals) };
}

/** Every figure of the pack for the quarter ending `quarterEnd`, compared with `before` (the last issued pack). */
export async function workOutFigures(
  db: Kysely<Database>,
  sources: FigureSources,
  context: { partnershipId: number; partnershipName: string; quarterEnd: string; threshold: number },
  before: Before,
): Promise<PackFigures> {
  const reader = systemActor(context.partnershipId, 'Board pack');
  const quarter = { start: quarterStartOf(context.quarterEnd), end: context.quarterEnd };
  const [plan, risks, indicators, workforce, assessment, training, funding] = await Promise.all([
    planFigures(sources, reader, quarter, before),
    riskFigures(sources, reader),
    indicatorFigures(sources, reader, before),
    workforceFigures(sources, reader, before),
    assessmentFigures(sources, reader, context.threshold),
    trainingFigures(db, context.partnershipId, quarter, context.threshold, before),
    fundingFigures(sources, reader),
  ]);
  return {
    version: 1,
    partnershipName: context.partnershipName,
    quarterStart: quarter.start,
    quarterEnd: quarter.end,
    asAt: todayInLondon(),
    threshold: context.threshold,
    comparedWith: before ? { quarterEnd: before.quarterEnd, asAt: before.asAt } : null,
    ...plan,
    risks,
    indicators,
    workforce,
    assessment,
    training,
    funding,
  };
}
