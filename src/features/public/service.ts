/*
 * The public progress page (issue 16 point 4) at /p/<slug>: open to anyone once a partnership
 * administrator publishes it. Every count of people on it passes the suppression threshold (counts
 * of 1 to threshold−1 are shown as 'c'); counts of actions are exact, as actions are not people
 * (docs/adr/0034). It names no one: priorities, counts of actions by RAG, indicators with their
 * direction of travel, and the training headline.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { systemActor } from '../../auth/actor.ts';
import { addDays, todayInLondon } from '../../lib/dates.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { suppressCount } from '../../lib/suppression.ts';
import { nowIso } from '../../lib/time.ts';
import { DEFAULT_THEMES } from '../assessment/framework.ts';
import { findPartnershipBySlug } from '../partnerships/repository.ts';
import type { IndicatorsService } from '../plan/indicators-service.ts';
import { actionView } from '../plan/actions-service.ts';
import * as plan from '../plan/repository.ts';
import { parsePositions } from '../plan/plan-input.ts';
import { ragCounts, shownIndicatorValue } from '../reports/theme-figures.ts';
import * as reports from '../reports/theme-repository.ts';

const themeName = (position: number) => DEFAULT_THEMES.find((t) => t.position === position)?.name ?? '';

export function createPublicProgressService(db: Kysely<Database>, indicators: IndicatorsService, threshold: number) {
  /** The published partnership with this slug; any other slug, or one not published, is not found. */
  async function published(slug: string) {
    const partnership = await findPartnershipBySlug(db, slug);
    if (!partnership) throw new NotFoundError('Page');
    const setting = await reports.findPublication(db, partnership.id);
    if (setting?.progress_published !== 1) throw new NotFoundError('Page');
    return { partnership, since: setting.changed_at };
  }

  return {
    async progress(slug: string) {
      const { partnership } = await published(slug);
      const pid = partnership.id;
      const today = todayInLondon();
      const actor = systemActor(pid, 'Public progress page');
      const [priorities, actions, measured, training] = await Promise.all([
        plan.listPriorities(db, pid),
        plan.listActions(db, pid),
        indicators.list(actor),
        reports.trainingTally(db, pid, { since: `${addDays(today, -365)}T00:00:00.000Z`, until: nowIso() }),
      ]);
      const rags = actions.map((a) => actionView(a, today).status.rag);
      return {
        partnership: { name: partnership.name, slug },
        today,
        priorities: priorities.map((p) => ({
          rank: Number(p.rank),
          title: p.title,
          themes: parsePositions(p.themes)
            .map((t) => themeName(t))
            .filter(Boolean),
        })),
        actionCount: actions.length,
        rag: ragCounts(rags),
        indicators: measured.indicators.map((i) => ({
          name: i.name,
          unit: i.unit,
          value: shownIndicatorValue(i.latest?.value ?? null, i.unit, i.latest?.suppressed ?? false, threshold),
          target: i.latest?.target ?? null,
          rag: i.latest?.rag ?? 'none',
          vsLastQuarter: i.latest?.vsLastQuarter ?? 'none',
          vsLastYear: i.latest?.vsLastYear ?? 'none',
          quarterEnd: i.latest?.quarterEnd ?? null,
        })),
        training: {
          sessions: suppressCount(training.sessions, threshold),
          people: suppressCount(training.people, threshold),
        },
        threshold,
      };
    },
  };
}

export type PublicProgressService = ReturnType<typeof createPublicProgressService>;
export type PublicProgress = Awaited<ReturnType<PublicProgressService['progress']>>;
