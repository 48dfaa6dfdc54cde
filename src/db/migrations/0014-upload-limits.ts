import { sql } from 'kysely';
import type { MigrationContext } from './helpers.ts';

/**
 * Bounded problem reports and one upload at a time (docs/adr/0017). Each upload keeps its problem
 * counts by severity, kind and column (problem_counts_json) beside its first N stored problems,
 * and names the process checking it (checked_by: host and process id) so that an upload left
 * 'validating' by a killed process can be recognised and discarded. At most one upload per
 * organisation and census date may be 'validating': a partial unique index, so two uploads at
 * once are decided by the database on both engines. Uploads left 'validating' before this
 * migration were interrupted (no server runs while it migrates): they are discarded first.
 */
export async function up({ db }: MigrationContext): Promise<void> {
  await db.schema
    .alterTable('return_uploads')
    .addColumn('problem_counts_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.alterTable('return_uploads').addColumn('checked_by', 'text').execute();
  const interrupted = sql`select id from return_uploads where status = 'validating'`;
  const pending = sql`select id from workforce_returns where status = 'pending' and upload_id in (${interrupted})`;
  await sql`delete from worker_records where return_id in (${pending})`.execute(db);
  await sql`delete from workforce_returns where status = 'pending' and upload_id in (${interrupted})`.execute(db);
  for (const table of ['staged_vacancy_records', 'staged_profile_cells'])
    await sql`delete from ${sql.table(table)} where upload_id in (${interrupted})`.execute(db);
  await sql`update return_uploads set status = 'abandoned' where status = 'validating'`.execute(db);
  await sql`create unique index return_uploads_one_validating on return_uploads (partnership_id, organisation_id, census_date) where status = 'validating'`.execute(
    db,
  );
}
