import { type MigrationContext } from './helpers.ts';
import {
  createCellAccumulator,
  recordKeysOf,
  rebuildProfileCells,
  type CellRecord,
} from '../../features/workforce/profile/profile-cells.ts';

/**
 * Disclosure control by the cell key method (docs/adr/0013): each partnership's secret for record
 * keys, and the key sums of the profile's summary cells. The cells of every current return, and of
 * every upload awaiting review, are summed again so that they carry their people's keys.
 */
export async function up(context: MigrationContext): Promise<void> {
  const { db } = context;
  await db.schema
    .createTable('disclosure_secrets')
    .addColumn('partnership_id', 'integer', (c) => c.primaryKey().references('partnerships.id'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .execute();
  for (const table of ['workforce_profile_cells', 'staged_profile_cells']) {
    for (const column of ['key_sum', 'starters_key_sum', 'apprentices_key_sum']) {
      await db.schema
        .alterTable(table)
        .addColumn(column, 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    }
  }
  const returns = await db
    .selectFrom('workforce_returns')
    .select('id')
    .where('status', '=', 'current')
    .orderBy('id')
    .execute();
  for (const { id } of returns) await rebuildProfileCells(db, id as number);
  await rekeyStagedCells(context);
}

/** Uploads awaiting review: their records are held under a pending return; their staged cells are summed again. */
async function rekeyStagedCells({ db }: MigrationContext): Promise<void> {
  const pending = await db
    .selectFrom('workforce_returns as r')
    .innerJoin('return_uploads as u', 'u.id', 'r.upload_id')
    .select(['r.id', 'r.partnership_id', 'r.organisation_id', 'r.census_date', 'u.id as upload_id'])
    .where('r.status', '=', 'pending')
    .where('u.status', '=', 'valid')
    .execute();
  for (const p of pending) {
    const cells = createCellAccumulator(p.census_date, await recordKeysOf(db, p.partnership_id, p.organisation_id));
    const records = await db.selectFrom('worker_records').selectAll().where('return_id', '=', p.id).execute();
    for (const record of records) cells.add(record as CellRecord);
    await db.deleteFrom('staged_profile_cells').where('upload_id', '=', p.upload_id).execute();
    const rows = cells.cells().map((c) => ({ ...c, partnership_id: p.partnership_id, upload_id: p.upload_id }));
    for (let i = 0; i < rows.length; i += 200)
      await db
        .insertInto('staged_profile_cells')
        .values(rows.slice(i, i + 200))
        .execute();
  }
}
