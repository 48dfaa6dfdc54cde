/*
 * Substitution (issue 14, point 3): a booked place passes to a colleague from the same
 * organisation. The colleague is booked at once (the approval carries over), with the
 * confirmation and calendar invite; the original booking moves to "substituted" and its invite
 * is cancelled. Both moves are in the history and the audit log; no late-cancellation charge is
 * owed (charges-events.ts records it as waived when it would have been).
 */
import type { Kysely } from 'kysely';
import { hasCapability, requireCapability, type Actor } from '../../auth/actor.ts';
import type { DatabaseEngine } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { cancellationEmail, confirmationEmail } from './booking-messages.ts';
import { bookingContext, moveBooking, newBooking, send } from './booking-moves.ts';
import { STATUS_LABELS } from './booking-states.ts';
import * as repo from './repository.ts';

type Db = Kysely<Database>;

/** Who may hand on a place: a coordinator, the organisation's training contact, or the person booked. */
async function mayHandOn(db: Db, actor: Actor, booking: repo.BookingRow): Promise<boolean> {
  if (hasCapability(actor, 'training:manage')) return true;
  if (hasCapability(actor, 'training:book') && booking.organisation_id === actor.organisationId) return true;
  if (!hasCapability(actor, 'training:book-own') || actor.userId === null) return false;
  const person = await repo.findPractitioner(db, actor.partnershipId, booking.practitioner_id);
  return person?.user_id === actor.userId;
}

export function createSubstitutionService(db: Db, engine: DatabaseEngine, baseUrl: string) {
  /** The booking and its person, when the actor may hand the place on. */
  async function get(actor: Actor, id: number) {
    requireCapability(actor, 'training:catalogue');
    const booking = await repo.findBooking(db, actor.partnershipId, id);
    if (!booking || !(await mayHandOn(db, actor, booking))) throw new NotFoundError('Booking');
    const [person, session] = await Promise.all([
      repo.findPractitioner(db, actor.partnershipId, booking.practitioner_id),
      repo.findSession(db, actor.partnershipId, booking.session_id),
    ]);
    const course = session ? await repo.findCourse(db, actor.partnershipId, session.course_id) : undefined;
    if (!person || !session || !course) throw new NotFoundError('Booking');
    return { booking, person, session, course };
  }

  async function colleagueFor(actor: Actor, original: repo.PractitionerRow, email: string) {
    const address = email.trim().toLowerCase();
    if (!address) throw new ValidationError({ email: 'Enter the email address of the colleague taking the place' });
    const colleague = await repo.practitionerByEmail(db, actor.partnershipId, address);
    if (!colleague || colleague.organisation_id !== original.organisation_id)
      throw new ValidationError({
        email: 'Enter the email address of a practitioner registered in the same organisation',
      });
    if (colleague.id === original.id)
      throw new ValidationError({ email: 'Enter a colleague’s email address, not the address of the person booked' });
    return colleague;
  }

  async function substitute(actor: Actor, id: number, email: string) {
    const seen = await get(actor, id);
    const colleague = await colleagueFor(actor, seen.person, email);
    return db.transaction().execute(async (trx) => {
      const session = await repo.lockSession(trx, engine, actor.partnershipId, seen.session.id);
      const booking = await repo.findBooking(trx, actor.partnershipId, id);
      if (!session || !booking) throw new NotFoundError('Booking');
      if (booking.status !== 'booked')
        throw new ValidationError({
          email: `This booking is ${STATUS_LABELS[booking.status].toLowerCase()}: only a booked place can be handed on.`,
        });
      if (session.status !== 'scheduled' || session.starts_at <= nowIso())
        throw new ValidationError({
          email: 'The session has started or is cancelled: its places can no longer change hands.',
        });
      const existing = await repo.liveBooking(trx, session.id, colleague.id);
      if (existing)
        throw new ValidationError({
          email: `${colleague.name} already has a booking for this session (${STATUS_LABELS[existing.status].toLowerCase()}).`,
        });
      const replacement = await newBooking(trx, actor, colleague, session.id, 'booked', {
        reason: `Took the place of ${seen.person.name} (substitution; the approval carries over)`,
      });
      const sequence = booking.calendar_sequence + 1;
      const original = await moveBooking(trx, actor, booking, 'substituted', {
        reason: `Place given to ${colleague.name}`,
        set: { calendar_sequence: sequence },
      });
      const confirm = confirmationEmail(await bookingContext(trx, baseUrl, replacement));
      await send(trx, actor, replacement, confirm, 'confirmed-0');
      const why = `Your place on this course has been given to your colleague ${colleague.name}.`;
      await send(
        trx,
        actor,
        original,
        cancellationEmail(await bookingContext(trx, baseUrl, original), why),
        `cancelled-${sequence}`,
      );
      return { original, replacement, colleague };
    });
  }

  return { get, substitute };
}

export type SubstitutionService = ReturnType<typeof createSubstitutionService>;
