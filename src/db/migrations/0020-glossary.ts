import { withId, type MigrationContext } from './helpers.ts';

/**
 * The plan's glossary and acronyms (issue 15 point 9): one list per partnership. `term_key` is the
 * term in lower case, so the unique index refuses "caf" beside "CAF" on SQLite and PostgreSQL alike.
 */
export async function up({ db, engine }: MigrationContext): Promise<void> {
  await withId(db.schema.createTable('plan_glossary'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('term_key', 'text', (c) => c.notNull())
    .addColumn('expansion', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('plan_glossary_term')
    .on('plan_glossary')
    .columns(['partnership_id', 'term_key'])
    .unique()
    .execute();
}
