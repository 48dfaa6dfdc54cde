import { withId, type MigrationContext } from './helpers.ts';

/**
 * The quarterly board pack (issue 16 point 1): one pack per partnership and quarter. A draft keeps
 * only its narrative (its figures are worked out when it is read); issuing stores the figures as
 * JSON beside the narrative, and from then on neither changes (docs/adr/0032).
 */
export async function up({ db, engine }: MigrationContext): Promise<void> {
  await withId(db.schema.createTable('board_packs'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('quarter_end', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('narrative_json', 'text', (c) => c.notNull())
    .addColumn('figures_json', 'text')
    .addColumn('drafted_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text')
    .addColumn('issued_by', 'text')
    .execute();
  await db.schema
    .createIndex('board_packs_quarter')
    .on('board_packs')
    .columns(['partnership_id', 'quarter_end'])
    .unique()
    .execute();
}
