import type { Kysely } from 'kysely';
import { hasCapability, requireCapability, type Actor } from '../../auth/actor.ts';
import type { DatabaseEngine } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { londonDateOf, todayInLondon } from '../../lib/dates.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { englandBankHolidays } from './bank-holidays.ts';
import { cancellationEmail, confirmationEmail } from './booking-messages.ts';
import { bookingBatcher } from './booking-batch.ts';
import type { PersonLookup } from './booking-people.ts';
import { bookingContext, moveBooking, offerPlace, promote, send } from './booking-moves.ts';
import { isCancellable, STATUS_LABELS } from './booking-states.ts';
import * as repo from './repository.ts';
import { BOOKINGS_PAGE_SIZE } from './codes.ts';
import { isLateCancellation } from './working-days.ts';

type Db = Kysely<Database>;

export interface BookingOptions {
  baseUrl: string;
}

interface Deps {
  db: Db;
  engine: DatabaseEngine;
  baseUrl: string;
  bookInBatch: ReturnType<typeof bookingBatcher>;
}

/** Who is being booked: the actor themself, or (booking for others) someone named by id or email address. */
function lookupFor(actor: Actor, who: number | string | null): PersonLookup {
  if (who === null) {
    requireCapability(actor, 'training:book-own');
    if (actor.userId === null)
      throw new ValidationError({
        booking: 'Your account has no practitioner record yet. Ask your training coordinator to add you.',
      });
    return { userId: actor.userId };
  }
  requireCapability(actor, 'training:book');
  return typeof who === 'number' ? { id: who } : { email: who.trim().toLowerCase() };
}

/** A booking the actor may see: their own, their organisation's (contacts), or any (coordinators). */
async function visible(d: Deps, actor: Actor, id: number): Promise<repo.BookingRow> {
  requireCapability(actor, 'training:catalogue');
  const booking = await repo.findBooking(d.db, actor.partnershipId, id);
  if (!booking) throw new NotFoundError('Booking');
  if (hasCapability(actor, 'training:manage')) return booking;
  if (hasCapability(actor, 'training:book') && booking.organisation_id === actor.organisationId) return booking;
  const person = await repo.findPractitioner(d.db, actor.partnershipId, booking.practitioner_id);
  if (hasCapability(actor, 'training:book-own') && person?.user_id === actor.userId) return booking;
  throw new NotFoundError('Booking');
}

/** Books the actor themself (who = null) or a practitioner named by id or email address. */
async function book(d: Deps, actor: Actor, sessionId: number, who: number | string | null) {
  const lookup = lookupFor(actor, who);
  return d.bookInBatch({ actor, lookup, field: who === null ? 'booking' : 'practitioner' }, sessionId);
}

async function cancel(d: Deps, actor: Actor, id: number, reason: string) {
  const seen = await visible(d, actor, id);
  return d.db.transaction().execute(async (trx) => {
    const session = await repo.lockSession(trx, d.engine, actor.partnershipId, seen.session_id);
    const booking = await repo.findBooking(trx, actor.partnershipId, id);
    if (!session || !booking) throw new NotFoundError('Booking');
    if (!isCancellable(booking.status))
      throw new ValidationError({
        reason: `This booking is ${STATUS_LABELS[booking.status].toLowerCase()}, so it cannot be cancelled.`,
      });
    const wasBooked = booking.status === 'booked';
    const late =
      wasBooked &&
      isLateCancellation(
        todayInLondon(),
        londonDateOf(session.starts_at),
        session.cancellation_cutoff_days,
        englandBankHolidays(),
      );
    const sequence = booking.calendar_sequence + 1;
    const moved = await moveBooking(trx, actor, booking, late ? 'cancelled_late' : 'cancelled', {
      reason: reason || 'Cancelled',
      set: wasBooked ? { calendar_sequence: sequence } : {},
    });
    if (wasBooked) {
      const why = `Your place on this course is cancelled${late ? ', within the cancellation period' : ''}.`;
      const email = cancellationEmail(await bookingContext(trx, d.baseUrl, moved), why);
      await send(trx, actor, moved, email, `cancelled-${sequence}`);
    }
    await promote(trx, actor, d.baseUrl, session);
    return moved;
  });
}

/** The learner takes an offered place; an offer past its time lapses and goes to the next person. */
async function acceptOffer(d: Deps, actor: Actor, id: number) {
  const seen = await visible(d, actor, id);
  return d.db.transaction().execute(async (trx) => {
    const session = await repo.lockSession(trx, d.engine, actor.partnershipId, seen.session_id);
    const booking = await repo.findBooking(trx, actor.partnershipId, id);
    if (!session || !booking) throw new NotFoundError('Booking');
    if (booking.status !== 'offered')
      throw new ValidationError({ accept: 'There is no place on offer for this booking now.' });
    if ((booking.offer_expires_at ?? '') < nowIso() || session.starts_at <= nowIso()) {
      await moveBooking(trx, actor, booking, 'lapsed', { reason: 'The offer expired' });
      await promote(trx, actor, d.baseUrl, session);
      return { expired: true as const };
    }
    const booked = await moveBooking(trx, actor, booking, 'booked', { reason: 'Accepted the offered place' });
    await send(trx, actor, booked, confirmationEmail(await bookingContext(trx, d.baseUrl, booked)), 'confirmed-0');
    return { expired: false as const };
  });
}

/** A coordinator offers a free place to someone on the waiting list (sessions without automatic promotion). */
async function offer(d: Deps, actor: Actor, id: number) {
  requireCapability(actor, 'training:manage');
  const seen = await visible(d, actor, id);
  return d.db.transaction().execute(async (trx) => {
    const session = await repo.lockSession(trx, d.engine, actor.partnershipId, seen.session_id);
    const booking = await repo.findBooking(trx, actor.partnershipId, id);
    if (!session || !booking) throw new NotFoundError('Booking');
    const problem =
      booking.status !== 'waitlisted'
        ? 'Only someone on the waiting list can be offered a place.'
        : session.starts_at <= nowIso() || session.status !== 'scheduled'
          ? 'The session has started or is cancelled: nobody is promoted now.'
          : (await repo.placesTaken(trx, session.id)) >= session.capacity
            ? 'The session has no free place to offer.'
            : null;
    if (problem) throw new ValidationError({ offer: problem });
    return offerPlace(trx, actor, d.baseUrl, session, booking);
  });
}

/** Everything held about the actor as a practitioner, for them to download (issue 14, personal data). */
/**
 * Whose bookings the actor's list shows: their own, their organisation's (contacts) or everyone's
 * still to come (coordinators: a partnership has thousands; each session lists its own). Undefined
 * for someone with no practitioner record.
 */
async function bookingScope(d: Deps, actor: Actor): Promise<repo.BookingScope | undefined> {
  requireCapability(actor, 'training:catalogue');
  if (hasCapability(actor, 'training:manage')) return { from: nowIso() };
  if (hasCapability(actor, 'training:book') && actor.organisationId !== null)
    return { organisationId: actor.organisationId };
  const own = actor.userId ? await repo.practitionerOfUser(d.db, actor.partnershipId, actor.userId) : undefined;
  return own ? { practitionerId: own.id } : undefined;
}

async function ownRecord(d: Deps, actor: Actor) {
  requireCapability(actor, 'training:book-own');
  const person = actor.userId ? await repo.practitionerOfUser(d.db, actor.partnershipId, actor.userId) : undefined;
  if (!person) throw new NotFoundError('Training record');
  const bookings = await d.db
    .selectFrom('training_bookings as b')
    .innerJoin('training_sessions as s', 's.id', 'b.session_id')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .leftJoin('training_certificates as t', 't.booking_id', 'b.id')
    .select([
      'c.title',
      'c.duration_minutes',
      's.starts_at',
      'b.status',
      'b.created_at',
      't.code',
      't.valid_until',
      't.revoked_at',
    ])
    .where('b.practitioner_id', '=', person.id)
    .orderBy('s.starts_at')
    .execute();
  return { person, bookings };
}

export function createBookingService(db: Db, engine: DatabaseEngine, options: BookingOptions) {
  const deps = { db, engine, baseUrl: options.baseUrl };
  const d: Deps = { ...deps, bookInBatch: bookingBatcher(deps) };
  return {
    book: (actor: Actor, sessionId: number, who: number | string | null) => book(d, actor, sessionId, who),
    cancel: (actor: Actor, id: number, reason: string) => cancel(d, actor, id, reason),
    acceptOffer: (actor: Actor, id: number) => acceptOffer(d, actor, id),
    offer: (actor: Actor, id: number) => offer(d, actor, id),
    ownRecord: (actor: Actor) => ownRecord(d, actor),
    get: async (actor: Actor, id: number) => {
      const booking = await visible(d, actor, id);
      const [person, session, history] = await Promise.all([
        repo.findPractitioner(d.db, actor.partnershipId, booking.practitioner_id),
        repo.findSession(d.db, actor.partnershipId, booking.session_id),
        repo.bookingHistory(d.db, booking.id),
      ]);
      if (!person || !session) throw new NotFoundError('Booking');
      const course = await repo.findCourse(d.db, actor.partnershipId, session.course_id);
      return { booking, person, session, course, history };
    },
    /** The actor's own bookings, their organisation's (contacts) or everyone's (coordinators): the first 200. */
    list: async (actor: Actor) => {
      const scope = await bookingScope(d, actor);
      return scope ? repo.listBookings(d.db, actor.partnershipId, scope) : [];
    },
    /** The same bookings a page at a time, with how many there are (`page` past the last shows the last). */
    listPage: async (actor: Actor, page: number) => {
      const scope = await bookingScope(d, actor);
      const total = scope ? await repo.countBookings(d.db, actor.partnershipId, scope) : 0;
      const pages = Math.max(1, Math.ceil(total / BOOKINGS_PAGE_SIZE));
      const shown = Math.min(page, pages);
      const rows = scope
        ? await repo.listBookings(d.db, actor.partnershipId, scope, {
            limit: BOOKINGS_PAGE_SIZE,
            offset: (shown - 1) * BOOKINGS_PAGE_SIZE,
          })
        : [];
      return { rows, total, page: shown, pages, pageSize: BOOKINGS_PAGE_SIZE };
    },
  };
}
