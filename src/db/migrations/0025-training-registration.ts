import { withId, type MigrationContext } from './helpers.ts';

/**
 * Practitioners who register themselves (issue 14, "People"): the email domains each organisation
 * lists, the registration requests that throttling counts, staged CSV imports (practitioners and
 * attendance: checked, reviewed, then committed all at once or not at all), whether the public
 * catalogue is on, and the date a
 * practitioner's personal data was erased after years of inactivity.
 */
export async function up({ db, engine }: MigrationContext): Promise<void> {
  await withId(db.schema.createTable('organisation_email_domains'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('organisation_email_domains_unique')
    .on('organisation_email_domains')
    .columns(['organisation_id', 'domain'])
    .unique()
    .execute();
  await db.schema
    .createIndex('organisation_email_domains_domain')
    .on('organisation_email_domains')
    .column('domain')
    .execute();

  await withId(db.schema.createTable('training_registration_requests'), engine)
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_registration_requests_email')
    .on('training_registration_requests')
    .columns(['email', 'at'])
    .execute();
  await db.schema
    .createIndex('training_registration_requests_ip')
    .on('training_registration_requests')
    .columns(['ip', 'at'])
    .execute();

  await withId(db.schema.createTable('training_imports'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('session_id', 'integer', (c) => c.references('training_sessions.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('rows_json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('committed_at', 'text')
    .execute();

  // A row switches the partnership's public catalogue and .ics feed on; deleting it switches them off.
  await withId(db.schema.createTable('training_public_catalogues'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().unique().references('partnerships.id'))
    .addColumn('switched_on_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('training_practitioners').addColumn('erased_at', 'text').execute();
}
