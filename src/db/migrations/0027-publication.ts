import { withId, type MigrationContext } from './helpers.ts';

/**
 * Reports (issue 16 points 4–5): whether a partnership publishes its progress page at `/p/<slug>`
 * (one row per partnership once an administrator has chosen), and which success indicators a
 * theme page shows (an indicator may belong to several OCWT themes).
 */
export async function up({ db, engine }: MigrationContext): Promise<void> {
  await withId(db.schema.createTable('report_publications'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('progress_published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('report_publications_partnership')
    .on('report_publications')
    .column('partnership_id')
    .unique()
    .execute();

  await withId(db.schema.createTable('report_theme_indicators'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('theme', 'integer', (c) => c.notNull())
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('plan_indicators.id'))
    .execute();
  await db.schema
    .createIndex('report_theme_indicators_link')
    .on('report_theme_indicators')
    .columns(['partnership_id', 'theme', 'indicator_id'])
    .unique()
    .execute();
}
