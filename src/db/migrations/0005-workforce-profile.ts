import { type MigrationContext, withId } from './helpers.ts';

/**
 * Workforce profile settings (issue 5): the partnership's upper-tier local authority (for the
 * Census comparison and DfE benchmarks), retirement age, minimum qualification per service,
 * statistical neighbours and working days per year.
 */
export async function up(context: MigrationContext): Promise<void> {
  const { db, engine } = context;
  await withId(db.schema.createTable('workforce_settings'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().unique().references('partnerships.id'))
    .addColumn('local_authority_code', 'text')
    .addColumn('retirement_age', 'integer', (c) => c.notNull().defaultTo(66))
    .addColumn('minimum_qualifications_json', 'text', (c) => c.notNull().defaultTo('{"early_years":"3"}'))
    .addColumn('statistical_neighbours_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('working_days_per_year', 'integer', (c) => c.notNull().defaultTo(253))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
  // The vacancy aggregate reads by census date across organisations.
  await db.schema
    .createIndex('vacancy_records_census_date')
    .on('vacancy_records')
    .columns(['partnership_id', 'census_date', 'service'])
    .execute();
}
