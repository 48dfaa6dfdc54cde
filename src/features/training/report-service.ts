/*
 * The training quarterly report (issue 14, point 9) and the closed loop's figures (point 10):
 * aggregates only, read by coordinators, steering group members, viewers and administrators
 * (`training:view`), every count of people suppressed by its section.
 */
import type { Kysely } from 'kysely';
import { requireCapability, type Actor } from '../../auth/actor.ts';
import type { Database } from '../../db/schema.ts';
import { todayInLondon } from '../../lib/dates.ts';
import { ValidationError } from '../../lib/errors.ts';
import { LruCache } from '../../lib/lru-cache.ts';
import {
  betweenRounds,
  roundWindow,
  trainingByTheme,
  type ClosedLoop,
  type ThemeCounts,
  type ThemeWindow,
} from './report-closed-loop.ts';
import { defaultQuarter, parseQuarter, type Quarter } from './report-quarter.ts';
import type { ReportContext, TrainingReport } from './report-section.ts';
import { REPORT_SECTIONS } from './report-sections.ts';

type Db = Kysely<Database>;

/** A quarter's context for the sections (and the plan's indicators, which read the same figures). */
export function reportContext(db: Db, partnershipId: number, quarter: Quarter, threshold: number): ReportContext {
  const memos = new Map<string, Promise<unknown>>();
  return {
    db,
    partnershipId,
    quarter,
    threshold,
    today: todayInLondon(),
    memo: <T>(key: string, load: () => Promise<T>) => {
      if (!memos.has(key)) memos.set(key, load());
      return memos.get(key) as Promise<T>;
    },
  };
}

/** Builds every section for one quarter; the memo lets sections share what they load. */
export async function buildReport(db: Db, partnershipId: number, quarter: Quarter, threshold: number) {
  const ctx = reportContext(db, partnershipId, quarter, threshold);
  const sections = [];
  for (const section of REPORT_SECTIONS) {
    const content = await section.build(ctx);
    sections.push({ slug: section.slug, title: section.title, intro: section.intro, ...content });
  }
  const report: TrainingReport = { quarter, threshold, generatedOn: ctx.today, sections };
  return report;
}

/** The quarter a request names, the last one ended when it names none; a malformed one is a field error. */
export function chosenQuarter(id: string | undefined): Quarter {
  if (!id) return defaultQuarter();
  const quarter = parseQuarter(id);
  if (!quarter) throw new ValidationError({ quarter: 'Select a quarter from the list, written like 2026-Q3' });
  return quarter;
}

// A window's theme counts per worker, by their data version (docs/adr/0047): results pages show them on every view.
const THEME_COUNT_ENTRIES = 64;

export function createTrainingReportService(db: Db, threshold: number) {
  const themeCounts = new LruCache<ThemeCounts>(THEME_COUNT_ENTRIES);
  const closedLoop = async (partnershipId: number, found: Promise<ThemeWindow | null>): Promise<ClosedLoop | null> => {
    const window = await found;
    return window ? { window, themes: await trainingByTheme(db, partnershipId, window, threshold, themeCounts) } : null;
  };
  return {
    report: (actor: Actor, quarterId?: string) => {
      requireCapability(actor, 'training:view');
      return buildReport(db, actor.partnershipId, chosenQuarter(quarterId), threshold);
    },
    /** The closed loop on a round's results: each theme's courses and the training delivered since the round before. */
    forRound: (actor: Actor, roundId: number) => {
      requireCapability(actor, 'assessment:results');
      return closedLoop(actor.partnershipId, roundWindow(db, actor.partnershipId, roundId));
    },
    /** The same between two compared rounds. */
    betweenRounds: (actor: Actor, from: number, to: number) => {
      requireCapability(actor, 'assessment:results');
      return closedLoop(actor.partnershipId, betweenRounds(db, actor.partnershipId, from, to));
    },
    /** How often the closed loop's counts were served from the cache, for the tests. */
    themeCountStats: () => ({ hits: themeCounts.hits, misses: themeCounts.misses, size: themeCounts.size }),
  };
}

export type TrainingReportService = ReturnType<typeof createTrainingReportService>;
