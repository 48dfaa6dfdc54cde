/*
 * Charges (issue 14, point 5): the partnership's charging rules, the charges raised from booking
 * events (charges-events.ts), late arrivals recorded on the register, a coordinator's waiver (a
 * reason, audited), and the quarterly statement per agency for the council's finance system.
 */
import type { Kysely } from 'kysely';
import { requireCapability, type Actor } from '../../auth/actor.ts';
import type { DatabaseEngine } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import type { ChargeKind, ChargeStatus } from '../../db/training-evaluation-schema.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { chargeForLateArrival, chargeSettings, type ChargeSettings } from './charges-events.ts';
import { isQuarterCode, quarter, type Quarter } from './charges-quarters.ts';
import { formText } from './forms.ts';
import * as repo from './repository.ts';

type Db = Kysely<Database>;

export interface AgencyTotal {
  organisationId: number;
  organisation: string;
  raisedCount: number;
  raisedPence: number;
  waivedCount: number;
  waivedPence: number;
}

export interface ChargeLine {
  id: number;
  bookingId: number;
  organisation: string;
  person: string;
  course: string;
  sessionStartsAt: string;
  kind: ChargeKind;
  amountPence: number;
  incurredOn: string;
  status: ChargeStatus;
  reason: string;
  resolvedBy: string;
}

const lines = (db: Db, partnershipId: number) =>
  db
    .selectFrom('training_charges as ch')
    .innerJoin('training_bookings as b', 'b.id', 'ch.booking_id')
    .innerJoin('training_practitioners as p', 'p.id', 'b.practitioner_id')
    .innerJoin('training_sessions as s', 's.id', 'b.session_id')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .innerJoin('organisations as o', 'o.id', 'ch.organisation_id')
    .select([
      'ch.id',
      'ch.booking_id as bookingId',
      'o.name as organisation',
      'p.name as person',
      'c.title as course',
      's.starts_at as sessionStartsAt',
      'ch.kind',
      'ch.amount_pence as amountPence',
      'ch.incurred_on as incurredOn',
      'ch.status',
      'ch.reason',
      'ch.resolved_by as resolvedBy',
    ])
    .where('ch.partnership_id', '=', partnershipId);

/** Every charge incurred in the quarter, withdrawn ones left out, by agency then date. */
export function chargeLines(db: Db, partnershipId: number, q: Quarter): Promise<ChargeLine[]> {
  return lines(db, partnershipId)
    .where('ch.incurred_on', '>=', q.from)
    .where('ch.incurred_on', '<=', q.to)
    .where('ch.status', '!=', 'withdrawn')
    .orderBy('o.name')
    .orderBy('ch.incurred_on')
    .orderBy('ch.id')
    .execute();
}

/**
 * Totals per agency for a financial quarter ("2026-Q1" is April to June 2026): charges raised
 * and still owed, and charges waived. For the statement, and for the quarterly report to call.
 */
export async function chargesForQuarter(db: Db, partnershipId: number, quarterCode: string): Promise<AgencyTotal[]> {
  const q = quarter(quarterCode);
  const rows = await db
    .selectFrom('training_charges as ch')
    .innerJoin('organisations as o', 'o.id', 'ch.organisation_id')
    .select((eb) => [
      'ch.organisation_id as organisationId',
      'o.name as organisation',
      'ch.status',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('ch.amount_pence').as('pence'),
    ])
    .where('ch.partnership_id', '=', partnershipId)
    .where('ch.incurred_on', '>=', q.from)
    .where('ch.incurred_on', '<=', q.to)
    .where('ch.status', 'in', ['raised', 'waived'])
    .groupBy(['ch.organisation_id', 'o.name', 'ch.status'])
    .execute();
  const totals = new Map<number, AgencyTotal>();
  for (const row of rows) {
    const total = totals.get(row.organisationId) ?? {
      organisationId: row.organisationId,
      organisation: row.organisation,
      raisedCount: 0,
      raisedPence: 0,
      waivedCount: 0,
      waivedPence: 0,
    };
    if (row.status === 'raised') {
      total.raisedCount += Number(row.n);
      total.raisedPence += Number(row.pence);
    } else {
      total.waivedCount += Number(row.n);
      total.waivedPence += Number(row.pence);
    }
    totals.set(row.organisationId, total);
  }
  return [...totals.values()].sort((a, b) => a.organisation.localeCompare(b.organisation));
}

const WHOLE = /^\d{1,4}$/;
const MONEY = /^£?\s*(\d{1,4})(?:\.(\d{1,2}))?$/;

/** Checks the settings form; amounts in pounds (up to £9,999.99), periods in whole days and minutes. */
export function parseSettings(form: Record<string, unknown>): ChargeSettings {
  const text = (name: string) => formText(form, name);
  const errors: Record<string, string> = {};
  const whole = (name: string, label: string, max: number) => {
    const value = text(name);
    if (!WHOLE.test(value) || Number(value) > max) errors[name] = `Enter ${label} as a whole number from 0 to ${max}`;
    return Number(value);
  };
  const pence = (name: string, label: string) => {
    const match = MONEY.exec(text(name).replaceAll(',', ''));
    if (!match) {
      errors[name] = `Enter the ${label} in pounds, for example 50 or 25.50 (0 for no charge)`;
      return 0;
    }
    return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
  };
  const settings = {
    late_cancel_days: whole('late_cancel_days', 'the late cancellation period in working days', 60),
    late_cancel_pence: pence('late_cancel_amount', 'late cancellation charge'),
    no_show_pence: pence('no_show_amount', 'charge for not attending'),
    late_minutes: whole('late_minutes', 'the minutes late that are charged', 480),
    late_arrival_pence: pence('late_arrival_amount', 'late arrival charge'),
  };
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return settings;
}

const manage = (actor: Actor) => requireCapability(actor, 'training:manage');

async function saveSettings(db: Db, actor: Actor, form: Record<string, unknown>) {
  manage(actor);
  const settings = parseSettings(form);
  return db.transaction().execute(async (trx) => {
    const before = await chargeSettings(trx, actor.partnershipId);
    const values = { ...settings, updated_at: nowIso() };
    await trx
      .insertInto('training_charge_settings')
      .values({ partnership_id: actor.partnershipId, ...values })
      .onConflict((oc) => oc.column('partnership_id').doUpdateSet(values))
      .execute();
    await recordAudit(trx, actor, {
      action: 'update',
      entityType: 'training_charge_settings',
      entityId: actor.partnershipId,
      summary: 'Changed the training charges',
      before: { ...before },
      after: { ...settings },
    });
    return settings;
  });
}

async function charge(db: Db, actor: Actor, id: number): Promise<ChargeLine> {
  manage(actor);
  const row = await lines(db, actor.partnershipId).where('ch.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('Charge');
  return row;
}

async function waive(db: Db, actor: Actor, id: number, reason: string) {
  const seen = await charge(db, actor, id);
  if (!reason.trim()) throw new ValidationError({ reason: 'Enter why the charge is waived' });
  if (reason.length > 500) throw new ValidationError({ reason: 'The reason must be 500 characters or fewer' });
  if (seen.status !== 'raised')
    throw new ValidationError({ reason: `This charge is already ${seen.status}: there is nothing to waive.` });
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('training_charges')
      .set({ status: 'waived', resolved_at: nowIso(), resolved_by: actor.label, reason: reason.trim() })
      .where('id', '=', id)
      .where('partnership_id', '=', actor.partnershipId)
      .where('status', '=', 'raised')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1)
      throw new ValidationError({ reason: 'This charge changed while you were waiving it. Look at it again.' });
    const booking = await repo.findBooking(trx, actor.partnershipId, seen.bookingId);
    await recordAudit(trx, actor, {
      action: 'update',
      entityType: 'training_charge',
      entityId: seen.bookingId,
      organisationId: booking?.organisation_id ?? null,
      summary: `Waived the charge ${id} of £${(seen.amountPence / 100).toFixed(2)} for booking ${seen.bookingId}: ${reason.trim()}`,
      before: { status: 'raised' },
      after: { status: 'waived', reason: reason.trim() },
    });
  });
}

/** Minutes late, per booking on the session's register; blank leaves a booking as it was. */
async function recordLateArrivals(
  db: Db,
  engine: DatabaseEngine,
  actor: Actor,
  sessionId: number,
  minutes: Map<number, number>,
) {
  manage(actor);
  return db.transaction().execute(async (trx) => {
    const session = await repo.lockSession(trx, engine, actor.partnershipId, sessionId);
    if (!session) throw new NotFoundError('Session');
    if (session.starts_at > nowIso())
      throw new ValidationError({ late: 'Late arrivals can be recorded once the session has started.' });
    const present = new Map(
      (await repo.sessionBookings(trx, session.id, ['attended', 'partially_attended'])).map((b) => [b.id, b]),
    );
    for (const [id, late] of minutes) {
      const booking = present.get(id);
      if (!booking) throw new ValidationError({ late: 'Record late arrivals only for people marked as attending.' });
      await trx
        .insertInto('training_late_arrivals')
        .values({ partnership_id: actor.partnershipId, booking_id: id, minutes_late: late, recorded_at: nowIso() })
        .onConflict((oc) => oc.column('booking_id').doUpdateSet({ minutes_late: late, recorded_at: nowIso() }))
        .execute();
      await chargeForLateArrival(trx, actor, booking, late);
    }
    return minutes.size;
  });
}

async function lateArrivals(db: Db, actor: Actor, sessionId: number) {
  manage(actor);
  const session = await repo.findSession(db, actor.partnershipId, sessionId);
  if (!session) throw new NotFoundError('Session');
  const people = await db
    .selectFrom('training_bookings as b')
    .innerJoin('training_practitioners as p', 'p.id', 'b.practitioner_id')
    .leftJoin('training_late_arrivals as l', 'l.booking_id', 'b.id')
    .select(['b.id', 'p.name', 'b.status', 'l.minutes_late'])
    .where('b.session_id', '=', session.id)
    .where('b.status', 'in', ['attended', 'partially_attended'])
    .orderBy('p.name')
    .execute();
  return { session, people, settings: await chargeSettings(db, actor.partnershipId) };
}

async function statement(db: Db, actor: Actor, quarterCode: string) {
  manage(actor);
  if (!isQuarterCode(quarterCode)) throw new NotFoundError('Quarter');
  const q = quarter(quarterCode);
  const [totals, charges] = await Promise.all([
    chargesForQuarter(db, actor.partnershipId, q.code),
    chargeLines(db, actor.partnershipId, q),
  ]);
  return { quarter: q, totals, charges };
}

export function createChargesService(db: Db, engine: DatabaseEngine) {
  return {
    settings: (actor: Actor) => {
      manage(actor);
      return chargeSettings(db, actor.partnershipId);
    },
    saveSettings: (actor: Actor, form: Record<string, unknown>) => saveSettings(db, actor, form),
    charge: (actor: Actor, id: number) => charge(db, actor, id),
    waive: (actor: Actor, id: number, reason: string) => waive(db, actor, id, reason),
    lateArrivals: (actor: Actor, sessionId: number) => lateArrivals(db, actor, sessionId),
    recordLateArrivals: (actor: Actor, sessionId: number, minutes: Map<number, number>) =>
      recordLateArrivals(db, engine, actor, sessionId, minutes),
    statement: (actor: Actor, quarterCode: string) => statement(db, actor, quarterCode),
    /** For the quarterly report: totals per agency in a financial quarter. */
    chargesForQuarter: (partnershipId: number, quarterCode: string) =>
      chargesForQuarter(db, partnershipId, quarterCode),
  };
}

export type ChargesService = ReturnType<typeof createChargesService>;
