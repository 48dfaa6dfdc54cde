/*
 * Charges raised from booking events (issue 14, point 5), called by moveBooking for every move
 * and by the late-arrival form, in the caller's transaction: a late cancellation, a no-show, or a
 * late arrival over the partnership's limit raises a charge at the partnership's amount; a
 * substitution inside the late-cancellation period records the charge it waives; a corrected
 * register withdraws the no-show charge it had raised. Every change is audited.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../../auth/actor.ts';
import type { ChargeKind, ChargeStatus } from '../../db/training-evaluation-schema.ts';
import type { Database } from '../../db/schema.ts';
import { londonDateOf, todayInLondon } from '../../lib/dates.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { englandBankHolidays } from './bank-holidays.ts';
import type { BookingStatus } from './booking-states.ts';
import type { BookingRow } from './repository.ts';
import { isLateCancellation } from './working-days.ts';

type Db = Kysely<Database>;

export const CHARGE_KINDS: Record<ChargeKind, string> = {
  late_cancellation: 'Late cancellation',
  no_show: 'Did not attend',
  late_arrival: 'Arrived late',
};

export const SUBSTITUTION_WAIVER = 'A colleague took the place (substitution)';

export interface ChargeSettings {
  late_cancel_days: number;
  late_cancel_pence: number;
  no_show_pence: number;
  late_minutes: number;
  late_arrival_pence: number;
}

export const NO_CHARGES: ChargeSettings = {
  late_cancel_days: 5,
  late_cancel_pence: 0,
  no_show_pence: 0,
  late_minutes: 30,
  late_arrival_pence: 0,
};

export async function chargeSettings(db: Db, partnershipId: number): Promise<ChargeSettings> {
  const row = await db
    .selectFrom('training_charge_settings')
    .select(['late_cancel_days', 'late_cancel_pence', 'no_show_pence', 'late_minutes', 'late_arrival_pence'])
    .where('partnership_id', '=', partnershipId)
    .executeTakeFirst();
  return row ?? NO_CHARGES;
}

const poundsText = (pence: number) => `£${(pence / 100).toFixed(2)}`;

async function audit(trx: Db, actor: Actor, booking: BookingRow, summary: string, after: Record<string, unknown>) {
  await recordAudit(trx, actor, {
    action: 'update',
    entityType: 'training_charge',
    entityId: booking.id,
    organisationId: booking.organisation_id,
    summary,
    after,
  });
}

/** Raises (or, with `status: 'waived'`, records as waived) the booking's charge of one kind, once. */
async function raise(
  trx: Db,
  actor: Actor,
  booking: BookingRow,
  kind: ChargeKind,
  amount: number,
  incurredOn: string,
  waived?: string,
) {
  const existing = await trx
    .selectFrom('training_charges')
    .select(['id', 'status'])
    .where('booking_id', '=', booking.id)
    .where('kind', '=', kind)
    .executeTakeFirst();
  const status: ChargeStatus = waived ? 'waived' : 'raised';
  const at = nowIso();
  const resolved = { resolved_at: waived ? at : null, resolved_by: waived ? actor.label : '', reason: waived ?? '' };
  // A raised or waived charge stands; only a withdrawn one (its event corrected, then repeated) is raised again.
  if (existing && existing.status !== 'withdrawn') return;
  if (existing) {
    await trx
      .updateTable('training_charges')
      .set({ status, amount_pence: amount, incurred_on: incurredOn, raised_at: at, ...resolved })
      .where('id', '=', existing.id)
      .execute();
  } else {
    await trx
      .insertInto('training_charges')
      .values({
        partnership_id: booking.partnership_id,
        booking_id: booking.id,
        organisation_id: booking.organisation_id,
        kind,
        amount_pence: amount,
        incurred_on: incurredOn,
        raised_at: at,
        status,
        ...resolved,
      })
      .execute();
  }
  const what = `${CHARGE_KINDS[kind].toLowerCase()} charge of ${poundsText(amount)} for booking ${booking.id}`;
  await audit(trx, actor, booking, waived ? `Waived the ${what}: ${waived}` : `Raised a ${what}`, {
    kind,
    amount_pence: amount,
    status,
  });
}

/** Withdraws a raised charge whose event was corrected (a register marked wrongly). */
export async function withdrawCharge(trx: Db, actor: Actor, booking: BookingRow, kind: ChargeKind, reason: string) {
  const updated = await trx
    .updateTable('training_charges')
    .set({ status: 'withdrawn', resolved_at: nowIso(), resolved_by: actor.label, reason })
    .where('booking_id', '=', booking.id)
    .where('kind', '=', kind)
    .where('status', '=', 'raised')
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 1)
    await audit(
      trx,
      actor,
      booking,
      `Withdrew the ${CHARGE_KINDS[kind].toLowerCase()} charge for booking ${booking.id}: ${reason}`,
      {
        kind,
        status: 'withdrawn',
      },
    );
}

async function sessionStart(trx: Db, booking: BookingRow): Promise<string> {
  const row = await trx
    .selectFrom('training_sessions')
    .select('starts_at')
    .where('id', '=', booking.session_id)
    .executeTakeFirstOrThrow();
  return row.starts_at;
}

/** Whether leaving a booked place today falls inside the partnership's late-cancellation period. */
function insideLatePeriod(settings: ChargeSettings, startsAt: string): boolean {
  return isLateCancellation(todayInLondon(), londonDateOf(startsAt), settings.late_cancel_days, englandBankHolidays());
}

/** The charge a move of the state machine raises, waives or withdraws, if any. */
export async function chargeForMove(
  trx: Db,
  actor: Actor,
  booking: BookingRow,
  from: BookingStatus,
  to: BookingStatus,
) {
  const leavingPlace = from === 'booked' && (to === 'cancelled' || to === 'cancelled_late' || to === 'substituted');
  if (!leavingPlace && to !== 'no_show' && from !== 'no_show') return;
  const settings = await chargeSettings(trx, booking.partnership_id);
  if (from === 'no_show') await withdrawCharge(trx, actor, booking, 'no_show', 'Register corrected');
  if (to === 'no_show' && settings.no_show_pence > 0) {
    const startsAt = await sessionStart(trx, booking);
    await raise(trx, actor, booking, 'no_show', settings.no_show_pence, londonDateOf(startsAt));
  }
  if (leavingPlace && settings.late_cancel_pence > 0) {
    const startsAt = await sessionStart(trx, booking);
    if (!insideLatePeriod(settings, startsAt)) return;
    const waived = to === 'substituted' ? SUBSTITUTION_WAIVER : undefined;
    await raise(trx, actor, booking, 'late_cancellation', settings.late_cancel_pence, todayInLondon(), waived);
  }
}

/** A late arrival recorded on the register: charged over the partnership's limit, withdrawn when corrected below it. */
export async function chargeForLateArrival(trx: Db, actor: Actor, booking: BookingRow, minutes: number) {
  const settings = await chargeSettings(trx, booking.partnership_id);
  if (minutes > settings.late_minutes && settings.late_arrival_pence > 0) {
    const startsAt = await sessionStart(trx, booking);
    await raise(trx, actor, booking, 'late_arrival', settings.late_arrival_pence, londonDateOf(startsAt));
  } else {
    await withdrawCharge(trx, actor, booking, 'late_arrival', `Arrival corrected to ${minutes} minutes late`);
  }
}
