import { withId, type MigrationContext } from './helpers.ts';

/**
 * Training evaluation and charges (issue 14, points 5–7): each course's evaluation settings,
 * the three evaluation stages of a booking (each answered once through its own emailed link,
 * only the link's SHA-256 stored), the partnership's charging rules, late arrivals recorded on
 * the register, and the charges raised from booking events (waived or withdrawn, never deleted).
 */
export async function up(context: MigrationContext): Promise<void> {
  const { db, engine } = context;
  await withId(db.schema.createTable('training_course_evaluation'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('course_id', 'integer', (c) => c.notNull().unique().references('training_courses.id'))
    .addColumn('withhold_certificate', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('follow_up_weeks', 'integer', (c) => c.notNull().defaultTo(12))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('training_evaluations'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('booking_id', 'integer', (c) => c.notNull().references('training_bookings.id'))
    .addColumn('session_id', 'integer', (c) => c.notNull().references('training_sessions.id'))
    .addColumn('course_id', 'integer', (c) => c.notNull().references('training_courses.id'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text')
    .addColumn('confidence', 'integer')
    .addColumn('usefulness', 'integer')
    .addColumn('applied', 'integer')
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('answered_with', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .createIndex('training_evaluations_booking_stage')
    .on('training_evaluations')
    .columns(['booking_id', 'stage'])
    .unique()
    .execute();
  await db.schema
    .createIndex('training_evaluations_course')
    .on('training_evaluations')
    .columns(['partnership_id', 'course_id', 'session_id', 'stage'])
    .execute();

  await withId(db.schema.createTable('training_charge_settings'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().unique().references('partnerships.id'))
    .addColumn('late_cancel_days', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('late_cancel_pence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('no_show_pence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('late_minutes', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('late_arrival_pence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('training_late_arrivals'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('booking_id', 'integer', (c) => c.notNull().unique().references('training_bookings.id'))
    .addColumn('minutes_late', 'integer', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('training_charges'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('booking_id', 'integer', (c) => c.notNull().references('training_bookings.id'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('amount_pence', 'integer', (c) => c.notNull())
    .addColumn('incurred_on', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .createIndex('training_charges_booking_kind')
    .on('training_charges')
    .columns(['booking_id', 'kind'])
    .unique()
    .execute();
  await db.schema
    .createIndex('training_charges_quarter')
    .on('training_charges')
    .columns(['partnership_id', 'incurred_on', 'organisation_id'])
    .execute();
}
