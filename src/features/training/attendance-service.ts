/*
 * Attendance (issue 14, point 4): the on-the-day register, walk-ins, and the certificate that an
 * attended booking earns (partial attendance earns none; a corrected register revokes it).
 */
import type { Kysely } from 'kysely';
import { requireCapability, type Actor } from '../../auth/actor.ts';
import type { DatabaseEngine } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { moveBooking, newBooking } from './booking-moves.ts';
import { canMove, STATUS_LABELS, type BookingStatus } from './booking-states.ts';
import { issueCertificate } from './certificate-service.ts';
import * as repo from './repository.ts';

type Db = Kysely<Database>;
export const MARKS = ['attended', 'partially_attended', 'no_show'] as const;
export type Mark = (typeof MARKS)[number];
export const isMark = (value: unknown): value is Mark => MARKS.some((m) => m === value);
const ON_REGISTER: BookingStatus[] = ['booked', ...MARKS];

/** Issues the certificate an attended booking earns, or revokes it when the register is corrected. */
async function certify(trx: Db, actor: Actor, booking: repo.BookingRow, session: repo.SessionRow) {
  const existing = await trx
    .selectFrom('training_certificates')
    .selectAll()
    .where('booking_id', '=', booking.id)
    .executeTakeFirst();
  const audit = (action: string, summary: string) =>
    recordAudit(trx, actor, {
      action,
      entityType: 'training_certificate',
      entityId: booking.id,
      organisationId: booking.organisation_id,
      summary,
    });
  if (booking.status === 'attended' && !existing) {
    await issueCertificate(trx, actor, booking, session);
  } else if (booking.status === 'attended' && existing?.revoked_at) {
    await audit('update', `Reinstated the certificate for booking ${booking.id}`);
    await trx
      .updateTable('training_certificates')
      .set({ revoked_at: null, revoked_reason: null })
      .where('id', '=', existing.id)
      .execute();
  } else if (booking.status !== 'attended' && existing && !existing.revoked_at) {
    const reason = `Register corrected to ${STATUS_LABELS[booking.status].toLowerCase()}`;
    await audit('update', `Revoked the certificate for booking ${booking.id}: ${reason}`);
    await trx
      .updateTable('training_certificates')
      .set({ revoked_at: nowIso(), revoked_reason: reason })
      .where('id', '=', existing.id)
      .execute();
  }
}

export function createAttendanceService(db: Db, engine: DatabaseEngine) {
  async function openSession(trx: Db, actor: Actor, sessionId: number) {
    const session = await repo.lockSession(trx, engine, actor.partnershipId, sessionId);
    if (!session) throw new NotFoundError('Session');
    if (session.status === 'cancelled')
      throw new ValidationError({ register: 'This session was cancelled: it has no register.' });
    if (session.starts_at > nowIso())
      throw new ValidationError({ register: 'The register opens when the session starts. Come back on the day.' });
    return session;
  }

  /** Marks the register: one mark per booking id; bookings not on this session's register are refused. */
  async function mark(actor: Actor, sessionId: number, marks: Map<number, Mark>) {
    requireCapability(actor, 'training:manage');
    if (!marks.size)
      throw new ValidationError({
        register: 'Mark at least one person as attended, partially attended or did not attend',
      });
    return db.transaction().execute(async (trx) => {
      const session = await openSession(trx, actor, sessionId);
      const register = new Map((await repo.sessionBookings(trx, session.id, ON_REGISTER)).map((b) => [b.id, b]));
      const unknown = [...marks.keys()].filter((id) => !register.has(id));
      if (unknown.length)
        throw new ValidationError({
          register: 'Someone marked is not booked on this session: add them as a walk-in instead.',
        });
      let changed = 0;
      for (const [id, to] of marks) {
        const booking = register.get(id);
        if (!booking || booking.status === to || !canMove(booking.status, to)) continue;
        const moved = await moveBooking(trx, actor, booking, to, { reason: 'Register' });
        await certify(trx, actor, moved, session);
        changed += 1;
      }
      return changed;
    });
  }

  /** Adds someone who came without a booking, marked attended (a walk-in does not take a place from anyone: the session has started). */
  async function walkIn(actor: Actor, sessionId: number, email: string) {
    requireCapability(actor, 'training:manage');
    const person = await repo.practitionerByEmail(db, actor.partnershipId, email.trim().toLowerCase());
    if (!person)
      throw new ValidationError({
        email: 'No practitioner has this email address: add them on the practitioners page first',
      });
    return db.transaction().execute(async (trx) => {
      const session = await openSession(trx, actor, sessionId);
      const live = await repo.liveBooking(trx, session.id, person.id);
      if (live)
        throw new ValidationError({
          email: `${person.name} is already on the register (${STATUS_LABELS[live.status].toLowerCase()}): mark them there`,
        });
      const booking = await newBooking(trx, actor, person, session.id, 'booked', { reason: 'Walk-in' });
      const attended = await moveBooking(trx, actor, booking, 'attended', { reason: 'Walk-in' });
      await certify(trx, actor, attended, session);
      return person;
    });
  }

  return { mark, walkIn };
}

export type AttendanceService = ReturnType<typeof createAttendanceService>;
