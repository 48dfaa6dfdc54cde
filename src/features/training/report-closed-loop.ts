/*
 * The closed loop (issue 14, point 10): for each OCWT theme, the courses linked to it and the
 * training delivered in a window between self-assessment rounds — sessions run (not cancelled,
 * started by now) and people trained (attended in full, each counted once per theme, suppressed
 * below the threshold). A round's date is the day it closed (or opened, or was made).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { addDays, formatDate, todayInLondon } from '../../lib/dates.ts';
import { nowIso } from '../../lib/time.ts';
import { suppressCount, type Shown } from '../../lib/suppression.ts';
import { londonTime } from './forms.ts';
import { trainingPaths } from './paths.ts';

type Db = Kysely<Database>;

/** From the first day (YYYY-MM-DD) up to, not including, `until`. */
export interface ThemeWindow {
  from: string;
  until: string;
}

export interface ThemeTraining {
  theme: number;
  courses: { id: number; title: string; href: string }[];
  sessionsRun: number;
  peopleTrained: Shown<number>;
}

/** The theme positions a course's `themes` column lists (JSON of "1" … "8"). */
export function themePositions(json: string): number[] {
  try {
    const list: unknown = JSON.parse(json);
    return Array.isArray(list) ? list.map(Number).filter((n) => Number.isInteger(n) && n >= 1 && n <= 8) : [];
  } catch {
    return [];
  }
}

interface RoundDate {
  id: number;
  date: string;
}

async function roundDates(db: Db, partnershipId: number): Promise<RoundDate[]> {
  const rows = await db
    .selectFrom('assessment_rounds')
    .select(['id', 'opens_on', 'closes_on', 'created_at'])
    .where('partnership_id', '=', partnershipId)
    .execute();
  return rows
    .map((r) => ({ id: r.id, date: r.closes_on ?? r.opens_on ?? r.created_at.slice(0, 10) }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.id - b.id);
}

/** Up to today at the latest: later days have delivered nothing yet. */
const capped = (until: string) => {
  const tomorrow = addDays(todayInLondon(), 1);
  return until < tomorrow ? until : tomorrow;
};

/**
 * A round's window: since the round before it, up to its own date; for the first round, since it
 * up to today. Null when the round is not this partnership's.
 */
export async function roundWindow(db: Db, partnershipId: number, roundId: number): Promise<ThemeWindow | null> {
  const rounds = await roundDates(db, partnershipId);
  const index = rounds.findIndex((r) => r.id === roundId);
  const round = rounds[index];
  if (!round) return null;
  const before = rounds[index - 1];
  return before
    ? { from: before.date, until: capped(addDays(round.date, 1)) }
    : { from: round.date, until: capped(addDays(todayInLondon(), 1)) };
}

/** Between two rounds, earlier to later, whichever order they are given in. */
export async function betweenRounds(db: Db, partnershipId: number, a: number, b: number): Promise<ThemeWindow | null> {
  const rounds = await roundDates(db, partnershipId);
  const [first, second] = [rounds.find((r) => r.id === a), rounds.find((r) => r.id === b)];
  if (!first || !second) return null;
  const [from, to] = first.date <= second.date ? [first.date, second.date] : [second.date, first.date];
  return { from, until: capped(addDays(to, 1)) };
}

const THEMES = [1, 2, 3, 4, 5, 6, 7, 8];

/**
 * Every theme's sessions run and people trained in one query (docs/adr/0041): each linked course's
 * sessions, with their attended bookings, grouped by the themes the course is linked to.
 */
async function themeCounts(
  db: Db,
  partnershipId: number,
  window: ThemeWindow,
  themes: { theme: number; ids: number[] }[],
): Promise<Map<number, { sessions: number; people: number }>> {
  const pairs = themes.flatMap(({ theme, ids }) =>
    ids.map((id) => sql`(cast(${theme} as integer), cast(${id} as integer))`),
  );
  if (!pairs.length) return new Map();
  // VALUES names its columns column1, column2 on both engines (SQLite takes no column list).
  const linked = sql<{
    theme: number;
    course_id: number;
  }>`(select column1 as theme, column2 as course_id from (values ${sql.join(pairs)}) as v)`;
  const from = londonTime(window.from, '00:00');
  const until = londonTime(window.until, '00:00');
  const now = nowIso();
  const rows = await db
    .selectFrom(linked.as('t'))
    .innerJoin('training_sessions as s', 's.course_id', 't.course_id')
    .leftJoin('training_bookings as b', (join) =>
      join.onRef('b.session_id', '=', 's.id').on('b.status', '=', 'attended'),
    )
    .where('s.partnership_id', '=', partnershipId)
    .where('s.status', '=', 'scheduled')
    .where('s.starts_at', '>=', from)
    .where('s.starts_at', '<', until < now ? until : now)
    .groupBy('t.theme')
    .select([
      't.theme',
      sql<number>`count(distinct s.id)`.as('sessions'),
      sql<number>`count(distinct b.practitioner_id)`.as('people'),
    ])
    .execute();
  return new Map(rows.map((r) => [Number(r.theme), { sessions: Number(r.sessions), people: Number(r.people) }]));
}

export async function trainingByTheme(
  db: Db,
  partnershipId: number,
  window: ThemeWindow,
  threshold: number,
): Promise<ThemeTraining[]> {
  const courses = await db
    .selectFrom('training_courses')
    .select(['id', 'title', 'themes'])
    .where('partnership_id', '=', partnershipId)
    .where('status', '=', 'active')
    .orderBy('title')
    .execute();
  const themes = THEMES.map((theme) => {
    const linked = courses.filter((c) => themePositions(c.themes).includes(theme));
    return { theme, linked, ids: linked.map((c) => c.id) };
  });
  const counts = await themeCounts(db, partnershipId, window, themes);
  return themes.map(({ theme, linked }) => {
    return {
      theme,
      courses: linked.map((c) => ({ id: c.id, title: c.title, href: trainingPaths.course({ id: c.id }) })),
      sessionsRun: counts.get(theme)?.sessions ?? 0,
      peopleTrained: suppressCount(counts.get(theme)?.people ?? 0, threshold),
    };
  });
}

export interface ClosedLoop {
  window: ThemeWindow;
  themes: ThemeTraining[];
}

/** Each theme's training as the results and compare pages show it, by theme position. */
export function closedLoopRows(loop: ClosedLoop | null | undefined) {
  if (!loop) return null;
  const last = addDays(loop.window.until, -1);
  return {
    from: formatDate(loop.window.from),
    to: formatDate(last),
    byTheme: Object.fromEntries(
      loop.themes.map((t) => [
        t.theme,
        { ...t, sessionsText: String(t.sessionsRun), peopleText: String(t.peopleTrained) },
      ]),
    ),
  };
}
