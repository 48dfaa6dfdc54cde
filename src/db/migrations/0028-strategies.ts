import { withId, type MigrationContext } from './helpers.ts';

/**
 * Strategies (issue 15 points 1, 2 and 8, docs/adr/0026): each partnership's strategies over a
 * period, their versions (draft → approved by a governance group on a date → published), each
 * version's Markdown sections and its answers to CWDC's toolkit checklist. `frozen_figures` holds
 * every live figure token's value as it was at approval (JSON), so an approved version never
 * changes. A self-assessment priority may be promoted into the plan only once.
 */
export async function up({ db, engine }: MigrationContext): Promise<void> {
  await withId(db.schema.createTable('strategies'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('start_year', 'integer', (c) => c.notNull())
    .addColumn('end_year', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('strategies_partnership').on('strategies').column('partnership_id').execute();

  await withId(db.schema.createTable('strategy_versions'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('strategy_id', 'integer', (c) => c.notNull().references('strategies.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('approved_by_group_id', 'integer', (c) => c.references('gov_groups.id'))
    .addColumn('approved_on', 'text')
    .addColumn('published_at', 'text')
    .addColumn('frozen_figures', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('strategy_versions_number')
    .on('strategy_versions')
    .columns(['strategy_id', 'number'])
    .unique()
    .execute();

  await withId(db.schema.createTable('strategy_sections'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('version_id', 'integer', (c) => c.notNull().references('strategy_versions.id'))
    .addColumn('section', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('strategy_sections_version')
    .on('strategy_sections')
    .columns(['version_id', 'section'])
    .unique()
    .execute();

  await withId(db.schema.createTable('strategy_checklist'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('version_id', 'integer', (c) => c.notNull().references('strategy_versions.id'))
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('links', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('strategy_checklist_version')
    .on('strategy_checklist')
    .columns(['version_id', 'question'])
    .unique()
    .execute();

  // NULLs are distinct in unique indexes on both engines: only promoted priorities are constrained.
  await db.schema
    .createIndex('plan_priorities_promoted_from')
    .on('plan_priorities')
    .columns(['partnership_id', 'source_assessment_priority_id'])
    .unique()
    .execute();
}
