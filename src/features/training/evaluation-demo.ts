/*
 * The demo partnership's evaluations and charges (issue 14, points 5 and 7), from the demo's past
 * bookings: answers at realistic response rates (most before and straight after, fewer at the
 * follow-up), two courses that withhold the certificate, the charging rules, and a charge for
 * each late cancellation and no-show with some waived, and a few late arrivals. Seeded.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ChargeKind, EvaluationStage } from '../../db/training-evaluation-schema.ts';
import { addDays, londonDateOf } from '../../lib/dates.ts';
import { hashSecret, newSecret } from '../../lib/secrets.ts';
import { seeded } from './demo.ts';

type Db = Kysely<Database>;
const DAY = 86_400_000;
const WAIVER_REASONS = [
  'Called to a child protection conference',
  'Illness, with a note',
  'Session moved at short notice',
];
const SETTINGS = {
  late_cancel_days: 5,
  late_cancel_pence: 5000,
  no_show_pence: 7500,
  late_minutes: 15,
  late_arrival_pence: 2500,
};

interface Past {
  id: number;
  session_id: number;
  course_id: number;
  organisation_id: number;
  status: string;
  starts_at: string;
}

async function insertAll<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 200) await insert(rows.slice(i, i + 200));
}

function evaluationRows(partnershipId: number, past: Past[], now: number, random: () => number) {
  const score = (low: number) => Math.min(5, low + Math.floor(random() * 3));
  const rows = [];
  for (const b of past.filter((p) => p.status === 'attended' || p.status === 'partially_attended')) {
    const start = new Date(b.starts_at).getTime();
    const stages: [EvaluationStage, number][] = [
      ['before', 0.7],
      ['after', 0.65],
      ['follow_up', start < now - 12 * 7 * DAY ? 0.35 : 0],
    ];
    for (const [stage, rate] of stages) {
      if (random() >= rate) continue;
      const sent = stage === 'before' ? start - 7 * DAY : stage === 'after' ? start + DAY / 2 : start + 84 * DAY;
      rows.push({
        partnership_id: partnershipId,
        booking_id: b.id,
        session_id: b.session_id,
        course_id: b.course_id,
        stage,
        token_hash: hashSecret(newSecret('e', 16)),
        sent_at: new Date(sent).toISOString(),
        expires_at: new Date(sent + 30 * DAY).toISOString(),
        answered_at: new Date(sent + DAY).toISOString(),
        confidence: score(stage === 'before' ? 1 : 3),
        usefulness: stage === 'after' ? score(3) : null,
        applied: stage === 'follow_up' ? score(2) : null,
        comment: '',
        answered_with: stage === 'follow_up' ? 'Line manager' : '',
      });
    }
  }
  return rows;
}

function chargeRows(partnershipId: number, past: Past[], at: string, random: () => number) {
  const rows = [];
  for (const b of past) {
    const day = londonDateOf(b.starts_at);
    const late = b.status === 'attended' && random() < 0.03;
    const kind: ChargeKind | null =
      b.status === 'no_show'
        ? 'no_show'
        : b.status === 'cancelled_late'
          ? 'late_cancellation'
          : late
            ? 'late_arrival'
            : null;
    if (!kind) continue;
    const waived = random() < 0.1 ? (WAIVER_REASONS[Math.floor(random() * WAIVER_REASONS.length)] ?? '') : '';
    rows.push({
      partnership_id: partnershipId,
      booking_id: b.id,
      organisation_id: b.organisation_id,
      kind,
      amount_pence:
        kind === 'no_show'
          ? SETTINGS.no_show_pence
          : kind === 'late_arrival'
            ? SETTINGS.late_arrival_pence
            : SETTINGS.late_cancel_pence,
      incurred_on: kind === 'late_cancellation' ? addDays(day, -2) : day,
      raised_at: at,
      status: waived ? ('waived' as const) : ('raised' as const),
      resolved_at: waived ? at : null,
      resolved_by: waived ? 'Chris Taylor <training@demoshire.example>' : '',
      reason: waived,
    });
  }
  return rows;
}

/** Loads the demo's evaluations and charges inside the demo loader's transaction, after its bookings. */
export async function loadEvaluationDemo(trx: Db, partnershipId: number, now = new Date()): Promise<void> {
  const at = now.toISOString();
  const random = seeded(1407);
  const past = await trx
    .selectFrom('training_bookings as b')
    .innerJoin('training_sessions as s', 's.id', 'b.session_id')
    .select(['b.id', 'b.session_id', 's.course_id', 'b.organisation_id', 'b.status', 's.starts_at'])
    .where('b.partnership_id', '=', partnershipId)
    .where('s.starts_at', '<', at)
    .orderBy('b.id')
    .execute();
  await trx
    .insertInto('training_charge_settings')
    .values({ partnership_id: partnershipId, ...SETTINGS, updated_at: at })
    .execute();
  const courses = [...new Set(past.map((p) => p.course_id))].slice(0, 2);
  for (const courseId of courses)
    await trx
      .insertInto('training_course_evaluation')
      .values({
        partnership_id: partnershipId,
        course_id: courseId,
        withhold_certificate: 1,
        follow_up_weeks: 12,
        updated_at: at,
      })
      .execute();
  const evaluations = evaluationRows(partnershipId, past, now.getTime(), random);
  await insertAll(evaluations, (batch) => trx.insertInto('training_evaluations').values(batch).execute());
  const charges = chargeRows(partnershipId, past, at, random);
  await insertAll(charges, (batch) => trx.insertInto('training_charges').values(batch).execute());
  const lateArrivals = charges.filter((c) => c.kind === 'late_arrival');
  await insertAll(lateArrivals, (batch) =>
    trx
      .insertInto('training_late_arrivals')
      .values(
        batch.map((c) => ({
          partnership_id: partnershipId,
          booking_id: c.booking_id,
          minutes_late: 25,
          recorded_at: at,
        })),
      )
      .execute(),
  );
}
