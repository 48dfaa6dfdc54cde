/*
 * Certificates (issue 14, point 6): the PDF for the person it names (and their contact and the
 * coordinators), and a public verification page that shows only the name, course, date, hours and
 * validity, and says when a certificate has been revoked.
 */
import type { Kysely } from 'kysely';
import { hasCapability, requireCapability, type Actor } from '../../auth/actor.ts';
import type { Database } from '../../db/schema.ts';
import { londonDateOf } from '../../lib/dates.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { certificatePdf } from './certificate-pdf.ts';
import { canonicalCode, newCertificateCode, validUntil } from './certificates.ts';
import { hoursText } from './codes.ts';
import { trainingPaths } from './paths.ts';
import * as repo from './repository.ts';

type Db = Kysely<Database>;

/** Whether the booking's course withholds the certificate and the questionnaire after the course is not yet answered. */
export async function withheldUntilEvaluation(trx: Db, booking: repo.BookingRow, courseId: number): Promise<boolean> {
  const setting = await trx
    .selectFrom('training_course_evaluation')
    .select('withhold_certificate')
    .where('course_id', '=', courseId)
    .executeTakeFirst();
  if (!setting?.withhold_certificate) return false;
  const answered = await trx
    .selectFrom('training_evaluations')
    .select('id')
    .where('booking_id', '=', booking.id)
    .where('stage', '=', 'after')
    .where('answered_at', 'is not', null)
    .executeTakeFirst();
  return !answered;
}

/**
 * Issues the certificate a fully attended booking earns, in the caller's transaction: none for
 * partial attendance, none twice, and none yet while the course withholds it until the evaluation.
 */
export async function issueCertificate(
  trx: Db,
  actor: Actor,
  booking: repo.BookingRow,
  session: repo.SessionRow,
): Promise<boolean> {
  if (booking.status !== 'attended') return false;
  const existing = await trx
    .selectFrom('training_certificates')
    .select('id')
    .where('booking_id', '=', booking.id)
    .executeTakeFirst();
  if (existing || (await withheldUntilEvaluation(trx, booking, session.course_id))) return false;
  const course = await repo.findCourse(trx, booking.partnership_id, session.course_id);
  await recordAudit(trx, actor, {
    action: 'create',
    entityType: 'training_certificate',
    entityId: booking.id,
    organisationId: booking.organisation_id,
    summary: `Issued the certificate for booking ${booking.id}`,
  });
  await trx
    .insertInto('training_certificates')
    .values({
      partnership_id: booking.partnership_id,
      booking_id: booking.id,
      code: newCertificateCode(),
      issued_at: nowIso(),
      valid_until: validUntil(londonDateOf(session.starts_at), course?.validity_years ?? null),
      revoked_at: null,
      revoked_reason: null,
    })
    .execute();
  return true;
}

const facts = (db: Db) =>
  db
    .selectFrom('training_certificates as t')
    .innerJoin('training_bookings as b', 'b.id', 't.booking_id')
    .innerJoin('training_practitioners as p', 'p.id', 'b.practitioner_id')
    .innerJoin('training_sessions as s', 's.id', 'b.session_id')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .innerJoin('partnerships as pa', 'pa.id', 't.partnership_id')
    .select([
      't.id',
      't.code',
      't.valid_until',
      't.revoked_at',
      't.revoked_reason',
      't.partnership_id',
      'b.id as booking_id',
      'b.organisation_id',
      'p.user_id',
      'p.name',
      'c.title',
      'c.duration_minutes',
      's.starts_at',
      'pa.name as partnership_name',
    ]);

export function createCertificateService(db: Db, baseUrl: string) {
  const verifyUrl = (code: string) => `${baseUrl}${trainingPaths.verify({ code })}`;

  return {
    /** Anyone with the code: only what the certificate says, and whether it still stands. */
    async verify(typed: string) {
      const code = canonicalCode(typed);
      const row = code ? await facts(db).where('t.code', '=', code).executeTakeFirst() : undefined;
      if (!row) throw new NotFoundError('Certificate');
      return {
        code: row.code,
        name: row.name,
        courseTitle: row.title,
        date: londonDateOf(row.starts_at),
        hours: hoursText(row.duration_minutes),
        validUntil: row.valid_until,
        revokedAt: row.revoked_at,
        revokedReason: row.revoked_reason,
      };
    },

    /** The certificate of a booking the actor may see, as a PDF; none for a revoked one. */
    async pdf(actor: Actor, bookingId: number): Promise<{ code: string; pdf: Buffer }> {
      requireCapability(actor, 'training:catalogue');
      const row = await facts(db)
        .where('t.partnership_id', '=', actor.partnershipId)
        .where('b.id', '=', bookingId)
        .where('t.revoked_at', 'is', null)
        .executeTakeFirst();
      const allowed =
        row &&
        (hasCapability(actor, 'training:manage') ||
          (hasCapability(actor, 'training:book') && row.organisation_id === actor.organisationId) ||
          (actor.userId !== null && row.user_id === actor.userId));
      if (!row || !allowed) throw new NotFoundError('Certificate');
      const pdf = await certificatePdf({
        name: row.name,
        courseTitle: row.title,
        date: londonDateOf(row.starts_at),
        hours: hoursText(row.duration_minutes),
        validUntil: row.valid_until,
        code: row.code,
        verifyUrl: verifyUrl(row.code),
        partnershipName: row.partnership_name,
      });
      return { code: row.code, pdf };
    },

    /** The certificate code of a booking, if it has a standing one (for the booking page's link). */
    async codeOf(bookingId: number): Promise<string | null> {
      const row = await db
        .selectFrom('training_certificates')
        .select('code')
        .where('booking_id', '=', bookingId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return row?.code ?? null;
    },
  };
}

export type CertificateService = ReturnType<typeof createCertificateService>;
