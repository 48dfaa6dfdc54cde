import { sql } from 'kysely';
import { makeAppendOnly, withId, type MigrationContext } from './helpers.ts';

/**
 * Multi-agency training (issue 14): the catalogue, sessions and their dates, practitioners,
 * bookings and their append-only status history. One live booking per person and session is a
 * unique index, so "booking twice" cannot slip past the service's own check. Certificates are
 * issued for attended bookings and revoked, never deleted.
 */
export async function up(context: MigrationContext): Promise<void> {
  await coursesAndSessions(context);
  await practitioners(context);
  await bookings(context);
  await bookingEventsAndCertificates(context);
}

async function coursesAndSessions({ db, engine }: MigrationContext): Promise<void> {
  await withId(db.schema.createTable('training_courses'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('common_core', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('delivery', 'text', (c) => c.notNull())
    .addColumn('prerequisites', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('validity_years', 'integer')
    .addColumn('cost_pence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('charging_policy', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('themes', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('approval', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_courses_partnership')
    .on('training_courses')
    .columns(['partnership_id', 'title'])
    .execute();

  await withId(db.schema.createTable('training_sessions'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('course_id', 'integer', (c) => c.notNull().references('training_courses.id'))
    .addColumn('venue', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('access_info', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('online_link', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('trainers', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('minimum', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('booking_opens_on', 'text', (c) => c.notNull())
    .addColumn('booking_closes_on', 'text', (c) => c.notNull())
    .addColumn('cancellation_cutoff_days', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('offer_hours', 'integer', (c) => c.notNull().defaultTo(48))
    .addColumn('auto_promote', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('scheduled'))
    .addColumn('cancel_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_sessions_course')
    .on('training_sessions')
    .columns(['partnership_id', 'course_id', 'starts_at'])
    .execute();

  await withId(db.schema.createTable('training_session_dates'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('session_id', 'integer', (c) => c.notNull().references('training_sessions.id'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_session_dates_session')
    .on('training_session_dates')
    .columns(['session_id', 'starts_at'])
    .execute();
}

async function practitioners({ db, engine }: MigrationContext): Promise<void> {
  await withId(db.schema.createTable('training_practitioners'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('job_role', 'text', (c) => c.notNull())
    .addColumn('line_manager_email', 'text', (c) => c.notNull())
    .addColumn('worker_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_practitioners_email')
    .on('training_practitioners')
    .columns(['partnership_id', 'email'])
    .unique()
    .execute();
  await db.schema
    .createIndex('training_practitioners_organisation')
    .on('training_practitioners')
    .columns(['partnership_id', 'organisation_id', 'name'])
    .execute();
  await db.schema.createIndex('training_practitioners_user').on('training_practitioners').column('user_id').execute();
}

async function bookings({ db, engine }: MigrationContext): Promise<void> {
  await withId(db.schema.createTable('training_bookings'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('session_id', 'integer', (c) => c.notNull().references('training_sessions.id'))
    .addColumn('practitioner_id', 'integer', (c) => c.notNull().references('training_practitioners.id'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('live', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('approval_token_hash', 'text')
    .addColumn('approval_expires_at', 'text')
    .addColumn('offer_expires_at', 'text')
    .addColumn('calendar_sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('booked_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create unique index training_bookings_one_live on training_bookings (session_id, practitioner_id) where live = 1`.execute(
    db,
  );
  await db.schema
    .createIndex('training_bookings_session_status')
    .on('training_bookings')
    .columns(['session_id', 'status', 'id'])
    .execute();
  await db.schema
    .createIndex('training_bookings_practitioner')
    .on('training_bookings')
    .columns(['practitioner_id', 'id'])
    .execute();
  await db.schema
    .createIndex('training_bookings_approval')
    .on('training_bookings')
    .column('approval_token_hash')
    .unique()
    .execute();
}

async function bookingEventsAndCertificates(context: MigrationContext): Promise<void> {
  const { db, engine } = context;
  await withId(db.schema.createTable('training_booking_events'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('booking_id', 'integer', (c) => c.notNull().references('training_bookings.id'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'integer')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_booking_events_booking')
    .on('training_booking_events')
    .columns(['booking_id', 'id'])
    .execute();
  await makeAppendOnly(context, 'training_booking_events');

  // One certificate per attended booking; revoked rather than deleted, so a verification can say so.
  await withId(db.schema.createTable('training_certificates'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('booking_id', 'integer', (c) => c.notNull().unique().references('training_bookings.id'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_reason', 'text')
    .execute();
}
