/*
 * Evaluation (issue 14, point 7): each stage is answered once, without an account, through the
 * link emailed for it (the token pattern of the questionnaire and the manager's approval: random,
 * only its SHA-256 stored). Answering the questionnaire after the course releases a certificate
 * the course withheld. Results per course and session go through the suppression module.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import { requireCapability, type Actor } from '../../auth/actor.ts';
import type { Database } from '../../db/schema.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { hashSecret } from '../../lib/secrets.ts';
import { formatDateTime, nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { issueCertificate } from './certificate-service.ts';
import { evaluationTable, type AnswerRow } from './evaluation-results.ts';
import { parseAnswers, plausibleEvaluationToken, STAGE_NAMES, type EvaluationStage } from './evaluation-stages.ts';
import * as repo from './repository.ts';

type Db = Kysely<Database>;

export const DEFAULT_FOLLOW_UP_WEEKS = 12;

export async function courseEvaluationSettings(db: Db, courseId: number) {
  const row = await db
    .selectFrom('training_course_evaluation')
    .select(['withhold_certificate', 'follow_up_weeks'])
    .where('course_id', '=', courseId)
    .executeTakeFirst();
  return {
    withholdCertificate: Boolean(row?.withhold_certificate),
    followUpWeeks: row?.follow_up_weeks ?? DEFAULT_FOLLOW_UP_WEEKS,
  };
}

/** Whoever holds the link: the audit names them by the practitioner the link was sent about. */
const linkActor = (
  row: { partnership_id: number; organisation_id: number; name: string },
  ip: string | null,
): Actor => ({
  userId: null,
  partnershipId: row.partnership_id,
  role: 'practitioner',
  organisationId: row.organisation_id,
  label: `Evaluation link of ${row.name}`,
  ip,
});

async function byToken(db: Db, token: string) {
  if (!plausibleEvaluationToken(token)) throw new NotFoundError('Evaluation link');
  const row = await db
    .selectFrom('training_evaluations as e')
    .innerJoin('training_bookings as b', 'b.id', 'e.booking_id')
    .innerJoin('training_practitioners as p', 'p.id', 'b.practitioner_id')
    .innerJoin('training_sessions as s', 's.id', 'e.session_id')
    .innerJoin('training_courses as c', 'c.id', 'e.course_id')
    .select([
      'e.id',
      'e.partnership_id',
      'e.booking_id',
      'e.stage',
      'e.expires_at',
      'e.answered_at',
      'b.organisation_id',
      'p.name',
      'c.title',
      's.starts_at',
    ])
    .where('e.token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Evaluation link');
  return row;
}

/** What the person sees before answering, or why the link no longer works. */
async function link(db: Db, token: string) {
  const row = await byToken(db, token);
  const problem = row.answered_at
    ? `This evaluation was answered on ${formatDateTime(row.answered_at)}. Thank you: nothing more is needed.`
    : row.expires_at < nowIso()
      ? `This link stopped working on ${formatDateTime(row.expires_at)}. Contact your training coordinator if you still want to answer.`
      : null;
  return {
    stage: row.stage,
    stageName: STAGE_NAMES[row.stage],
    name: row.name,
    courseTitle: row.title,
    when: formatDateTime(row.starts_at),
    problem,
  };
}

/** Records the answers once; the questionnaire after the course releases a withheld certificate. */
async function answer(db: Db, token: string, form: Record<string, unknown>, ip: string | null) {
  const seen = await link(db, token);
  if (seen.problem) throw new ValidationError({ evaluation: seen.problem });
  const answers = parseAnswers(seen.stage, form);
  return db.transaction().execute(async (trx) => {
    const row = await byToken(trx, token);
    const saved = await trx
      .updateTable('training_evaluations')
      .set({ ...answers, answered_at: nowIso() })
      .where('id', '=', row.id)
      .where('answered_at', 'is', null)
      .where('expires_at', '>=', nowIso())
      .executeTakeFirst();
    if (Number(saved.numUpdatedRows) !== 1)
      throw new ValidationError({ evaluation: 'This evaluation was already answered: nothing more is needed.' });
    const actor = linkActor(row, ip);
    await recordAudit(trx, actor, {
      action: 'create',
      entityType: 'training_evaluation',
      entityId: row.booking_id,
      organisationId: row.organisation_id,
      summary: `Evaluation answered for booking ${row.booking_id}: ${STAGE_NAMES[row.stage].toLowerCase()}`,
    });
    if (row.stage !== 'after') return { certificate: false };
    const booking = await repo.findBooking(trx, row.partnership_id, row.booking_id);
    const session = booking ? await repo.findSession(trx, row.partnership_id, booking.session_id) : undefined;
    const certificate = booking && session ? await issueCertificate(trx, actor, booking, session) : false;
    return { certificate };
  });
}

async function course(db: Db, actor: Actor, courseId: number) {
  requireCapability(actor, 'training:view');
  const found = await repo.findCourse(db, actor.partnershipId, courseId);
  if (!found) throw new NotFoundError('Course');
  return found;
}

/** Counts and means per session and stage, and for the whole course, every small group withheld. */
async function results(db: Db, threshold: number, actor: Actor, courseId: number) {
  const found = await course(db, actor, courseId);
  const answered = db
    .selectFrom('training_evaluations')
    .where('partnership_id', '=', actor.partnershipId)
    .where('course_id', '=', found.id)
    .where('answered_at', 'is not', null);
  const measures = (eb: ExpressionBuilder<Database, 'training_evaluations'>) =>
    [
      eb.fn.countAll<number>().as('n'),
      eb.fn.avg<number>('confidence').as('confidence'),
      eb.fn.avg<number>('usefulness').as('usefulness'),
      eb.fn.avg<number>('applied').as('applied'),
    ] as const;
  const [sessions, perSession, whole, settings] = await Promise.all([
    repo.listSessions(db, actor.partnershipId, found.id),
    answered
      .select((eb) => ['session_id', 'stage', ...measures(eb)])
      .groupBy(['session_id', 'stage'])
      .execute(),
    answered
      .select((eb) => ['stage', ...measures(eb)])
      .groupBy('stage')
      .execute(),
    courseEvaluationSettings(db, found.id),
  ]);
  const numeric = (r: { n: unknown; confidence: unknown; usefulness: unknown; applied: unknown }) => ({
    n: Number(r.n),
    confidence: r.confidence === null ? null : Number(r.confidence),
    usefulness: r.usefulness === null ? null : Number(r.usefulness),
    applied: r.applied === null ? null : Number(r.applied),
  });
  const table = evaluationTable(
    sessions.map((s) => s.id),
    perSession.map((r): AnswerRow => ({ ...numeric(r), session_id: r.session_id, stage: r.stage })),
    whole.map((r): AnswerRow => ({ ...numeric(r), session_id: 0, stage: r.stage })),
    threshold,
  );
  return { course: found, sessions, table, settings, threshold };
}

async function saveSettings(db: Db, actor: Actor, courseId: number, form: Record<string, unknown>) {
  requireCapability(actor, 'training:manage');
  const found = await course(db, actor, courseId);
  const weeksText = typeof form.follow_up_weeks === 'string' ? form.follow_up_weeks.trim() : '';
  if (!/^\d{1,2}$/.test(weeksText) || Number(weeksText) < 1 || Number(weeksText) > 52)
    throw new ValidationError({
      follow_up_weeks: 'Enter the weeks before the follow-up as a whole number from 1 to 52',
    });
  if (form.withhold !== 'yes' && form.withhold !== 'no')
    throw new ValidationError({ withhold: 'Select whether the certificate waits for the evaluation' });
  const values = { withhold_certificate: form.withhold === 'yes' ? 1 : 0, follow_up_weeks: Number(weeksText) };
  await db.transaction().execute(async (trx) => {
    const before = await courseEvaluationSettings(trx, found.id);
    await trx
      .insertInto('training_course_evaluation')
      .values({ partnership_id: actor.partnershipId, course_id: found.id, ...values, updated_at: nowIso() })
      .onConflict((oc) => oc.column('course_id').doUpdateSet({ ...values, updated_at: nowIso() }))
      .execute();
    await recordAudit(trx, actor, {
      action: 'update',
      entityType: 'training_course',
      entityId: found.id,
      summary: `Changed the evaluation settings of ${found.title}`,
      before: { ...before },
      after: { withholdCertificate: values.withhold_certificate === 1, followUpWeeks: values.follow_up_weeks },
    });
  });
  return found;
}

export function createEvaluationService(db: Db, threshold: number) {
  return {
    link: (token: string) => link(db, token),
    answer: (token: string, form: Record<string, unknown>, ip: string | null) => answer(db, token, form, ip),
    results: (actor: Actor, courseId: number) => results(db, threshold, actor, courseId),
    saveSettings: (actor: Actor, courseId: number, form: Record<string, unknown>) =>
      saveSettings(db, actor, courseId, form),
  };
}

export type EvaluationService = ReturnType<typeof createEvaluationService>;
export type { EvaluationStage };
