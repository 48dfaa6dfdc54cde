/*
 * The quarterly report's two queries over the raw rows, each one GROUP BY: the quarter's sessions
 * with their bookings counted by outcome, and its bookings counted by agency, job role and
 * status. A session is in the quarter when its first date starts in it (England's time).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { BookingStatusCode } from '../../db/training-schema.ts';
import { londonTime } from './forms.ts';
import type { Quarter } from './report-quarter.ts';
import { keysOf } from '../../lib/records.ts';

type Db = Kysely<Database>;

/** How the report counts a booking, by the status it has now; null: not counted. */
export type Outcome = 'attended' | 'partial' | 'noShow' | 'holding' | 'cancelledOnTime' | 'cancelledLate' | 'unmet';

export const OUTCOME_OF: Record<BookingStatusCode, Outcome | null> = {
  attended: 'attended',
  partially_attended: 'partial',
  no_show: 'noShow',
  booked: 'holding',
  offered: 'holding',
  cancelled: 'cancelledOnTime',
  cancelled_late: 'cancelledLate',
  waitlisted: 'unmet',
  lapsed: 'unmet',
  requested: null,
  requested_coordinator: null,
  declined: null,
  substituted: null,
  session_cancelled: null,
};

/** The outcomes, in the order the tables show them; they partition the bookings the report counts. */
export const OUTCOMES: { key: Outcome; label: string }[] = [
  { key: 'attended', label: 'Attended' },
  { key: 'partial', label: 'Partially attended' },
  { key: 'noShow', label: 'Did not attend' },
  { key: 'holding', label: 'Holding a place, not yet marked' },
  { key: 'cancelledOnTime', label: 'Cancelled in time' },
  { key: 'cancelledLate', label: 'Cancelled late' },
  { key: 'unmet', label: 'Waiting list, not given a place' },
];

/** A value for each outcome. */
export const perOutcome = <T>(value: (outcome: Outcome) => T): Record<Outcome, T> => ({
  attended: value('attended'),
  partial: value('partial'),
  noShow: value('noShow'),
  holding: value('holding'),
  cancelledOnTime: value('cancelledOnTime'),
  cancelledLate: value('cancelledLate'),
  unmet: value('unmet'),
});

/** Outcomes that used one of the places offered. */
export const TOOK_PLACE: readonly Outcome[] = ['attended', 'partial', 'noShow', 'holding'];

const statusesOf = (outcomes: readonly Outcome[]) =>
  keysOf(OUTCOME_OF).filter((s) => {
    const outcome = OUTCOME_OF[s];
    return outcome !== null && outcomes.includes(outcome);
  });

export interface QuarterSession {
  id: number;
  courseId: number;
  courseTitle: string;
  capacity: number;
  minimum: number;
  cancelled: boolean;
  taken: number;
  unmet: number;
}

export interface BookingGroup {
  organisationId: number;
  jobRole: string;
  outcome: Outcome;
  count: number;
}

const bounds = (quarter: Quarter) => [londonTime(quarter.from, '00:00'), londonTime(quarter.until, '00:00')] as const;

/** Every session starting in the quarter (cancelled ones too), with its places taken and unmet demand. */
export async function quarterSessions(db: Db, partnershipId: number, quarter: Quarter): Promise<QuarterSession[]> {
  const [from, until] = bounds(quarter);
  const took = statusesOf(TOOK_PLACE);
  const unmet = statusesOf(['unmet']);
  const rows = await db
    .selectFrom('training_sessions as s')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .leftJoin('training_bookings as b', 'b.session_id', 's.id')
    .select([
      's.id',
      's.course_id',
      'c.title',
      's.capacity',
      's.minimum',
      's.status',
      sql<number>`sum(case when b.status in (${sql.join(took)}) then 1 else 0 end)`.as('taken'),
      sql<number>`sum(case when b.status in (${sql.join(unmet)}) then 1 else 0 end)`.as('unmet'),
    ])
    .where('s.partnership_id', '=', partnershipId)
    .where('s.starts_at', '>=', from)
    .where('s.starts_at', '<', until)
    .groupBy(['s.id', 's.course_id', 'c.title', 's.capacity', 's.minimum', 's.status'])
    .orderBy('c.title')
    .orderBy('s.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    courseId: r.course_id,
    courseTitle: r.title,
    capacity: r.capacity,
    minimum: r.minimum,
    cancelled: r.status === 'cancelled',
    taken: Number(r.taken ?? 0),
    unmet: Number(r.unmet ?? 0),
  }));
}

/** The bookings of the quarter's sessions that were not cancelled, counted by agency, job role and outcome. */
export async function quarterBookings(db: Db, partnershipId: number, quarter: Quarter): Promise<BookingGroup[]> {
  const [from, until] = bounds(quarter);
  const counted = statusesOf(OUTCOMES.map((o) => o.key));
  const rows = await db
    .selectFrom('training_bookings as b')
    .innerJoin('training_sessions as s', 's.id', 'b.session_id')
    .innerJoin('training_practitioners as p', 'p.id', 'b.practitioner_id')
    .select(['b.organisation_id', 'p.job_role', 'b.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('s.partnership_id', '=', partnershipId)
    .where('s.status', '=', 'scheduled')
    .where('s.starts_at', '>=', from)
    .where('s.starts_at', '<', until)
    .where('b.status', 'in', counted)
    .groupBy(['b.organisation_id', 'p.job_role', 'b.status'])
    .execute();
  return rows.flatMap((r) => {
    const outcome = OUTCOME_OF[r.status];
    // Only statuses with an outcome are selected.
    return outcome === null
      ? []
      : [{ organisationId: r.organisation_id, jobRole: r.job_role, outcome, count: Number(r.n) }];
  });
}

/** The partnership's organisations by id, for naming agencies. */
export async function organisationNames(db: Db, partnershipId: number): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('partnership_id', '=', partnershipId)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
