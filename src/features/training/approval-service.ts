/*
 * Approval of a booking request (issue 14, point 3): the line manager needs no account and
 * decides by the link emailed to them (the token pattern of the questionnaire: random, shown
 * once, only its SHA-256 stored); a coordinator decides second when the course asks for both.
 */
import type { Kysely } from 'kysely';
import { requireCapability, type Actor } from '../../auth/actor.ts';
import type { DatabaseEngine } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { hashSecret } from '../../lib/secrets.ts';
import { formatDateTime, nowIso } from '../../lib/time.ts';
import { confirmationEmail, declinedEmail, waitlistedEmail } from './booking-messages.ts';
import { bookingContext, moveBooking, send } from './booking-moves.ts';
import { afterManagerApproval, type BookingStatus } from './booking-states.ts';
import * as repo from './repository.ts';

type Db = Kysely<Database>;
export type Decision = 'approve' | 'decline';

export const plausibleApprovalToken = (token: string): boolean => /^a[A-Za-z0-9_-]{40,60}$/.test(token);

/** The line manager acts as nobody's account: the audit names them by the address the link went to. */
const managerActor = (booking: repo.BookingRow, email: string, ip: string | null): Actor => ({
  userId: null,
  partnershipId: booking.partnership_id,
  role: 'practitioner',
  organisationId: booking.organisation_id,
  label: `Line manager ${email}`,
  ip,
});

async function byToken(q: Db, token: string) {
  if (!plausibleApprovalToken(token)) throw new NotFoundError('Approval link');
  const booking = await repo.bookingByApproval(q, hashSecret(token));
  if (!booking) throw new NotFoundError('Approval link');
  return booking;
}

export function createApprovalService(db: Db, engine: DatabaseEngine, baseUrl: string) {
  /** What the manager sees before deciding, or why the link no longer works. */
  async function request(token: string, q: Db = db) {
    const booking = await byToken(q, token);
    const context = await bookingContext(q, baseUrl, booking);
    const history = await repo.bookingHistory(q, booking.id);
    const decided = history.find((e) => e.from_status === 'requested');
    const expired = (booking.approval_expires_at ?? '') < nowIso();
    const problem = decided
      ? `This request was already answered on ${formatDateTime(decided.at)}: nothing more is needed.`
      : booking.status !== 'requested'
        ? 'This request was withdrawn: nothing more is needed.'
        : expired
          ? `This link stopped working on ${formatDateTime(booking.approval_expires_at)}. The practitioner can ask again.`
          : null;
    return { context, problem };
  }

  /** Places the booking after its last approval: a place if one is free, else the waiting list. */
  async function place(trx: Db, actor: Actor, booking: repo.BookingRow, next: BookingStatus, reason: string) {
    const moved = await moveBooking(trx, actor, booking, next, { reason });
    const context = await bookingContext(trx, baseUrl, moved);
    if (next === 'booked') await send(trx, actor, moved, confirmationEmail(context), 'confirmed-0');
    if (next === 'waitlisted') await send(trx, actor, moved, waitlistedEmail(context), 'waitlisted');
    return moved;
  }

  async function decideByManager(token: string, decision: Decision, reason: string, ip: string | null) {
    const seen = await byToken(db, token);
    return db.transaction().execute(async (trx) => {
      const session = await repo.lockSession(trx, engine, seen.partnership_id, seen.session_id);
      const booking = await repo.findBooking(trx, seen.partnership_id, seen.id);
      if (!session || !booking) throw new NotFoundError('Approval link');
      const { problem } = await request(token, trx);
      if (problem) throw new ValidationError({ decision: problem });
      const person = await repo.findPractitioner(trx, booking.partnership_id, booking.practitioner_id);
      const actor = managerActor(booking, person?.line_manager_email ?? 'unknown', ip);
      if (decision === 'decline') {
        const moved = await moveBooking(trx, actor, booking, 'declined', {
          reason: reason || 'Declined by line manager',
        });
        await send(trx, actor, moved, declinedEmail(await bookingContext(trx, baseUrl, moved), reason), 'declined');
        return moved;
      }
      const course = await repo.findCourse(trx, booking.partnership_id, session.course_id);
      const free = session.status === 'scheduled' && (await repo.placesTaken(trx, session.id)) < session.capacity;
      const next = afterManagerApproval(course?.approval ?? 'manager', free);
      return place(trx, actor, booking, next, 'Approved by line manager');
    });
  }

  async function decideByCoordinator(actor: Actor, id: number, decision: Decision, reason: string) {
    requireCapability(actor, 'training:manage');
    return db.transaction().execute(async (trx) => {
      const seen = await repo.findBooking(trx, actor.partnershipId, id);
      if (!seen) throw new NotFoundError('Booking');
      const session = await repo.lockSession(trx, engine, actor.partnershipId, seen.session_id);
      const booking = await repo.findBooking(trx, actor.partnershipId, id);
      if (!session || !booking) throw new NotFoundError('Booking');
      if (booking.status !== 'requested_coordinator')
        throw new ValidationError({ decision: 'This booking is not waiting for a coordinator’s approval.' });
      if (decision === 'decline') {
        const moved = await moveBooking(trx, actor, booking, 'declined', {
          reason: reason || 'Declined by coordinator',
        });
        await send(trx, actor, moved, declinedEmail(await bookingContext(trx, baseUrl, moved), reason), 'declined');
        return moved;
      }
      const free = session.status === 'scheduled' && (await repo.placesTaken(trx, session.id)) < session.capacity;
      return place(trx, actor, booking, free ? 'booked' : 'waitlisted', 'Approved by coordinator');
    });
  }

  return { request, decideByManager, decideByCoordinator };
}

export type ApprovalService = ReturnType<typeof createApprovalService>;
