/*
 * One page per OCWT theme (issue 16 point 5): the closed loop from the self-assessment's gap to
 * the plan's priorities and actions, training and indicators, and back to re-assessment.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type Actor, hasCapability, requireCapability } from '../../auth/actor.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { suppressCount, type Shown } from '../../lib/suppression.ts';
import { nowIso } from '../../lib/time.ts';
import { itemAt } from '../../lib/lists.ts';
import { recordAudit } from '../audit/service.ts';
import { DEFAULT_STAGES, DEFAULT_THEMES } from '../assessment/framework.ts';
import { findFramework } from '../assessment/repository.ts';
import { cellMeans, groupedAnswerCounts, listPriorities as roundPriorities } from '../assessment/results-repository.ts';
import { scoreCells, ungrouped } from '../assessment/scoring.ts';
import { actionView } from '../plan/actions-service.ts';
import type { IndicatorsService } from '../plan/indicators-service.ts';
import * as plan from '../plan/repository.ts';
import { parsePositions } from '../plan/plan-input.ts';
import { todayInLondon } from '../../lib/dates.ts';
import * as repo from './theme-repository.ts';
import { shownAverage, shownChange, shownIndicatorValue, shownMean } from './theme-figures.ts';

export const THEMES = [1, 2, 3, 4, 5, 6, 7, 8] as const;

type Db = Kysely<Database>;
type StageScores = Map<number, Shown<number> | null>;

/** A round's shown mean for each stage of one theme. */
async function stageScores(db: Db, pid: number, round: repo.ScoredRound, theme: number, threshold: number) {
  const scores: StageScores = new Map();
  if (round.kind === 'historic') {
    for (const c of await cellMeans(db, pid, round.id))
      if (c.theme === theme) scores.set(c.stage, shownMean(c.mean, null, threshold));
    return scores;
  }
  const counts = await groupedAnswerCounts(db, pid, round.id, round.focus_group_counting);
  for (const c of scoreCells(ungrouped(counts)))
    if (c.theme === theme) scores.set(c.stage, shownMean(c.mean, c.n, threshold));
  return scores;
}

async function frameworkOf(db: Db, pid: number, round: repo.ScoredRound | undefined) {
  const found = round ? await findFramework(db, pid, round.framework_id) : undefined;
  return { themes: found?.themes ?? DEFAULT_THEMES, stages: found?.stages ?? DEFAULT_STAGES };
}

export class ThemeReportService {
  readonly db: Db;
  readonly indicators: IndicatorsService;
  readonly threshold: number;
  constructor(db: Db, indicators: IndicatorsService, threshold: number) {
    this.db = db;
    this.indicators = indicators;
    this.threshold = threshold;
  }

  async scores(pid: number, theme: number) {
    const rounds = await repo.scoredRounds(this.db, pid);
    const [previous, latest] = rounds.length >= 2 ? rounds.slice(-2) : [undefined, rounds.at(-1)];
    const framework = await frameworkOf(this.db, pid, latest);
    const [now, before] = await Promise.all([
      latest ? stageScores(this.db, pid, latest, theme, this.threshold) : (new Map() satisfies StageScores),
      previous ? stageScores(this.db, pid, previous, theme, this.threshold) : (new Map() satisfies StageScores),
    ]);
    const stages = framework.stages.map((s) => {
      const to = now.get(s.position) ?? null;
      const from = before.get(s.position) ?? null;
      return { position: s.position, name: s.name, latest: to, previous: from, ...shownChange(from, to) };
    });
    const averages = {
      latest: shownAverage(stages.map((s) => s.latest)),
      previous: shownAverage(stages.map((s) => s.previous)),
    };
    const round = (r: repo.ScoredRound | undefined) => (r ? { id: r.id, name: r.name, heldOn: r.held_on } : null);
    return {
      theme: framework.themes.find((t) => t.position === theme) ?? itemAt(DEFAULT_THEMES, theme - 1, 'default theme'),
      stages,
      stageNames: new Map(framework.stages.map((s) => [s.position, s.name])),
      averages: { ...averages, ...shownChange(averages.previous, averages.latest) },
      latest: round(latest),
      previous: round(previous),
    };
  }

  async plannedWork(pid: number, theme: number) {
    const today = todayInLondon();
    const [priorities, actions] = await Promise.all([
      plan.listPriorities(this.db, pid),
      plan.listActions(this.db, pid),
    ]);
    return {
      priorities: priorities
        .filter((p) => parsePositions(p.themes).includes(theme))
        .map((p) => ({ id: p.id, rank: Number(p.rank), title: p.title })),
      actions: actions.map((row) => actionView(row, today)).filter((a) => a.themes.includes(theme)),
    };
  }

  async training(pid: number, theme: number, since: string | null) {
    const courses = await repo.coursesForTheme(this.db, pid, theme);
    const courseIds = courses.map((c) => c.id);
    const until = nowIso();
    const [total, recent] = await Promise.all([
      repo.trainingTally(this.db, pid, { courseIds, until }),
      since ? repo.trainingTally(this.db, pid, { courseIds, until, since }) : null,
    ]);
    const shown = (t: repo.TrainingTally) => ({
      sessions: suppressCount(t.sessions, this.threshold),
      people: suppressCount(t.people, this.threshold),
    });
    return { courses, total: shown(total), sinceLatest: recent ? shown(recent) : null };
  }

  async linkedIndicators(actor: Actor, theme: number) {
    const ids = await repo.linkedIndicatorIds(this.db, actor.partnershipId, theme);
    const all = (await this.indicators.list(actor)).indicators;
    const row = (i: (typeof all)[number]) => ({
      id: i.id,
      name: i.name,
      unit: i.unit,
      value: shownIndicatorValue(i.latest?.value ?? null, i.unit, i.latest?.suppressed ?? false, this.threshold),
      rag: i.latest?.rag ?? 'none',
      vsLastQuarter: i.latest?.vsLastQuarter ?? 'none',
      quarterEnd: i.latest?.quarterEnd ?? null,
    });
    return {
      linked: all.filter((i) => ids.includes(i.id)).map(row),
      unlinked: all.filter((i) => !ids.includes(i.id)).map((i) => ({ id: i.id, name: i.name })),
    };
  }

  /** Everything the theme's page shows; every figure already through the suppression module. */
  async page(actor: Actor, theme: number) {
    requireCapability(actor, 'reports:view');
    if (!THEMES.some((t) => t === theme)) throw new NotFoundError('Theme');
    const pid = actor.partnershipId;
    const found = await this.scores(pid, theme);
    const [work, taught, linked, gaps] = await Promise.all([
      this.plannedWork(pid, theme),
      this.training(pid, theme, found.latest?.heldOn ?? null),
      this.linkedIndicators(actor, theme),
      found.latest ? roundPriorities(this.db, pid, found.latest.id) : Promise.resolve([]),
    ]);
    const since = found.latest?.heldOn ?? null;
    return {
      ...found,
      ...work,
      assessmentPriorities: gaps
        .filter((p) => Number(p.theme) === theme)
        .map((p) => ({
          stage: p.stage === null ? null : (found.stageNames.get(Number(p.stage)) ?? null),
          note: p.note,
        })),
      // Actions, not people: exact (docs/adr/0034).
      completedSince: since
        ? work.actions.filter((a) => a.status.rag === 'blue' && (a.lastUpdateOn ?? '') >= since).length
        : null,
      training: taught,
      indicators: linked,
      canEdit: hasCapability(actor, 'plan:edit'),
      threshold: this.threshold,
    };
  }

  /** Shows (or stops showing) a success indicator on a theme's page; audited. */
  async setIndicatorLink(actor: Actor, theme: number, indicatorId: number, linked: boolean): Promise<string> {
    requireCapability(actor, 'plan:edit');
    if (!THEMES.some((t) => t === theme)) throw new NotFoundError('Theme');
    const indicator = await this.db
      .selectFrom('plan_indicators')
      .select(['id', 'name'])
      .where('partnership_id', '=', actor.partnershipId)
      .where('id', '=', indicatorId)
      .executeTakeFirst();
    if (!indicator) throw new ValidationError({ indicatorId: 'Select an indicator from the list' });
    const existing = await repo.linkedIndicatorIds(this.db, actor.partnershipId, theme);
    if (existing.includes(indicator.id) === linked) return indicator.name;
    await this.db.transaction().execute(async (trx) => {
      if (linked)
        await trx
          .insertInto('report_theme_indicators')
          .values({ partnership_id: actor.partnershipId, theme, indicator_id: indicator.id })
          .execute();
      else
        await trx
          .deleteFrom('report_theme_indicators')
          .where('partnership_id', '=', actor.partnershipId)
          .where('theme', '=', theme)
          .where('indicator_id', '=', indicator.id)
          .execute();
      await recordAudit(trx, actor, {
        action: linked ? 'link' : 'unlink',
        entityType: 'report_theme_indicator',
        entityId: `${theme}:${indicator.id}`,
        summary: `${linked ? 'Linked' : 'Unlinked'} indicator ${indicator.name} ${linked ? 'to' : 'from'} OCWT theme ${theme}`,
        after: { theme, indicatorId: indicator.id, linked },
      });
    });
    return indicator.name;
  }
}

export const createThemeReportService = (db: Db, indicators: IndicatorsService, threshold: number) =>
  new ThemeReportService(db, indicators, threshold);

export type ThemePage = Awaited<ReturnType<ThemeReportService['page']>>;
