import { sql, type CreateTableBuilder } from 'kysely';
import { type MigrationContext, decimalType, withId } from './helpers.ts';

/**
 * Workforce returns (issue 4): collections with deadlines, the two-phase import's staging
 * (uploads, staged records, problems), committed returns and the current records they hold.
 * Only the current return's records live in worker_records / vacancy_records; the history of
 * returns stays in workforce_returns.
 */
export async function up(context: MigrationContext): Promise<void> {
  await collectionsAndUploads(context);
  await staging(context);
  await returnsAndRecords(context);
}

type Decimal = ReturnType<typeof decimalType>;

function workerColumns<T extends string, C extends string>(table: CreateTableBuilder<T, C>, decimal: Decimal) {
  return table
    .addColumn('census_date', 'text', (c) => c.notNull())
    .addColumn('worker_id', 'text', (c) => c.notNull())
    .addColumn('service', 'text')
    .addColumn('job_role', 'text')
    .addColumn('job_role_other', 'text')
    .addColumn('workforce_group', 'text')
    .addColumn('employment_type', 'text')
    .addColumn('contract_type', 'text')
    .addColumn('fte', decimal)
    .addColumn('contracted_hours', decimal)
    .addColumn('start_date', 'text')
    .addColumn('leaving_date', 'text')
    .addColumn('leaving_reason', 'text')
    .addColumn('birth_year', 'integer')
    .addColumn('sex', 'text')
    .addColumn('gender_identity', 'text')
    .addColumn('ethnicity', 'text')
    .addColumn('disability', 'text')
    .addColumn('qualification_level', 'text')
    .addColumn('apprentice', 'integer')
    .addColumn('sickness_days', decimal)
    .addColumn('safeguarding_level', 'text')
    .addColumn('manager', 'integer');
}

function vacancyColumns<T extends string, C extends string>(table: CreateTableBuilder<T, C>, decimal: Decimal) {
  return table
    .addColumn('census_date', 'text', (c) => c.notNull())
    .addColumn('job_role', 'text')
    .addColumn('service', 'text')
    .addColumn('vacant_fte', decimal)
    .addColumn('agency_cover_fte', decimal);
}

async function collectionsAndUploads({ db, engine }: MigrationContext): Promise<void> {
  await withId(db.schema.createTable('workforce_collections'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('census_date', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('workforce_collections_unique', ['partnership_id', 'census_date'])
    .execute();

  await withId(db.schema.createTable('return_uploads'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('census_date', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('uploaded_by_label', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('format', 'text')
    .addColumn('columns_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('worker_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('vacancy_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('warning_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('return_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('return_uploads_organisation')
    .on('return_uploads')
    .columns(['partnership_id', 'organisation_id', 'census_date'])
    .execute();
}

async function staging({ db, engine }: MigrationContext): Promise<void> {
  const decimal = decimalType(engine);
  // Staging is transient and written row by row in bulk: no foreign keys to check on each insert
  // (the service creates and clears it with its upload).
  await workerColumns(
    withId(db.schema.createTable('staged_worker_records'), engine)
      .addColumn('partnership_id', 'integer', (c) => c.notNull())
      .addColumn('upload_id', 'integer', (c) => c.notNull())
      .addColumn('row_number', 'integer', (c) => c.notNull()),
    decimal,
  ).execute();
  // No index on staging: it only ever holds the few uploads waiting for review, and maintaining
  // an index on every staged row costs more than scanning them.

  await vacancyColumns(
    withId(db.schema.createTable('staged_vacancy_records'), engine)
      .addColumn('partnership_id', 'integer', (c) => c.notNull())
      .addColumn('upload_id', 'integer', (c) => c.notNull())
      .addColumn('row_number', 'integer', (c) => c.notNull()),
    decimal,
  ).execute();

  await withId(db.schema.createTable('upload_problems'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('upload_id', 'integer', (c) => c.notNull().references('return_uploads.id'))
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('row_number', 'integer')
    .addColumn('column_name', 'text')
    .addColumn('value', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('sheet', 'text')
    .execute();
  await db.schema
    .createIndex('upload_problems_upload')
    .on('upload_problems')
    .columns(['upload_id', 'severity'])
    .execute();
}

async function returnsAndRecords({ db, engine }: MigrationContext): Promise<void> {
  const decimal = decimalType(engine);
  await withId(db.schema.createTable('workforce_returns'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('census_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'integer', (c) => c.references('users.id'))
    .addColumn('submitted_by_label', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_hash', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('upload_id', 'integer', (c) => c.references('return_uploads.id'))
    .addColumn('worker_count', 'integer', (c) => c.notNull())
    .addColumn('vacancy_count', 'integer', (c) => c.notNull())
    .addColumn('fte_total', decimal, (c) => c.notNull())
    .addColumn('leavers_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('workforce_returns_organisation')
    .on('workforce_returns')
    .columns(['partnership_id', 'organisation_id', 'census_date'])
    .execute();
  // At most one current return per organisation and census date (a partial unique index, both engines).
  await sql`create unique index workforce_returns_one_current on workforce_returns
    (partnership_id, organisation_id, census_date) where status = 'current'`.execute(db);

  await workerColumns(
    withId(db.schema.createTable('worker_records'), engine)
      .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
      .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
      .addColumn('return_id', 'integer', (c) => c.notNull().references('workforce_returns.id')),
    decimal,
  )
    .addUniqueConstraint('worker_records_unique', ['partnership_id', 'organisation_id', 'census_date', 'worker_id'])
    .execute();
  await db.schema
    .createIndex('worker_records_census')
    .on('worker_records')
    .columns(['partnership_id', 'census_date', 'organisation_id'])
    .execute();

  await vacancyColumns(
    withId(db.schema.createTable('vacancy_records'), engine)
      .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
      .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
      .addColumn('return_id', 'integer', (c) => c.notNull().references('workforce_returns.id')),
    decimal,
  ).execute();
  await db.schema
    .createIndex('vacancy_records_census')
    .on('vacancy_records')
    .columns(['partnership_id', 'census_date', 'organisation_id'])
    .execute();
}
