/*
 * Training's scheduled jobs, in the one schedule table (docs/adr/0021): the offer lapse job, and
 * the evaluation links (issue 14, point 7) — before the course to everyone booked on a session in
 * the next 14 days, straight after to everyone on the register, and the follow-up (to the
 * practitioner and their line manager) the course's number of weeks after. Each booking gets each
 * stage once: the unique (booking, stage) row and the outbox key both say so.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { hashSecret, newSecret } from '../../lib/secrets.ts';
import { formatDateTime } from '../../lib/time.ts';
import type { ScheduledJob } from '../messaging/scheduler.ts';
import { enqueue } from '../messaging/repository.ts';
import { DEFAULT_FOLLOW_UP_WEEKS } from './evaluation-service.ts';
import { STAGE_NAMES, type EvaluationStage } from './evaluation-stages.ts';
import { evaluationPaths } from './evaluation-paths.ts';
import { lapseExpiredOffers, OFFER_LAPSE_JOB } from './offer-lapse.ts';

type Db = Kysely<Database>;
const DAY = 86_400_000;
const WEEK = 7 * DAY;
const BATCH = 500;
const ANSWER_DAYS = 30;

interface Due {
  id: number;
  partnership_id: number;
  session_id: number;
  course_id: number;
  starts_at: string;
  name: string;
  email: string;
  line_manager_email: string;
  title: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

function candidates(db: Db, stage: EvaluationStage) {
  return db
    .selectFrom('training_bookings as b')
    .innerJoin('training_sessions as s', 's.id', 'b.session_id')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .innerJoin('training_practitioners as p', 'p.id', 'b.practitioner_id')
    .leftJoin('training_evaluations as e', (join) => join.onRef('e.booking_id', '=', 'b.id').on('e.stage', '=', stage))
    .leftJoin('training_course_evaluation as ce', 'ce.course_id', 'c.id')
    .select([
      'b.id',
      'b.partnership_id',
      'b.session_id',
      's.course_id',
      's.starts_at',
      'p.name',
      'p.email',
      'p.line_manager_email',
      'c.title',
    ])
    .where('e.id', 'is', null)
    .orderBy('b.id')
    .limit(BATCH);
}

/** The bookings each stage is due for now. */
async function due(db: Db, stage: EvaluationStage, now: number): Promise<Due[]> {
  if (stage === 'before')
    return candidates(db, stage)
      .where('b.status', '=', 'booked')
      .where('s.status', '=', 'scheduled')
      .where('s.starts_at', '>', iso(now))
      .where('s.starts_at', '<=', iso(now + 14 * DAY))
      .execute();
  const present = candidates(db, stage).where('b.status', 'in', ['attended', 'partially_attended']);
  if (stage === 'after')
    return present
      .where('s.starts_at', '<=', iso(now))
      .where('s.starts_at', '>', iso(now - 14 * DAY))
      .execute();
  const weeks = await db.selectFrom('training_course_evaluation').select('follow_up_weeks').distinct().execute();
  const rows: Due[] = [];
  for (const w of new Set([DEFAULT_FOLLOW_UP_WEEKS, ...weeks.map((r) => r.follow_up_weeks)])) {
    rows.push(
      ...(await present
        .where((eb) => eb(eb.fn.coalesce('ce.follow_up_weeks', eb.val(DEFAULT_FOLLOW_UP_WEEKS)), '=', w))
        .where('s.starts_at', '<=', iso(now - w * WEEK))
        .where('s.starts_at', '>', iso(now - (w + 4) * WEEK))
        .execute()),
    );
  }
  return rows;
}

function body(stage: EvaluationStage, d: Due, link: string, expires: string): string {
  const intro: Record<EvaluationStage, string> = {
    before: `Before ${d.title} on ${formatDateTime(d.starts_at)}, please tell us how confident you feel in its subject. It takes a minute.`,
    after: `Thank you for attending ${d.title}. Please tell us how it went: it takes two minutes. If your certificate is waiting for this evaluation, it is issued as soon as you answer.`,
    follow_up: `Some weeks have passed since ${d.title}. Please answer these few questions with your line manager (copied in): how much have you used what you learned?`,
  };
  return (
    `Dear ${d.name},\n\n${intro[stage]}\n\nAnswer here (no account needed):\n${link}\n\n` +
    `The link works once and stops working on ${formatDateTime(expires)}.\n\nOne Workforce training`
  );
}

/** Sends each stage's link to everyone it is due for; returns how many links were sent. */
export async function queueEvaluations(db: Db, baseUrl: string): Promise<number> {
  const now = Date.now();
  let sent = 0;
  for (const stage of ['before', 'after', 'follow_up'] as const) {
    const rows = await due(db, stage, now);
    await db.transaction().execute(async (trx) => {
      for (const d of rows) {
        const token = newSecret('e');
        const expires = stage === 'before' ? d.starts_at : iso(now + ANSWER_DAYS * DAY);
        await trx
          .insertInto('training_evaluations')
          .values({
            partnership_id: d.partnership_id,
            booking_id: d.id,
            session_id: d.session_id,
            course_id: d.course_id,
            stage,
            token_hash: hashSecret(token),
            sent_at: iso(now),
            expires_at: expires,
            answered_at: null,
            confidence: null,
            usefulness: null,
            applied: null,
            comment: '',
            answered_with: '',
          })
          .execute();
        const link = `${baseUrl}${evaluationPaths.evaluate({ token })}`;
        const message = (recipient: string, key: string) => ({
          partnershipId: d.partnership_id,
          userId: null,
          key: `training-evaluation-${d.id}-${stage}${key}`,
          template: 'training-evaluation',
          recipient,
          subject: `${STAGE_NAMES[stage]}: ${d.title}`,
          body: body(stage, d, link, expires),
          calendar: null,
        });
        const messages = [message(d.email, '')];
        if (stage === 'follow_up') messages.push(message(d.line_manager_email, '-manager'));
        await enqueue(trx, messages);
      }
    });
    sent += rows.length;
  }
  return sent;
}

/** Training's jobs for the schedule table. */
export function trainingJobs(config: Config): ScheduledJob[] {
  return [
    {
      name: OFFER_LAPSE_JOB,
      pattern: '*/5 * * * *',
      run: (db) => lapseExpiredOffers(db, config.database.engine, config.baseUrl),
    },
    { name: 'training-evaluations', pattern: '*/15 * * * *', run: (db) => queueEvaluations(db, config.baseUrl) },
  ];
}
