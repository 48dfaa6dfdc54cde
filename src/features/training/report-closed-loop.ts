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
  const from = londonTime(window.from, '00:00');
  const until = londonTime(window.until, '00:00');
  const now = nowIso();
  const ran = db
    .selectFrom('training_sessions as s')
    .where('s.partnership_id', '=', partnershipId)
    .where('s.status', '=', 'scheduled')
    .where('s.starts_at', '>=', from)
    .where('s.starts_at', '<', until < now ? until : now);
  const result: ThemeTraining[] = [];
  for (let theme = 1; theme <= 8; theme += 1) {
    const linked = courses.filter((c) => themePositions(c.themes).includes(theme));
    const ids = linked.length ? linked.map((c) => c.id) : [-1];
    const sessions = await ran
      .where('s.course_id', 'in', ids)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    const people = await ran
      .innerJoin('training_bookings as b', 'b.session_id', 's.id')
      .where('s.course_id', 'in', ids)
      .where('b.status', '=', 'attended')
      .select(sql<number>`count(distinct b.practitioner_id)`.as('n'))
      .executeTakeFirst();
    result.push({
      theme,
      courses: linked.map((c) => ({ id: c.id, title: c.title, href: trainingPaths.course({ id: c.id }) })),
      sessionsRun: Number(sessions?.n ?? 0),
      peopleTrained: suppressCount(Number(people?.n ?? 0), threshold),
    });
  }
  return result;
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
