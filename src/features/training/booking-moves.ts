/*
 * What every booking use case shares: moving a booking to a new status (checked by the state
 * machine, appended to its history, audited, in the caller's transaction), the emails that go
 * with a move, and promotion from the waiting list. Callers hold the session's lock
 * (repository.lockSession) whenever a place is given out or freed.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../../auth/actor.ts';
import { insertRows, insertRowsReturning } from '../../db/fixed-shape.ts';
import type { Database } from '../../db/schema.ts';
import { nowIso } from '../../lib/time.ts';
import { auditRow, recordAudit } from '../audit/service.ts';
import { enqueue } from '../messaging/repository.ts';
import { chargeForMove } from './charges-events.ts';
import { canMove, isLive, STATUS_LABELS, type BookingStatus } from './booking-states.ts';
import type { BookingContext, Email } from './booking-messages.ts';
import { offerEmail } from './booking-messages.ts';
import { trainingPaths } from './paths.ts';
import * as repo from './repository.ts';

type Db = Kysely<Database>;

export interface MoveOptions {
  reason?: string;
  set?: Partial<Pick<repo.BookingRow, 'offer_expires_at' | 'approval_expires_at' | 'calendar_sequence'>>;
}

/** Applies one move of the state machine; refuses a move it does not allow. */
export async function moveBooking(
  trx: Db,
  actor: Actor,
  booking: repo.BookingRow,
  to: BookingStatus,
  options: MoveOptions = {},
): Promise<repo.BookingRow> {
  if (!canMove(booking.status, to)) throw new Error(`A booking cannot go from ${booking.status} to ${to}`); // a bug, not bad input: callers check first
  const at = nowIso();
  const updated = await trx
    .updateTable('training_bookings')
    .set({ status: to, live: isLive(to) ? 1 : 0, updated_at: at, ...options.set })
    .where('id', '=', booking.id)
    .where('status', '=', booking.status)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw new Error(`Booking ${booking.id} changed while it was being moved`);
  await appendHistory(trx, actor, booking.id, booking.status, to, options.reason ?? '', at);
  await recordAudit(trx, actor, {
    action: 'update',
    entityType: 'training_booking',
    entityId: booking.id,
    organisationId: booking.organisation_id,
    summary: `Booking ${booking.id}: ${STATUS_LABELS[booking.status]} → ${STATUS_LABELS[to]}`,
    before: { status: booking.status },
    after: { status: to, reason: options.reason || undefined },
  });
  await chargeForMove(trx, actor, updated, booking.status, to);
  return updated;
}

export function appendHistory(
  trx: Db,
  actor: Actor,
  bookingId: number,
  from: BookingStatus | null,
  to: BookingStatus,
  reason: string,
  at = nowIso(),
) {
  return trx
    .insertInto('training_booking_events')
    .values({
      partnership_id: actor.partnershipId,
      booking_id: bookingId,
      from_status: from,
      to_status: to,
      actor_user_id: actor.userId,
      actor_label: actor.label,
      reason,
      at,
    })
    .execute();
}

export interface NewBookingOptions {
  approvalHash?: string | null;
  approvalExpiresAt?: string | null;
  reason: string;
}

/** A new booking to write: who makes it, for whom, on which session, in which first status. */
export interface NewBookingItem {
  actor: Actor;
  person: Pick<repo.PractitionerRow, 'id' | 'organisation_id'>;
  sessionId: number;
  status: BookingStatus;
  options: NewBookingOptions;
}

/**
 * Writes new bookings in their first status, with their first history lines and audit entries,
 * one statement per table however many, each of one text whatever their number (docs/adr/0045);
 * returns the bookings in the items' order.
 */
export async function newBookings(trx: Db, items: NewBookingItem[]): Promise<repo.BookingRow[]> {
  if (!items.length) return [];
  const at = nowIso();
  const rows = await insertRowsReturning(
    trx,
    'training_bookings',
    items.map(({ actor, person, sessionId, status, options }) => ({
      partnership_id: actor.partnershipId,
      session_id: sessionId,
      practitioner_id: person.id,
      organisation_id: person.organisation_id,
      status,
      live: 1,
      approval_token_hash: options.approvalHash ?? null,
      approval_expires_at: options.approvalExpiresAt ?? null,
      offer_expires_at: null,
      calendar_sequence: 0,
      booked_by_user_id: actor.userId,
      created_at: at,
      updated_at: at,
    })),
  );
  // RETURNING promises no order: each row is matched to its item (one live booking per person and session).
  const byItem = new Map(rows.map((r) => [`${r.session_id}:${r.practitioner_id}`, r]));
  const written = items.map((item) => {
    const booking = byItem.get(`${item.sessionId}:${item.person.id}`);
    if (!booking)
      throw new Error(`No booking was written for practitioner ${item.person.id} on session ${item.sessionId}`);
    return { ...item, booking };
  });
  await insertRows(
    trx,
    'training_booking_events',
    written.map(({ actor, status, options, booking }) => ({
      partnership_id: actor.partnershipId,
      booking_id: booking.id,
      from_status: null,
      to_status: status,
      actor_user_id: actor.userId,
      actor_label: actor.label,
      reason: options.reason,
      at,
    })),
  );
  const audits = written.map(({ actor, person, sessionId, status, options, booking }) =>
    auditRow(
      actor,
      {
        action: 'create',
        entityType: 'training_booking',
        entityId: booking.id,
        organisationId: person.organisation_id,
        summary: `Booking ${booking.id} for session ${sessionId}: ${STATUS_LABELS[status]}${options.reason ? ` (${options.reason})` : ''}`,
        after: { session: sessionId, practitioner: person.id, status },
      },
      at,
    ),
  );
  await insertRows(trx, 'audit_events', audits);
  return written.map((w) => w.booking);
}

/** Writes one new booking in its first status, with its first history line and its audit entry. */
export async function newBooking(
  trx: Db,
  actor: Actor,
  person: Pick<repo.PractitionerRow, 'id' | 'organisation_id'>,
  sessionId: number,
  status: BookingStatus,
  options: NewBookingOptions,
): Promise<repo.BookingRow> {
  const [booking] = await newBookings(trx, [{ actor, person, sessionId, status, options }]);
  if (!booking) throw new Error(`No booking was written for practitioner ${person.id} on session ${sessionId}`);
  return booking;
}

/** What the emails about a booking need: the person, the course, the dates, the place and the link. */
export async function bookingContext(trx: Db, baseUrl: string, booking: repo.BookingRow): Promise<BookingContext> {
  const row = await trx
    .selectFrom('training_bookings as b')
    .innerJoin('training_practitioners as p', 'p.id', 'b.practitioner_id')
    .innerJoin('training_sessions as s', 's.id', 'b.session_id')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .select(['p.name', 'p.email', 'c.title', 's.venue', 's.online_link'])
    .where('b.id', '=', booking.id)
    .executeTakeFirstOrThrow();
  return {
    bookingId: booking.id,
    sequence: booking.calendar_sequence,
    person: { name: row.name, email: row.email },
    courseTitle: row.title,
    dates: await repo.sessionDates(trx, booking.session_id),
    where: row.venue || row.online_link,
    link: `${baseUrl}${trainingPaths.booking({ id: booking.id })}`,
  };
}

/** Queues one email about a booking; the key makes a retried transaction send it once. */
export function send(trx: Db, actor: Actor, booking: repo.BookingRow, email: Email, step: string) {
  return enqueue(trx, [
    {
      partnershipId: actor.partnershipId,
      userId: null,
      key: `training-booking-${booking.id}-${step}`,
      template: email.template,
      recipient: email.recipient,
      subject: email.subject,
      body: email.body,
      calendar: email.calendar ?? null,
    },
  ]);
}

/**
 * Fills free places from the waiting list, earliest first, by offering each (the offer holds the
 * place until it expires). Expired offers lapse first. Never after the session has started, never
 * in a cancelled session, and only when the session promotes automatically (else a coordinator offers).
 */
export async function promote(trx: Db, actor: Actor, baseUrl: string, session: repo.SessionRow): Promise<void> {
  const now = nowIso();
  if (session.status !== 'scheduled' || session.starts_at <= now) return;
  const expired = await trx
    .selectFrom('training_bookings')
    .selectAll()
    .where('session_id', '=', session.id)
    .where('status', '=', 'offered')
    .where('offer_expires_at', '<', now)
    .execute();
  for (const offer of expired) await moveBooking(trx, actor, offer, 'lapsed', { reason: 'The offer expired' });
  if (!session.auto_promote) return;
  while ((await repo.placesTaken(trx, session.id)) < session.capacity) {
    const next = await repo.firstWaiting(trx, session.id);
    if (!next) return;
    await offerPlace(trx, actor, baseUrl, session, next);
  }
}

export async function offerPlace(
  trx: Db,
  actor: Actor,
  baseUrl: string,
  session: repo.SessionRow,
  booking: repo.BookingRow,
): Promise<repo.BookingRow> {
  const expires = new Date(Date.now() + session.offer_hours * 3_600_000).toISOString();
  const offered = await moveBooking(trx, actor, booking, 'offered', {
    reason: 'A place became free',
    set: { offer_expires_at: expires < session.starts_at ? expires : session.starts_at },
  });
  const expiresAt = offered.offer_expires_at ?? expires;
  await send(
    trx,
    actor,
    offered,
    offerEmail(await bookingContext(trx, baseUrl, offered), expiresAt),
    `offer-${expiresAt}`,
  );
  return offered;
}
