/*
 * New bookings of one partnership, decided in batches (docs/adr/0037, 0045). A process's requests
 * queue in `keyedBatches`, gathered while more keep arriving; each batch finds its people, takes
 * its sessions' locks once (FOR UPDATE on PostgreSQL, BEGIN IMMEDIATE on SQLite), reads the places
 * taken and the people already booked once, gives out places in arrival order, and writes every
 * booking, history line, audit entry and email of the batch with one statement each: about twelve
 * statements for any number of bookings, each of one text whatever their number
 * (src/db/fixed-shape.ts), where one at a time took about fourteen per booking.
 */
import { sql, type Kysely } from 'kysely';
import type { Actor } from '../../auth/actor.ts';
import type { DatabaseEngine } from '../../config.ts';
import { inValues, insertRows } from '../../db/fixed-shape.ts';
import type { Database } from '../../db/schema.ts';
import { formatDate, todayInLondon } from '../../lib/dates.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { keyedBatches, type Outcome } from '../../lib/keyed-queue.ts';
import { hashSecret, newSecret } from '../../lib/secrets.ts';
import { nowIso } from '../../lib/time.ts';
import { outboxRow } from '../messaging/repository.ts';
import { approvalRequestEmail, confirmationEmail, waitlistedEmail, type Email } from './booking-messages.ts';
import { firstStatus, HOLDS_PLACE, STATUS_LABELS, type BookingStatus } from './booking-states.ts';
import { trainingPaths } from './paths.ts';
import { newBookings } from './booking-moves.ts';
import { personFor, readPeople, type PersonLookup } from './booking-people.ts';
import * as repo from './repository.ts';

type Db = Kysely<Database>;
const APPROVAL_DAYS = 14;
const MAX_BATCH = 100;
// How long a batch may wait for more requests arriving turn by turn (docs/adr/0045): on SQLite a
// batch otherwise ran as soon as its first request came, alone, one transaction a booking.
const GATHER_MS = 20;

export interface BookingRequest {
  actor: Actor;
  /** Who it is for, found in the batch (booking-people.ts). */
  lookup: PersonLookup;
  /** The form field an error about this request belongs to. */
  field: string;
}

export interface Booked {
  booking: repo.BookingRow;
  person: repo.PractitionerRow;
}

interface BatchDeps {
  db: Db;
  engine: DatabaseEngine;
  baseUrl: string;
}

/** Why a session cannot be booked now, or null when it can. */
function closedBecause(session: repo.SessionRow, today: string): string | null {
  if (session.status === 'cancelled') return 'This session has been cancelled. Choose another date for the course.';
  if (session.starts_at <= nowIso()) return 'This session has already started, so it can no longer be booked.';
  if (today < session.booking_opens_on)
    return `Booking for this session opens on ${formatDate(session.booking_opens_on)}.`;
  if (today > session.booking_closes_on)
    return `Booking for this session closed on ${formatDate(session.booking_closes_on)}. Choose another date for the course.`;
  return null;
}

interface Decision {
  request: BatchItem;
  status: BookingStatus;
  token: string | null;
}

/** Each request's first status, in arrival order, or why it cannot be booked. */
function decide(requests: BatchItem[], state: SessionState): Map<BatchItem, Decision | Outcome<Booked>> {
  let free = state.session.capacity - state.taken;
  const decideOne = (request: BatchItem): Decision | Outcome<Booked> => {
    const { person, field } = request;
    const existing = state.live.get(person.id);
    if (existing)
      return {
        ok: false,
        error: new ValidationError({
          [field]: `${person.name} already has a booking for this session (${STATUS_LABELS[existing].toLowerCase()}).`,
        }),
      };
    const status = firstStatus(state.course.approval, free > 0);
    if (status === 'booked') free--;
    state.live.set(person.id, status);
    return { request, status, token: status === 'requested' ? newSecret('a') : null };
  };
  // In arrival order: each request's place depends on those before it.
  return new Map(requests.map((request) => [request, decideOne(request)]));
}

const isDecision = (d: Decision | Outcome<Booked>): d is Decision => 'request' in d;
const isOutcome = (d: Decision | Outcome<Booked>): d is Outcome<Booked> => !('request' in d);

/** Writes the decided bookings with one statement per table; returns each decision's booking. */
async function writeBookings(trx: Db, decisions: Decision[]) {
  const expires = new Date(Date.now() + APPROVAL_DAYS * 86_400_000).toISOString();
  const rows = await newBookings(
    trx,
    decisions.map(({ request: { actor, person, sessionId }, status, token }) => ({
      actor,
      person,
      sessionId,
      status,
      options: {
        approvalHash: token ? hashSecret(token) : null,
        approvalExpiresAt: token ? expires : null,
        reason: actor.userId === null ? '' : `Booked by ${actor.label}`,
      },
    })),
  );
  const index = new Map(decisions.map((d, i) => [d, i]));
  return (d: Decision) => {
    const row = rows[index.get(d) ?? -1];
    if (!row) throw new Error(`No booking was written for practitioner ${d.request.person.id}`);
    return row;
  };
}

/** The email each new booking sends: a confirmation, a waiting-list notice or the manager's approval request. */
function emailOf(
  d: Decision,
  booking: repo.BookingRow,
  { session, course, dates }: SessionState,
  baseUrl: string,
): { email: Email; step: string } | null {
  const context = {
    bookingId: booking.id,
    sequence: 0,
    person: { name: d.request.person.name, email: d.request.person.email },
    courseTitle: course.title,
    dates,
    where: session.venue || session.online_link,
    link: `${baseUrl}${trainingPaths.booking({ id: booking.id })}`,
  };
  if (d.status === 'booked') return { email: confirmationEmail(context), step: 'confirmed-0' };
  if (d.status === 'waitlisted') return { email: waitlistedEmail(context), step: 'waitlisted' };
  if (!d.token || !booking.approval_expires_at) return null;
  const link = `${baseUrl}${trainingPaths.approval({ token: d.token })}`;
  const email = approvalRequestEmail(context, d.request.person.line_manager_email, link, booking.approval_expires_at);
  return { email, step: 'approval' };
}

interface SessionState {
  session: repo.SessionRow;
  course: repo.CourseRow;
  dates: { starts_at: string; ends_at: string }[];
  taken: number;
  /** The live booking's status of each person of the batch who already has one. */
  live: Map<number, BookingStatus>;
}

/**
 * Locks the batch's sessions (in id order, so two processes' batches cannot deadlock) and reads
 * what deciding their bookings needs, five statements for any number of sessions and people.
 */
async function readSessions(trx: Db, engine: DatabaseEngine, partnershipId: number, items: BatchItem[]) {
  const ids = [...new Set(items.map((i) => i.sessionId))].sort((a, b) => a - b);
  const people = [...new Set(items.map((i) => i.person.id))];
  const locking = trx
    .selectFrom('training_sessions')
    .selectAll()
    // Unary plus: without it SQLite reads every session of the partnership through its index
    // (thousands) and keeps those in the list, instead of looking up the listed ids.
    .where(sql<number>`+${sql.ref('partnership_id')}`, '=', partnershipId)
    .where(inValues(trx, 'id', ids))
    .orderBy('id');
  const sessions = await (engine === 'postgres' ? locking.forUpdate() : locking).execute();
  const found = sessions.map((s) => s.id);
  if (!found.length) return new Map<number, SessionState>();
  const courses = await trx
    .selectFrom('training_courses')
    .selectAll()
    .where(inValues(trx, 'id', [...new Set(sessions.map((s) => s.course_id))]))
    .execute();
  const live = await trx
    .selectFrom('training_bookings')
    .select(['session_id', 'practitioner_id', 'status'])
    .where(inValues(trx, 'session_id', found))
    .where(inValues(trx, 'practitioner_id', people))
    .where('live', '=', 1)
    .execute();
  const taken = await trx
    .selectFrom('training_bookings')
    .select((eb) => ['session_id', eb.fn.countAll<number>().as('n')])
    .where(inValues(trx, 'session_id', found))
    .where('status', 'in', HOLDS_PLACE)
    .groupBy('session_id')
    .execute();
  const dates = await trx
    .selectFrom('training_session_dates')
    .select(['session_id', 'starts_at', 'ends_at'])
    .where(inValues(trx, 'session_id', found))
    .orderBy('starts_at')
    .execute();
  const states = new Map<number, SessionState>();
  for (const session of sessions) {
    const course = courses.find((c) => c.id === session.course_id);
    if (!course) continue;
    states.set(session.id, {
      session,
      course,
      dates: dates.filter((d) => d.session_id === session.id).map(({ starts_at, ends_at }) => ({ starts_at, ends_at })),
      taken: Number(taken.find((t) => t.session_id === session.id)?.n ?? 0),
      live: new Map(live.filter((l) => l.session_id === session.id).map((l) => [l.practitioner_id, l.status])),
    });
  }
  return states;
}

type Submitted = BookingRequest & { sessionId: number };
type BatchItem = Submitted & { person: repo.PractitionerRow };

// Every request is decided; this only keeps a broken invariant from passing silently.
const notDecided = (): Outcome<Booked> => ({ ok: false, error: new Error('The booking request was not decided') });

/** Each session's requests decided in arrival order; a closed or unknown session fails its own requests only. */
function decideAll(items: BatchItem[], states: Map<number, SessionState>, today: string) {
  const outcomes = new Map<BatchItem, Decision | Outcome<Booked>>();
  for (const sessionId of new Set(items.map((i) => i.sessionId))) {
    const mine = items.filter((i) => i.sessionId === sessionId);
    const state = states.get(sessionId);
    const closed = state ? closedBecause(state.session, today) : null;
    const decided = state && !closed ? decide(mine, state) : new Map<BatchItem, Decision | Outcome<Booked>>();
    for (const item of mine) {
      if (!state) outcomes.set(item, { ok: false, error: new NotFoundError('Session') });
      else if (closed) outcomes.set(item, { ok: false, error: new ValidationError({ [item.field]: closed }) });
      else outcomes.set(item, decided.get(item) ?? notDecided());
    }
  }
  return items.map((i) => outcomes.get(i) ?? notDecided());
}

/** The batch's found people's bookings, in one transaction's reads and writes; outcomes in `items`' order. */
async function bookPeople(trx: Db, deps: BatchDeps, partnershipId: number, items: BatchItem[]) {
  const states = await readSessions(trx, deps.engine, partnershipId, items);
  const decided = decideAll(items, states, todayInLondon());
  const decisions = decided.filter(isDecision);
  if (!decisions.length) return decided.filter(isOutcome);
  const booking = await writeBookings(trx, decisions);
  const at = nowIso();
  await insertRows(
    trx,
    'outbox_messages',
    decisions.flatMap((d) => {
      const b = booking(d);
      const state = states.get(b.session_id);
      if (!state) throw new Error(`Session ${b.session_id} was booked without being read`);
      const message = emailOf(d, b, state, deps.baseUrl);
      if (!message) return [];
      const { email, step } = message;
      const key = `training-booking-${b.id}-${step}`;
      return [outboxRow({ ...email, key, partnershipId, userId: null }, at)];
    }),
    { skipConflictOn: 'idempotency_key' },
  );
  return decided.map((d) =>
    isDecision(d) ? { ok: true as const, value: { booking: booking(d), person: d.request.person } } : d,
  );
}

/** One batch of a partnership's new bookings, over any of its sessions, in one transaction. */
async function bookBatch(deps: BatchDeps, submitted: Submitted[]): Promise<Outcome<Booked>[]> {
  const partnershipId = submitted[0]?.actor.partnershipId;
  if (partnershipId === undefined) return [];
  return deps.db.transaction().execute(async (trx) => {
    const people = await readPeople(
      trx,
      partnershipId,
      submitted.map((s) => s.lookup),
    );
    const found = submitted.map((s) => {
      const person = personFor(s.actor, s.lookup, people);
      return person instanceof ValidationError ? person : { ...s, person };
    });
    const items = found.filter((f): f is BatchItem => !(f instanceof ValidationError));
    const outcomes = items.length ? await bookPeople(trx, deps, partnershipId, items) : [];
    let next = 0;
    return found.map((f) =>
      f instanceof ValidationError ? { ok: false, error: f } : (outcomes[next++] ?? notDecided()),
    );
  });
}

/**
 * Books through this process's batches of the partnership's requests (any of its sessions);
 * resolves with this request's booking or rejects with its own error.
 */
export function bookingBatcher(deps: BatchDeps) {
  const submit = keyedBatches<Submitted, Booked>((_key, items) => bookBatch(deps, items), MAX_BATCH, GATHER_MS);
  return (request: BookingRequest, sessionId: number) =>
    submit(String(request.actor.partnershipId), { ...request, sessionId });
}
