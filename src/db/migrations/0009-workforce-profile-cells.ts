import type { CreateTableBuilder } from 'kysely';
import { type MigrationContext, withId } from './helpers.ts';
import { rebuildProfileCells } from '../../features/workforce/profile/profile-cells.ts';

/**
 * The workforce profile reads summary cells instead of worker records (docs/adr/0010):
 * `workforce_profile_cells` per current return, `staged_profile_cells` per upload awaiting review.
 * The profile's covering indexes on worker_records (SQLite, 0007) are no longer read and only
 * cost every commit: they are dropped. Cells are summed for every return already held, through
 * the app's own summing so that they match it exactly.
 */
export async function up(context: MigrationContext): Promise<void> {
  const { db, engine } = context;
  const decimal = engine === 'postgres' ? 'double precision' : 'real';
  const cellColumns = <T extends string>(table: CreateTableBuilder<T, 'id'>) =>
    table
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('service', 'text', (c) => c.notNull())
      .addColumn('job_role', 'text', (c) => c.notNull())
      .addColumn('workforce_group', 'text', (c) => c.notNull())
      .addColumn('employment_type', 'text', (c) => c.notNull())
      .addColumn('manager', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('leaving_reason', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('birth_year', 'integer')
      .addColumn('n', 'integer', (c) => c.notNull())
      .addColumn('fte', decimal, (c) => c.notNull())
      .addColumn('sick', decimal, (c) => c.notNull())
      .addColumn('starters', 'integer', (c) => c.notNull())
      .addColumn('starters_fte', decimal, (c) => c.notNull())
      .addColumn('apprentices', 'integer', (c) => c.notNull())
      .addColumn('retired_fte', decimal, (c) => c.notNull());

  await cellColumns(
    withId(db.schema.createTable('workforce_profile_cells'), engine)
      .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
      .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
      .addColumn('census_date', 'text', (c) => c.notNull())
      .addColumn('return_id', 'integer', (c) => c.notNull().references('workforce_returns.id')),
  ).execute();
  await db.schema
    .createIndex('workforce_profile_cells_census')
    .on('workforce_profile_cells')
    .columns(['partnership_id', 'census_date', 'kind'])
    .execute();
  await db.schema
    .createIndex('workforce_profile_cells_return')
    .on('workforce_profile_cells')
    .column('return_id')
    .execute();

  // Like the other staging tables: no index, no foreign key; read and deleted by upload.
  await cellColumns(
    withId(db.schema.createTable('staged_profile_cells'), engine)
      .addColumn('partnership_id', 'integer', (c) => c.notNull())
      .addColumn('upload_id', 'integer', (c) => c.notNull()),
  ).execute();

  if (engine === 'sqlite') {
    for (const name of [
      'worker_records_profile_groups',
      'worker_records_profile_age_sex',
      'worker_records_profile_characteristics',
      'worker_records_profile_retirement',
    ]) {
      await db.schema.dropIndex(name).ifExists().execute();
    }
  }

  const returns = await db
    .selectFrom('workforce_returns')
    .select('id')
    .where('status', '=', 'current')
    .orderBy('id')
    .execute();
  for (const { id } of returns) await rebuildProfileCells(db, id as number);
}
