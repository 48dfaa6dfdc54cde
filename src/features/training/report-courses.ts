/*
 * Courses in the quarter: their sessions, places and waiting lists summed, and the rules that call
 * a course over- or under-subscribed and suggest new sessions. Pure over the session rows.
 */
import type { QuarterSession } from './report-data.ts';

export interface CourseFill {
  courseId: number;
  title: string;
  sessionsRun: number;
  offered: number;
  taken: number;
  unmet: number;
  underMinimum: number;
  /** The largest session of the course this quarter: the size a new session would be. */
  usualPlaces: number;
}

/** Over-subscribed: every place offered was taken and people were left on the waiting list. */
export const isOverSubscribed = (c: CourseFill) => c.offered > 0 && c.taken >= c.offered && c.unmet > 0;

/** Under-subscribed: at least one session that ran had fewer places taken than its minimum numbers. */
export const isUnderSubscribed = (c: CourseFill) => c.underMinimum > 0;

/** New sessions that would seat the unmet waiting-list demand, at the course's usual size. */
export const sessionsSuggested = (c: CourseFill) =>
  c.unmet > 0 && c.usualPlaces > 0 ? Math.ceil(c.unmet / c.usualPlaces) : 0;

export function courseFills(sessions: QuarterSession[]): CourseFill[] {
  const courses = new Map<number, CourseFill>();
  for (const s of sessions) {
    const c = courses.get(s.courseId) ?? {
      courseId: s.courseId,
      title: s.courseTitle,
      sessionsRun: 0,
      offered: 0,
      taken: 0,
      unmet: 0,
      underMinimum: 0,
      usualPlaces: 0,
    };
    c.usualPlaces = Math.max(c.usualPlaces, s.capacity);
    if (!s.cancelled) {
      c.sessionsRun += 1;
      c.offered += s.capacity;
      c.taken += s.taken;
      c.unmet += s.unmet;
      if (s.taken < s.minimum) c.underMinimum += 1;
    }
    courses.set(s.courseId, c);
  }
  return [...courses.values()].sort((a, b) => a.title.localeCompare(b.title) || a.courseId - b.courseId);
}
