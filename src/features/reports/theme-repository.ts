/*
 * The reports' own queries (issue 16 points 4–6), each scoped to one partnership. They read the
 * assessment, plan and training tables; the figures they return are raw and pass through the
 * suppression module in the services before anyone sees them.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database>;

/** Statuses of a booking whose person came (in whole or in part). */
export const TRAINED = ['attended', 'partially_attended'] as const;

export interface ScoredRound {
  id: number;
  name: string;
  kind: 'live' | 'historic';
  framework_id: number;
  focus_group_counting: 'one' | 'participants';
  /** When it was held: its closing date, else its opening date, else when it was made. */
  held_on: string;
}

/** Rounds that have scores (live rounds, open or closed, with a submitted answer; historic ones), oldest first. */
export async function scoredRounds(db: Db, partnershipId: number): Promise<ScoredRound[]> {
  const rows = await db
    .selectFrom('assessment_rounds as r')
    .select(['id', 'name', 'kind', 'framework_id', 'focus_group_counting', 'opens_on', 'closes_on', 'created_at'])
    .where('r.partnership_id', '=', partnershipId)
    .where('r.status', '!=', 'draft')
    .where((eb) =>
      eb.or([
        eb('r.kind', '=', 'historic'),
        eb.exists(
          eb
            .selectFrom('assessment_answers as a')
            .select('a.id')
            .where('a.partnership_id', '=', partnershipId)
            .whereRef('a.round_id', '=', 'r.id')
            .where('a.counted', '=', 1),
        ),
      ]),
    )
    .execute();
  return rows
    .map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      framework_id: r.framework_id,
      focus_group_counting: r.focus_group_counting,
      held_on: (r.kind === 'historic' ? r.closes_on : r.opens_on) ?? r.closes_on ?? r.created_at.slice(0, 10),
    }))
    .sort((a, b) => a.held_on.localeCompare(b.held_on) || a.id - b.id);
}

/** The partnership's courses whose OCWT themes include `theme` (the course↔theme link, issue 14). */
export async function coursesForTheme(db: Db, partnershipId: number, theme: number) {
  const courses = await db
    .selectFrom('training_courses')
    .select(['id', 'title', 'themes'])
    .where('partnership_id', '=', partnershipId)
    .orderBy('title')
    .execute();
  return courses.filter((c) => themesOf(c.themes).includes(theme)).map(({ id, title }) => ({ id, title }));
}

/** A course's themes as positions 1–8, whether stored as numbers or as text ("4", "theme-4"). */
export function themesOf(json: string): number[] {
  try {
    const list: unknown = JSON.parse(json);
    if (!Array.isArray(list)) return [];
    return list
      .map((t) => (typeof t === 'number' ? t : Number(/(\d+)$/.exec(String(t))?.[1])))
      .filter((t) => Number.isInteger(t) && t >= 1 && t <= 8);
  } catch {
    return [];
  }
}

export interface TrainingTally {
  sessions: number;
  people: number;
}

/**
 * Sessions run (not cancelled, started by `until`) and distinct people who attended them, on the
 * given courses (or all), from `since`, optionally only the people of one organisation.
 */
export async function trainingTally(
  db: Db,
  partnershipId: number,
  filter: { courseIds?: number[]; since?: string; until: string; organisationId?: number },
): Promise<TrainingTally> {
  if (filter.courseIds && filter.courseIds.length === 0) return { sessions: 0, people: 0 };
  let sessions = db
    .selectFrom('training_sessions as s')
    .where('s.partnership_id', '=', partnershipId)
    .where('s.status', '=', 'scheduled')
    .where('s.starts_at', '<=', filter.until);
  if (filter.courseIds) sessions = sessions.where('s.course_id', 'in', filter.courseIds);
  if (filter.since) sessions = sessions.where('s.starts_at', '>=', filter.since);
  let people = sessions
    .innerJoin('training_bookings as b', 'b.session_id', 's.id')
    .where('b.status', 'in', TRAINED)
    .where('b.partnership_id', '=', partnershipId);
  if (filter.organisationId !== undefined) people = people.where('b.organisation_id', '=', filter.organisationId);
  const [s, p] = await Promise.all([
    sessions.select(sql<number>`count(*)`.as('n')).executeTakeFirst(),
    people.select(sql<number>`count(distinct b.practitioner_id)`.as('n')).executeTakeFirst(),
  ]);
  return { sessions: Number(s?.n ?? 0), people: Number(p?.n ?? 0) };
}

/** No-shows of one organisation's people on sessions from `since` to `until`. */
export async function noShows(db: Db, partnershipId: number, organisationId: number, since: string, until: string) {
  const row = await db
    .selectFrom('training_bookings as b')
    .innerJoin('training_sessions as s', 's.id', 'b.session_id')
    .select(sql<number>`count(distinct b.practitioner_id)`.as('n'))
    .where('b.partnership_id', '=', partnershipId)
    .where('b.organisation_id', '=', organisationId)
    .where('b.status', '=', 'no_show')
    .where('s.starts_at', '>=', since)
    .where('s.starts_at', '<=', until)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export const linkedIndicatorIds = async (db: Db, partnershipId: number, theme: number): Promise<number[]> =>
  (
    await db
      .selectFrom('report_theme_indicators')
      .select('indicator_id')
      .where('partnership_id', '=', partnershipId)
      .where('theme', '=', theme)
      .orderBy('indicator_id')
      .execute()
  ).map((r) => r.indicator_id);

export const findPublication = (db: Db, partnershipId: number) =>
  db.selectFrom('report_publications').selectAll().where('partnership_id', '=', partnershipId).executeTakeFirst();

/** The latest current return of an organisation, if it has one. */
export const currentReturn = (db: Db, partnershipId: number, organisationId: number) =>
  db
    .selectFrom('workforce_returns')
    .select(['census_date', 'submitted_at', 'submitted_by_label', 'worker_count', 'vacancy_count', 'fte_total'])
    .where('partnership_id', '=', partnershipId)
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'current')
    .orderBy('census_date', 'desc')
    .executeTakeFirst();
