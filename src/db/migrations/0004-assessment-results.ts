import { type MigrationContext, decimalType, withId } from './helpers.ts';

/**
 * Self-assessment results: the cell means of historic rounds (imported from a past table, no
 * individual answers behind them), the cells or themes marked as priorities for improvement, and
 * a cache of each live round's grouped answer counts (recomputed when its submitted responses
 * change; see results-service.ts).
 */
export async function up(context: MigrationContext): Promise<void> {
  const { db, engine } = context;
  const decimal = decimalType(engine);

  await withId(db.schema.createTable('assessment_cell_means'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('round_id', 'integer', (c) => c.notNull().references('assessment_rounds.id'))
    .addColumn('theme', 'integer', (c) => c.notNull())
    .addColumn('stage', 'integer', (c) => c.notNull())
    .addColumn('mean', decimal, (c) => c.notNull())
    .addUniqueConstraint('assessment_cell_means_unique', ['round_id', 'theme', 'stage'])
    .execute();
  await db.schema
    .createIndex('assessment_cell_means_round')
    .on('assessment_cell_means')
    .columns(['partnership_id', 'round_id'])
    .execute();

  // Lets the results query read answers from the index alone, response by response.
  await db.schema
    .createIndex('assessment_answers_results')
    .on('assessment_answers')
    .columns(['partnership_id', 'round_id', 'response_id', 'theme', 'stage', 'answer_kind', 'score'])
    .execute();

  await db.schema
    .createTable('assessment_results_cache')
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('round_id', 'integer', (c) => c.notNull().primaryKey().references('assessment_rounds.id'))
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('counts_json', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('assessment_priorities'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('round_id', 'integer', (c) => c.notNull().references('assessment_rounds.id'))
    .addColumn('theme', 'integer', (c) => c.notNull())
    .addColumn('stage', 'integer') // null: the whole theme
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('assessment_priorities_round')
    .on('assessment_priorities')
    .columns(['partnership_id', 'round_id'])
    .execute();
}
