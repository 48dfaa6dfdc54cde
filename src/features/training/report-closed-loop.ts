/*
 * The closed loop (issue 14, point 10): for each OCWT theme, the courses linked to it and the
 * training delivered in a window between self-assessment rounds — sessions run (not cancelled,
 * started by now) and people trained (attended in full, each counted once per theme, suppressed
 * below the threshold). A round's date is the day it closed (or opened, or was made).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { addDays, formatDate, todayInLondon } from '../../lib/dates.ts';
import type { LruCache } from '../../lib/lru-cache.ts';
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

export type ThemeCounts = Map<number, { sessions: number; people: number }>;

/** The sessions a window counts: the partnership's, scheduled, started in the window and by now. */
function countedSessions(window: ThemeWindow) {
  const until = londonTime(window.until, '00:00');
  const now = nowIso();
  return { from: londonTime(window.from, '00:00'), until: until < now ? until : now };
}

/**
 * Every theme's sessions run and people trained in one query (docs/adr/0041): each linked course's
 * sessions, with their attended bookings, grouped by the themes the course is linked to.
 */
async function themeCounts(
  db: Db,
  partnershipId: number,
  window: ThemeWindow,
  themes: { theme: number; ids: number[] }[],
): Promise<ThemeCounts> {
  const pairs = themes.flatMap(({ theme, ids }) =>
    ids.map((id) => sql`(cast(${theme} as integer), cast(${id} as integer))`),
  );
  if (!pairs.length) return new Map();
  // VALUES names its columns column1, column2 on both engines (SQLite takes no column list).
  const linked = sql<{
    theme: number;
    course_id: number;
  }>`(select column1 as theme, column2 as course_id from (values ${sql.join(pairs)}) as v)`;
  const { from, until } = countedSessions(window);
  const rows = await db
    .selectFrom(linked.as('t'))
    .innerJoin('training_sessions as s', 's.course_id', 't.course_id')
    .leftJoin('training_bookings as b', (join) =>
      join.onRef('b.session_id', '=', 's.id').on('b.status', '=', 'attended'),
    )
    .where('s.partnership_id', '=', partnershipId)
    .where('s.status', '=', 'scheduled')
    .where('s.starts_at', '>=', from)
    .where('s.starts_at', '<', until)
    .groupBy('t.theme')
    .select([
      't.theme',
      sql<number>`count(distinct s.id)`.as('sessions'),
      sql<number>`count(distinct b.practitioner_id)`.as('people'),
    ])
    .execute();
  return new Map(rows.map((r) => [Number(r.theme), { sessions: Number(r.sessions), people: Number(r.people) }]));
}

// Squares of ids reduced first, so that the sum stays within 64 bits (as the compliance version does).
const squared = sql`cast(id % 65521 as bigint) * (id % 65521)`;

/**
 * The data version of a window's theme counts (docs/adr/0047): the sessions it counts (their
 * number, and the sum and sum of squares of their ids, which change whenever one enters or leaves
 * the set: a new or cancelled session, a date moved, a start passed) and the last booking event
 * anywhere (every booking's status change appends one, so an attendance marked or undone shows).
 * The linked courses are read afresh on every view and are part of the key.
 */
async function themeCountsVersion(db: Db, partnershipId: number, window: ThemeWindow): Promise<string> {
  const { from, until } = countedSessions(window);
  const { rows } = await sql<Record<string, unknown>>`
    select count(*) as sessions, sum(id) as ids, sum(${squared}) as squares,
           (select max(id) from training_booking_events) as last_event
    from training_sessions
    where partnership_id = ${partnershipId} and status = 'scheduled' and starts_at >= ${from} and starts_at < ${until}`.execute(
    db,
  );
  return Object.values(rows[0] ?? {})
    .map((v) => String(v ?? ''))
    .join('/');
}

async function cachedThemeCounts(
  db: Db,
  partnershipId: number,
  window: ThemeWindow,
  themes: { theme: number; ids: number[] }[],
  cache: LruCache<ThemeCounts> | undefined,
): Promise<ThemeCounts> {
  if (!cache) return themeCounts(db, partnershipId, window, themes);
  const version = await themeCountsVersion(db, partnershipId, window);
  const linked = themes.map((t) => t.ids.join(',')).join(';');
  const key = `${partnershipId}|${window.from}|${window.until}|${linked}|${version}`;
  const held = cache.get(key);
  if (held) return held;
  const counts = await themeCounts(db, partnershipId, window, themes);
  cache.set(key, counts);
  return counts;
}

/** Each theme's linked courses and training delivered in the window; counts are kept in `cache` by their data version. */
export async function trainingByTheme(
  db: Db,
  partnershipId: number,
  window: ThemeWindow,
  threshold: number,
  cache?: LruCache<ThemeCounts>,
): Promise<ThemeTraining[]> {
  const courses = await db
    .selectFrom('training_courses')
    .select(['id', 'title', 'themes'])
    .where('partnership_id', '=', partnershipId)
    .where('status', '=', 'active')
    .orderBy('title')
    .execute();
  const positions = new Map(courses.map((c) => [c.id, themePositions(c.themes)]));
  const themes = THEMES.map((theme) => {
    const linked = courses.filter((c) => positions.get(c.id)?.includes(theme));
    return { theme, linked, ids: linked.map((c) => c.id) };
  });
  const counts = await cachedThemeCounts(db, partnershipId, window, themes, cache);
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
