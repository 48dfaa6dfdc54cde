import type { Kysely } from 'kysely';
import { hasCapability, requireCapability, type Actor } from '../../auth/actor.ts';
import type { DatabaseEngine } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { cancellationEmail, confirmationEmail } from './booking-messages.ts';
import { bookingContext, moveBooking, send } from './booking-moves.ts';
import { isLive } from './booking-states.ts';
import { checkCourse, checkSession, type FormValues } from './forms.ts';
import * as repo from './repository.ts';

type Db = Kysely<Database>;

/** Courses, sessions and practitioners: read by everyone who takes part, changed by coordinators. */
interface Deps {
  db: Db;
  engine: DatabaseEngine;
  baseUrl: string;
}

async function course(d: Deps, actor: Actor, id: number) {
  requireCapability(actor, 'training:catalogue');
  const row = await repo.findCourse(d.db, actor.partnershipId, id);
  if (!row) throw new NotFoundError('Course');
  return row;
}

async function session(d: Deps, actor: Actor, id: number) {
  requireCapability(actor, 'training:catalogue');
  const row = await repo.findSession(d.db, actor.partnershipId, id);
  if (!row) throw new NotFoundError('Session');
  const [parent, dates, taken] = [
    await course(d, actor, row.course_id),
    await repo.sessionDates(d.db, row.id),
    await repo.placesTaken(d.db, row.id),
  ];
  const bookings = hasCapability(actor, 'training:manage') ? await repo.sessionBookings(d.db, row.id) : [];
  return { session: row, course: parent, dates, taken, bookings };
}

async function saveCourse(d: Deps, actor: Actor, form: FormValues, id?: number) {
  requireCapability(actor, 'training:manage');
  const { errors, values } = checkCourse(form);
  if (!values) throw new ValidationError(errors);
  const before = id ? await course(d, actor, id) : undefined;
  return d.db.transaction().execute(async (trx) => {
    const at = nowIso();
    const saved = before
      ? await trx
          .updateTable('training_courses')
          .set({ ...values, updated_at: at })
          .where('partnership_id', '=', actor.partnershipId)
          .where('id', '=', before.id)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('training_courses')
          .values({
            ...values,
            partnership_id: actor.partnershipId,
            status: 'active',
            created_at: at,
            updated_at: at,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: before ? 'update' : 'create',
      entityType: 'training_course',
      entityId: saved.id,
      summary: `${before ? 'Changed' : 'Added'} course ${saved.title}`,
      before,
      after: saved,
    });
    return saved;
  });
}

/** Sends everyone booked an updated invite (same UID, SEQUENCE + 1) after the dates or place change. */
async function reinvite(d: Deps, trx: Db, actor: Actor, sessionId: number) {
  for (const booking of await repo.sessionBookings(trx, sessionId, ['booked'])) {
    const sequence = booking.calendar_sequence + 1;
    const updated = await trx
      .updateTable('training_bookings')
      .set({ calendar_sequence: sequence, updated_at: nowIso() })
      .where('id', '=', booking.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const email = confirmationEmail(await bookingContext(trx, d.baseUrl, updated));
    await send(trx, actor, updated, { ...email, subject: `Changed: ${email.subject}` }, `changed-${sequence}`);
  }
}

async function saveSession(d: Deps, actor: Actor, form: FormValues, where: { courseId?: number; id?: number }) {
  requireCapability(actor, 'training:manage');
  const { errors, values, dates } = checkSession(form);
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const before = where.id ? (await session(d, actor, where.id)).session : undefined;
  if (before?.status === 'cancelled') throw new ValidationError({ capacity: 'A cancelled session cannot be changed.' });
  const courseId = before?.course_id ?? (await course(d, actor, where.courseId ?? 0)).id;
  return d.db.transaction().execute(async (trx) => {
    const at = nowIso();
    if (before) await repo.lockSession(trx, d.engine, actor.partnershipId, before.id);
    const saved = before
      ? await trx
          .updateTable('training_sessions')
          .set({ ...values, updated_at: at })
          .where('id', '=', before.id)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('training_sessions')
          .values({
            ...values,
            partnership_id: actor.partnershipId,
            course_id: courseId,
            status: 'scheduled',
            cancel_reason: null,
            created_at: at,
            updated_at: at,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
    const oldDates = before ? await repo.sessionDates(trx, before.id) : [];
    await repo.replaceSessionDates(trx, actor.partnershipId, saved.id, dates);
    const moved = JSON.stringify(oldDates) !== JSON.stringify(dates) || before?.venue !== saved.venue;
    if (before && moved) await reinvite(d, trx, actor, saved.id);
    await recordAudit(trx, actor, {
      action: before ? 'update' : 'create',
      entityType: 'training_session',
      entityId: saved.id,
      summary: `${before ? 'Changed' : 'Added'} a session of course ${courseId}`,
      before: before && { ...before, dates: oldDates },
      after: { ...saved, dates },
    });
    return saved;
  });
}

/** Cancels the session: every live booking ends as "session cancelled", booked people's invites are withdrawn. */
async function cancelSession(d: Deps, actor: Actor, id: number, reason: string) {
  requireCapability(actor, 'training:manage');
  if (!reason.trim())
    throw new ValidationError({ reason: 'Enter why the session is cancelled: it is sent to everyone booked' });
  await session(d, actor, id);
  return d.db.transaction().execute(async (trx) => {
    const row = await repo.lockSession(trx, d.engine, actor.partnershipId, id);
    if (!row) throw new NotFoundError('Session');
    if (row.status === 'cancelled') throw new ValidationError({ reason: 'This session is already cancelled.' });
    await trx
      .updateTable('training_sessions')
      .set({ status: 'cancelled', cancel_reason: reason.trim(), updated_at: nowIso() })
      .where('id', '=', id)
      .execute();
    for (const booking of await repo.sessionBookings(trx, id)) {
      if (
        !isLive(booking.status) ||
        !['requested', 'requested_coordinator', 'waitlisted', 'offered', 'booked'].includes(booking.status)
      )
        continue;
      const wasBooked = booking.status === 'booked';
      const sequence = booking.calendar_sequence + 1;
      const moved = await moveBooking(trx, actor, booking, 'session_cancelled', {
        reason: reason.trim(),
        set: wasBooked ? { calendar_sequence: sequence } : {},
      });
      const email = cancellationEmail(
        await bookingContext(trx, d.baseUrl, moved),
        `The session is cancelled: ${reason.trim()}`,
      );
      await send(
        trx,
        actor,
        moved,
        wasBooked ? email : { ...email, calendar: undefined },
        `session-cancelled-${sequence}`,
      );
    }
    await recordAudit(trx, actor, {
      action: 'update',
      entityType: 'training_session',
      entityId: id,
      summary: `Cancelled session ${id}`,
      before: { status: row.status },
      after: { status: 'cancelled', reason: reason.trim() },
    });
  });
}

/** Courses, sessions and practitioners: read by everyone who takes part, changed by coordinators. */
export function createCatalogueService(db: Db, engine: DatabaseEngine, baseUrl: string) {
  const d: Deps = { db, engine, baseUrl };
  return {
    catalogue: (actor: Actor, filter: repo.CourseFilter) => {
      requireCapability(actor, 'training:catalogue');
      return repo.listCourses(d.db, actor.partnershipId, filter);
    },
    course: async (actor: Actor, id: number) => {
      const row = await course(d, actor, id);
      return { course: row, sessions: await repo.listSessions(d.db, actor.partnershipId, row.id) };
    },
    session: (actor: Actor, id: number) => session(d, actor, id),
    saveCourse: (actor: Actor, form: FormValues, id?: number) => saveCourse(d, actor, form, id),
    saveSession: (actor: Actor, form: FormValues, where: { courseId?: number; id?: number }) =>
      saveSession(d, actor, form, where),
    cancelSession: (actor: Actor, id: number, reason: string) => cancelSession(d, actor, id, reason),
    /** Whom the actor may book for: their organisation's practitioners, or everyone's for a coordinator. */
    practitioners: (actor: Actor, q = '') => {
      requireCapability(actor, 'training:book');
      const organisationId = hasCapability(actor, 'training:manage') ? null : (actor.organisationId ?? -1);
      return repo.listPractitioners(d.db, actor.partnershipId, organisationId, q);
    },
  };
}
