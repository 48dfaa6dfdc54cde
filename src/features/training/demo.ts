/*
 * The demo partnership's training (issue 14, point 12): about 30 courses, sessions over the last
 * 12 months and the next 3, practitioners in every organisation and bookings with realistic
 * no-show and late-cancellation rates. Seeded, so every load is the same; written in batches.
 */
import { loadDemoEmailDomains } from './registration-demo.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { BookingStatusCode } from '../../db/training-schema.ts';
import { londonDateOf } from '../../lib/dates.ts';
import { JOB_ROLES } from '../workforce/standard/standard.ts';
import type { Approval } from './booking-states.ts';
import { newCertificateCode, validUntil } from './certificates.ts';
import type { Delivery } from './codes.ts';

type Db = Kysely<Database>;

const COURSES: [title: string, level: string, delivery: Delivery, hours: number, approval: Approval][] = [
  ['Safeguarding children: Level 1 awareness', 'level_1', 'elearning', 2, 'none'],
  ['Safeguarding children: Level 2 multi-agency', 'level_2', 'face_to_face', 6, 'manager'],
  ['Safeguarding children: Level 3 specialist', 'level_3', 'face_to_face', 6.5, 'manager_then_coordinator'],
  ['Safeguarding refresher for designated leads', 'level_3', 'live_online', 3, 'manager'],
  ['Working Together to Safeguard Children', 'working_together', 'face_to_face', 6, 'manager'],
  ['Working Together: the role of the lead practitioner', 'working_together', 'live_online', 3, 'none'],
  ['Recognising and responding to neglect', 'level_2', 'face_to_face', 6, 'manager'],
  ['Using the graded care profile', 'level_3', 'face_to_face', 3, 'manager'],
  ['Child sexual exploitation: spotting the signs', 'level_2', 'live_online', 3, 'none'],
  ['Child criminal exploitation and county lines', 'level_2', 'face_to_face', 6, 'manager'],
  ['Domestic abuse and its impact on children', 'level_2', 'face_to_face', 6, 'manager'],
  ['Domestic abuse risk assessment (DASH)', 'level_3', 'live_online', 3, 'manager'],
  ['Early help assessment: completing an EHA', 'level_2', 'face_to_face', 3, 'none'],
  ['Early help: team around the family meetings', 'level_2', 'live_online', 2, 'none'],
  ['Information sharing for practitioners', 'level_1', 'elearning', 1.5, 'none'],
  ['Parental mental health and children', 'level_2', 'live_online', 3, 'none'],
  ['Parental substance misuse', 'level_2', 'face_to_face', 6, 'manager'],
  ['Harmful sexual behaviour', 'level_3', 'face_to_face', 6, 'manager_then_coordinator'],
  ['Female genital mutilation awareness', 'level_1', 'elearning', 1, 'none'],
  ['Prevent: radicalisation awareness', 'level_1', 'elearning', 1, 'none'],
  ['Trauma-informed practice', 'level_2', 'face_to_face', 6, 'manager'],
  ['Adverse childhood experiences', 'level_1', 'live_online', 2, 'none'],
  ['Safer recruitment', 'level_3', 'face_to_face', 6, 'manager'],
  ['Managing allegations against staff (LADO)', 'level_3', 'live_online', 3, 'manager'],
  ['Child protection conferences: a guide for partners', 'level_2', 'live_online', 2, 'none'],
  ['Contextual safeguarding', 'level_3', 'face_to_face', 6, 'manager'],
  ['Missing children and return home interviews', 'level_2', 'live_online', 2, 'none'],
  ['Online safety for practitioners', 'level_1', 'live_online', 2, 'none'],
  ['Supervision skills for safeguarding', 'level_4', 'face_to_face', 6, 'manager_then_coordinator'],
  ['Induction: the Common Core for new starters', 'other', 'face_to_face', 6, 'none'],
];

const FIRST = [
  'Alex',
  'Sam',
  'Jo',
  'Chris',
  'Priya',
  'Aisha',
  'Tom',
  'Ella',
  'Mo',
  'Kai',
  'Nia',
  'Ben',
  'Zara',
  'Leo',
  'Maya',
];
const LAST = [
  'Smith',
  'Jones',
  'Patel',
  'Khan',
  'Brown',
  'Taylor',
  'Wilson',
  'Evans',
  'Walker',
  'Hughes',
  'Ali',
  'Wood',
];

/** A small seeded generator (mulberry32): the same demo every time. */
export function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One of `list`, chosen by `random`; an error when the list is empty. */
export function pickOne<T>(list: readonly T[], random: () => number): T {
  const item = list[Math.floor(random() * list.length)];
  if (item === undefined) throw new Error('Nothing to choose from');
  return item;
}

async function insertBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 200) await insert(rows.slice(i, i + 200));
}

/** A past booking's outcome: about 10% no-shows, 6% late and 8% on-time cancellations, 3% partial. */
function pastOutcome(r: number): BookingStatusCode {
  if (r < 0.1) return 'no_show';
  if (r < 0.16) return 'cancelled_late';
  if (r < 0.24) return 'cancelled';
  if (r < 0.27) return 'partially_attended';
  return 'attended';
}

async function loadPractitioners(trx: Db, partnershipId: number, organisationIds: number[], count: number, at: string) {
  const random = seeded(14);
  const roles = JOB_ROLES.filter((r) => r.code !== 'other');
  const rows = Array.from({ length: count }, (_, i) => {
    const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`;
    return {
      partnership_id: partnershipId,
      user_id: null,
      organisation_id: pickOne(organisationIds, random),
      name,
      email: `practitioner${i + 1}@demoshire.example`,
      job_role: roles[Math.floor(random() * roles.length)]?.code ?? 'childrens_social_worker',
      line_manager_email: `manager${(i % 40) + 1}@demoshire.example`,
      worker_id: null,
      created_at: at,
      updated_at: at,
    };
  });
  await insertBatches(rows, (b) => trx.insertInto('training_practitioners').values(b).execute());
  return trx
    .selectFrom('training_practitioners')
    .select(['id', 'organisation_id'])
    .where('partnership_id', '=', partnershipId)
    .orderBy('id')
    .execute();
}

/** The OCWT themes (positions) a demo course addresses: every course builds the trained workforce (5). */
function themesOf(title: string, level: string): string[] {
  const themes = new Set(['5']);
  if (/Working Together|Early help|Information sharing|conferences/.test(title)) themes.add('4');
  if (/Working Together|Induction/.test(title)) themes.add('1');
  if (/Induction|Trauma|Adverse|Information sharing/.test(title)) themes.add('2');
  if (/neglect|graded care|Parental|Trauma|exploitation|Domestic/i.test(title)) themes.add('3');
  if (/lead practitioner|Supervision|designated leads/.test(title)) themes.add('6');
  if (/Safer recruitment|allegations|Supervision|Contextual|Missing/.test(title) || level === 'level_3')
    themes.add('7');
  if (/Online safety|Prevent|genital|Missing/.test(title)) themes.add('8');
  return [...themes].sort();
}

type Person = { id: number; organisation_id: number };
type DemoBooking = { session: number; person: Person; status: BookingStatusCode };
type Course = (typeof COURSES)[number];

async function addCourse(
  trx: Db,
  partnershipId: number,
  [title, level, delivery, hours, approval]: Course,
  at: string,
) {
  const course = await trx
    .insertInto('training_courses')
    .values({
      partnership_id: partnershipId,
      title,
      description: `${title}: what it is, how to recognise it and what to do, for practitioners across the partnership.`,
      audience: '[]',
      level,
      common_core: JSON.stringify(
        level === 'other' ? ['communication', 'development'] : ['safeguarding', 'multi_agency'],
      ),
      duration_minutes: hours * 60,
      delivery,
      prerequisites: level === 'level_3' ? 'Safeguarding children: Level 2 multi-agency' : '',
      validity_years: level.startsWith('level_') ? 3 : null,
      cost_pence: delivery === 'elearning' ? 0 : 5000,
      charging_policy: delivery === 'elearning' ? '' : '£50 for a no-show or a cancellation within 10 working days.',
      themes: JSON.stringify(themesOf(title, level)),
      approval,
      status: 'active',
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return course.id;
}

async function addSession(trx: Db, partnershipId: number, courseId: number, course: Course, start: Date, at: string) {
  const [, , delivery, hours] = course;
  const day = (offset: number) => new Date(start.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const session = await trx
    .insertInto('training_sessions')
    .values({
      partnership_id: partnershipId,
      course_id: courseId,
      venue: delivery === 'face_to_face' ? 'Demoshire County Hall, Market Street, Demoton DM1 1AA' : '',
      access_info: delivery === 'face_to_face' ? 'Step-free access from the car park; hearing loop in room 2.' : '',
      online_link: delivery === 'face_to_face' ? '' : 'https://meet.demoshire.example/training',
      trainers: 'Demoshire safeguarding partnership trainers',
      capacity: delivery === 'elearning' ? 100 : 20,
      minimum: 8,
      booking_opens_on: day(-60),
      booking_closes_on: day(-1),
      cancellation_cutoff_days: 10,
      offer_hours: 48,
      auto_promote: 1,
      starts_at: start.toISOString(),
      status: 'scheduled',
      cancel_reason: null,
      created_at: at,
      updated_at: at,
    })
    .returning(['id', 'capacity'])
    .executeTakeFirstOrThrow();
  const ends = new Date(start.getTime() + hours * 3_600_000).toISOString();
  await trx
    .insertInto('training_session_dates')
    .values({ partnership_id: partnershipId, session_id: session.id, starts_at: start.toISOString(), ends_at: ends })
    .execute();
  return session;
}

/** Who asked for a session and how it went: demand from half to 130% of the places. */
function demoBookings(
  random: () => number,
  people: Person[],
  session: { id: number; capacity: number },
  past: boolean,
) {
  const demand = Math.floor(session.capacity * (0.5 + random() * 0.8));
  const chosen = new Set<Person>();
  while (chosen.size < Math.min(demand, people.length)) chosen.add(pickOne(people, random));
  return [...chosen].map((person, order): DemoBooking => {
    const hasPlace = order < session.capacity;
    const status: BookingStatusCode = !hasPlace
      ? past
        ? 'lapsed'
        : 'waitlisted'
      : past
        ? pastOutcome(random())
        : 'booked';
    return { session: session.id, person, status };
  });
}

async function insertBookings(
  trx: Db,
  partnershipId: number,
  bookings: DemoBooking[],
  at: string,
  practitionerId?: number,
) {
  await insertBatches(bookings, (batch) =>
    trx
      .insertInto('training_bookings')
      .values(
        batch.map((b) => ({
          partnership_id: partnershipId,
          session_id: b.session,
          practitioner_id: b.person.id,
          organisation_id: b.person.organisation_id,
          status: b.status,
          live: ['cancelled', 'cancelled_late', 'lapsed'].includes(b.status) ? 0 : 1,
          approval_token_hash: null,
          approval_expires_at: null,
          offer_expires_at: null,
          calendar_sequence: 0,
          booked_by_user_id: null,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute(),
  );
  // Each demo booking's history is one line: how it stands, set by the demo loader.
  let query = trx.selectFrom('training_bookings').select(['id', 'status']).where('partnership_id', '=', partnershipId);
  if (practitionerId !== undefined) query = query.where('practitioner_id', '=', practitionerId);
  const ids = await query.execute();
  await insertBatches(ids, (batch) =>
    trx
      .insertInto('training_booking_events')
      .values(
        batch.map((b) => ({
          partnership_id: partnershipId,
          booking_id: b.id,
          from_status: null,
          to_status: b.status,
          actor_user_id: null,
          actor_label: 'Demo loader',
          reason: 'Demo data',
          at,
        })),
      )
      .execute(),
  );
}

/** Loads the demo training inside the demo loader's transaction. */
export async function loadTrainingDemo(
  trx: Db,
  partnershipId: number,
  organisationIds: number[],
  options: { practitioners?: number; now?: Date } = {},
): Promise<void> {
  const now = options.now ?? new Date();
  const at = now.toISOString();
  const random = seeded(2026);
  const people = await loadPractitioners(trx, partnershipId, organisationIds, options.practitioners ?? 2000, at);
  const bookings: DemoBooking[] = [];
  for (const [index, course] of COURSES.entries()) {
    const courseId = await addCourse(trx, partnershipId, course, at);
    // Sessions every three months from 12 months ago to 3 months ahead, staggered by course.
    for (let month = -12 + (index % 3); month <= 3; month += 3) {
      const start = new Date(now.getTime() + (month * 30 + (index % 20) + 1) * 86_400_000);
      start.setUTCHours(9, 30, 0, 0);
      const session = await addSession(trx, partnershipId, courseId, course, start, at);
      bookings.push(...demoBookings(random, people, session, start < now));
    }
  }
  await insertBookings(trx, partnershipId, bookings, at);
  await certifyAttended(trx, partnershipId, at);
  await loadDemoEmailDomains(trx, partnershipId, organisationIds, at);
}

/** Every attended demo booking has its certificate, so the checker and downloads have content. */
async function certifyAttended(trx: Db, partnershipId: number, at: string, practitionerId?: number) {
  let query = trx
    .selectFrom('training_bookings as b')
    .innerJoin('training_sessions as s', 's.id', 'b.session_id')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .select(['b.id', 's.starts_at', 'c.validity_years'])
    .where('b.partnership_id', '=', partnershipId)
    .where('b.status', '=', 'attended');
  if (practitionerId !== undefined) query = query.where('b.practitioner_id', '=', practitionerId);
  const attended = await query.execute();
  await insertBatches(attended, (batch) =>
    trx
      .insertInto('training_certificates')
      .values(
        batch.map((b) => ({
          partnership_id: partnershipId,
          booking_id: b.id,
          code: newCertificateCode(),
          issued_at: at,
          valid_until: validUntil(londonDateOf(b.starts_at), b.validity_years),
          revoked_at: null,
          revoked_reason: null,
        })),
      )
      .execute(),
  );
}

/** The demo practitioner's own record, linked to their account: one course attended (with its certificate), one booked. */
export async function loadDemoPractitionerAccount(trx: Db, partnershipId: number, email: string, name: string) {
  const user = await trx
    .selectFrom('users')
    .select(['id', 'organisation_id'])
    .where('partnership_id', '=', partnershipId)
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  const organisationId = user.organisation_id;
  if (organisationId === null) throw new Error(`The demo practitioner ${email} has no organisation`);
  const at = new Date().toISOString();
  const person = await trx
    .insertInto('training_practitioners')
    .values({
      partnership_id: partnershipId,
      user_id: user.id,
      organisation_id: organisationId,
      name,
      email,
      job_role: JOB_ROLES[0]?.code ?? 'childrens_social_worker',
      line_manager_email: 'manager1@demoshire.example',
      worker_id: null,
      created_at: at,
      updated_at: at,
    })
    .returning(['id', 'organisation_id'])
    .executeTakeFirstOrThrow();
  const sessions = await trx
    .selectFrom('training_sessions')
    .select(['id', 'starts_at'])
    .where('partnership_id', '=', partnershipId)
    .orderBy('starts_at')
    .execute();
  const past = sessions.find((x) => x.starts_at < at);
  const future = sessions.find((x) => x.starts_at > at);
  const mine: DemoBooking[] = [];
  if (past) mine.push({ session: past.id, person, status: 'attended' });
  if (future) mine.push({ session: future.id, person, status: 'booked' });
  await insertBookings(trx, partnershipId, mine, at, person.id);
  await certifyAttended(trx, partnershipId, at, person.id);
}
