import { sql, type Kysely, type Selectable } from 'kysely';
import type { DatabaseEngine } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import type {
  BookingStatusCode,
  TrainingBookingTable,
  TrainingCourseTable,
  TrainingPractitionerTable,
  TrainingSessionTable,
} from '../../db/training-schema.ts';
import { HOLDS_PLACE } from './booking-states.ts';
import { isKeyOf } from '../../lib/records.ts';
import { BOOKING_LIST_LIMIT, DELIVERY } from './codes.ts';

type Db = Kysely<Database>;
export type CourseRow = Selectable<TrainingCourseTable>;
export type SessionRow = Selectable<TrainingSessionTable>;
export type PractitionerRow = Selectable<TrainingPractitionerTable>;
export type BookingRow = Selectable<TrainingBookingTable>;

export interface CourseFilter {
  q: string;
  level: string;
  delivery: string;
  role: string;
}

/** The catalogue, filtered in SQL: words in the title or description, level, delivery, audience role. */
export function listCourses(db: Db, partnershipId: number, filter: CourseFilter): Promise<CourseRow[]> {
  let query = db
    .selectFrom('training_courses')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('status', '=', 'active');
  for (const word of filter.q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8)) {
    const like = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['title']), 'like', sql<string>`${like} escape '\\'`),
        eb(eb.fn('lower', ['description']), 'like', sql<string>`${like} escape '\\'`),
      ]),
    );
  }
  if (filter.level) query = query.where('level', '=', filter.level);
  if (filter.delivery)
    query = isKeyOf(DELIVERY, filter.delivery)
      ? query.where('delivery', '=', filter.delivery)
      : query.where(sql<boolean>`1 = 0`); // no course is delivered in an unknown way
  if (filter.role)
    query = query.where((eb) =>
      eb.or([eb('audience', '=', '[]'), eb('audience', 'like', `%${JSON.stringify(filter.role)}%`)]),
    );
  return query.orderBy('title').orderBy('id').execute();
}

export const findCourse = (db: Db, partnershipId: number, id: number) =>
  db
    .selectFrom('training_courses')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();

export type SessionSummary = SessionRow & { taken: number; waiting: number };

/** A course's sessions with their places taken and waiting-list length, soonest first. */
export async function listSessions(db: Db, partnershipId: number, courseId: number): Promise<SessionSummary[]> {
  const rows = await db
    .selectFrom('training_sessions')
    .selectAll('training_sessions')
    .select((eb) => [
      eb
        .selectFrom('training_bookings as b')
        .whereRef('b.session_id', '=', 'training_sessions.id')
        .where('b.status', 'in', HOLDS_PLACE)
        .select(eb.fn.countAll<number>().as('n'))
        .as('taken'),
      eb
        .selectFrom('training_bookings as b')
        .whereRef('b.session_id', '=', 'training_sessions.id')
        .where('b.status', '=', 'waitlisted')
        .select(eb.fn.countAll<number>().as('n'))
        .as('waiting'),
    ])
    .where('partnership_id', '=', partnershipId)
    .where('course_id', '=', courseId)
    .orderBy('starts_at')
    .execute();
  return rows.map((r) => ({ ...r, taken: Number(r.taken ?? 0), waiting: Number(r.waiting ?? 0) }));
}

export const findSession = (db: Db, partnershipId: number, id: number) =>
  db
    .selectFrom('training_sessions')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();

export const sessionDates = (db: Db, sessionId: number) =>
  db
    .selectFrom('training_session_dates')
    .select(['starts_at', 'ends_at'])
    .where('session_id', '=', sessionId)
    .orderBy('starts_at')
    .execute();

export async function replaceSessionDates(
  db: Db,
  partnershipId: number,
  sessionId: number,
  dates: { starts_at: string; ends_at: string }[],
): Promise<void> {
  await db.deleteFrom('training_session_dates').where('session_id', '=', sessionId).execute();
  await db
    .insertInto('training_session_dates')
    .values(dates.map((d) => ({ ...d, partnership_id: partnershipId, session_id: sessionId })))
    .execute();
}

/**
 * Takes the session's row lock for the rest of the transaction (PostgreSQL); SQLite's
 * transactions begin IMMEDIATE and so already hold the one writer lock. Everything that gives
 * out or frees a place runs under it, so two bookings can never both see the last place free.
 */
export async function lockSession(db: Db, engine: DatabaseEngine, partnershipId: number, id: number) {
  const query = db
    .selectFrom('training_sessions')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id);
  return (engine === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
}

export async function placesTaken(db: Db, sessionId: number): Promise<number> {
  const row = await db
    .selectFrom('training_bookings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('session_id', '=', sessionId)
    .where('status', 'in', HOLDS_PLACE)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export const findPractitioner = (db: Db, partnershipId: number, id: number) =>
  db
    .selectFrom('training_practitioners')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();

export const practitionerByEmail = (db: Db, partnershipId: number, email: string) =>
  db
    .selectFrom('training_practitioners')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('email', '=', email)
    .executeTakeFirst();

export const practitionerOfUser = (db: Db, partnershipId: number, userId: number) =>
  db
    .selectFrom('training_practitioners')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('user_id', '=', userId)
    .executeTakeFirst();

export const PRACTITIONER_PAGE = 50;

/** Practitioners matching words in their name or email (all when none), first 50 by name, and how many match. */
export async function listPractitioners(db: Db, partnershipId: number, organisationId: number | null, q = '') {
  let query = db.selectFrom('training_practitioners').where('partnership_id', '=', partnershipId);
  if (organisationId !== null) query = query.where('organisation_id', '=', organisationId);
  for (const word of q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 4)) {
    const like = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['name']), 'like', sql<string>`${like} escape '\\'`),
        eb('email', 'like', sql<string>`${like} escape '\\'`),
      ]),
    );
  }
  const [rows, total] = await Promise.all([
    query.selectAll().orderBy('name').orderBy('id').limit(PRACTITIONER_PAGE).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export const practitionerEmailTaken = (db: Db, partnershipId: number, email: string) =>
  db
    .selectFrom('training_practitioners')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .where('email', '=', email)
    .executeTakeFirst();

export const liveBooking = (db: Db, sessionId: number, practitionerId: number) =>
  db
    .selectFrom('training_bookings')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('practitioner_id', '=', practitionerId)
    .where('live', '=', 1)
    .executeTakeFirst();

export const findBooking = (db: Db, partnershipId: number, id: number) =>
  db
    .selectFrom('training_bookings')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();

export const bookingByApproval = (db: Db, hash: string) =>
  db.selectFrom('training_bookings').selectAll().where('approval_token_hash', '=', hash).executeTakeFirst();

/** The earliest on the waiting list: places go in the order requests were accepted. */
export const firstWaiting = (db: Db, sessionId: number) =>
  db
    .selectFrom('training_bookings')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('status', '=', 'waitlisted')
    .orderBy('id')
    .executeTakeFirst();

export const sessionBookings = (db: Db, sessionId: number, statuses?: readonly BookingStatusCode[]) => {
  let query = db
    .selectFrom('training_bookings as b')
    .innerJoin('training_practitioners as p', 'p.id', 'b.practitioner_id')
    .innerJoin('organisations as o', 'o.id', 'b.organisation_id')
    .selectAll('b')
    .select(['p.name', 'p.email', 'p.job_role', 'o.name as organisation_name'])
    .where('b.session_id', '=', sessionId);
  if (statuses) query = query.where('b.status', 'in', statuses);
  return query.orderBy('b.id').execute();
};

export type BookingListRow = BookingRow & {
  name: string;
  course_title: string;
  starts_at: string;
  organisation_name: string;
};

/** Whose bookings a list shows: one person's, one organisation's, or the partnership's from a time. */
export interface BookingScope {
  practitionerId?: number;
  organisationId?: number;
  from?: string;
}

function bookingsIn(db: Db, partnershipId: number, scope: BookingScope) {
  let query = db
    .selectFrom('training_bookings as b')
    .innerJoin('training_sessions as s', 's.id', 'b.session_id')
    .where('b.partnership_id', '=', partnershipId);
  if (scope.practitionerId !== undefined) query = query.where('b.practitioner_id', '=', scope.practitionerId);
  if (scope.organisationId !== undefined) query = query.where('b.organisation_id', '=', scope.organisationId);
  if (scope.from !== undefined) query = query.where('s.starts_at', '>=', scope.from);
  return query;
}

/** Bookings in the scope, latest session first: `limit` of them from `offset` (at most 200 unless told). */
export function listBookings(
  db: Db,
  partnershipId: number,
  scope: BookingScope,
  { limit = BOOKING_LIST_LIMIT, offset = 0 }: { limit?: number; offset?: number } = {},
): Promise<BookingListRow[]> {
  return bookingsIn(db, partnershipId, scope)
    .innerJoin('training_practitioners as p', 'p.id', 'b.practitioner_id')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .innerJoin('organisations as o', 'o.id', 'b.organisation_id')
    .selectAll('b')
    .select(['p.name', 'c.title as course_title', 's.starts_at', 'o.name as organisation_name'])
    .orderBy('s.starts_at', 'desc')
    .orderBy('b.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

/** How many bookings the scope holds. */
export async function countBookings(db: Db, partnershipId: number, scope: BookingScope): Promise<number> {
  const row = await bookingsIn(db, partnershipId, scope)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export const bookingHistory = (db: Db, bookingId: number) =>
  db.selectFrom('training_booking_events').selectAll().where('booking_id', '=', bookingId).orderBy('id').execute();
