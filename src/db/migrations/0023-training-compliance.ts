import { withId, type MigrationContext } from './helpers.ts';

/**
 * Training compliance (issue 14, point 8): requirements per job role, training records that are not
 * bookings (single-agency and imported e-learning) and the imports that staged them. A record is
 * unique per person, course and date, so the same training cannot be counted twice.
 */
export async function up(context: MigrationContext): Promise<void> {
  const { db, engine } = context;
  await withId(db.schema.createTable('training_requirements'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('job_role', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('period_months', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_requirements_role')
    .on('training_requirements')
    .columns(['partnership_id', 'job_role'])
    .unique()
    .execute();

  await withId(db.schema.createTable('training_record_imports'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_hash', 'text', (c) => c.notNull())
    .addColumn('rows_json', 'text', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('committed_at', 'text')
    .execute();
  await db.schema
    .createIndex('training_record_imports_hash')
    .on('training_record_imports')
    .columns(['partnership_id', 'file_hash'])
    .execute();

  await withId(db.schema.createTable('training_records'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('practitioner_id', 'integer', (c) => c.notNull().references('training_practitioners.id'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('course', 'text', (c) => c.notNull())
    .addColumn('completed_on', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.references('training_record_imports.id'))
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_records_unique')
    .on('training_records')
    .columns(['practitioner_id', 'course', 'completed_on'])
    .unique()
    .execute();
  // Covering: a person's records in date order are summed from the index alone.
  await db.schema
    .createIndex('training_records_person')
    .on('training_records')
    .columns(['practitioner_id', 'completed_on', 'level', 'minutes'])
    .execute();
}
