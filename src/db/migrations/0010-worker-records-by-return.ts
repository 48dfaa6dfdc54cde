import { sql } from 'kysely';
import type { MigrationContext } from './helpers.ts';

const OLD_UNIQUE =
  'constraint "worker_records_unique" unique ("partnership_id", "organisation_id", "census_date", "worker_id")';
const NEW_UNIQUE = 'constraint "worker_records_return_worker" unique ("return_id", "worker_id")';

/**
 * Uploaded records are written once, straight into worker_records under the upload's pending
 * return, which the commit makes current (docs/adr/0009, addendum). A pending return and the
 * current one share an organisation and census date, so worker IDs are unique per return, not per
 * organisation and census date, and records are found by return through that key; the index by
 * census date and the staged copy of worker records are no longer needed. SQLite cannot drop a
 * table constraint: the table is rebuilt from its own definition, without AUTOINCREMENT (nothing
 * refers to a record's id, and AUTOINCREMENT costs a write to sqlite_sequence on every insert).
 */
export async function up({ db, engine }: MigrationContext): Promise<void> {
  if (engine === 'postgres') {
    await sql`drop index worker_records_census`.execute(db);
    await sql`alter table worker_records drop constraint worker_records_unique`.execute(db);
    await sql.raw(`alter table worker_records add ${NEW_UNIQUE}`).execute(db);
  } else {
    const { rows } = await sql<{
      sql: string;
    }>`select sql from sqlite_master where type = 'table' and name = 'worker_records'`.execute(db);
    const definition = rows[0]?.sql ?? '';
    if (!definition.includes(OLD_UNIQUE))
      throw new Error('worker_records is not as migration 0003 made it; not rebuilding it');
    await sql
      .raw(
        definition
          .replace('CREATE TABLE "worker_records"', 'CREATE TABLE "worker_records_next"')
          .replace(OLD_UNIQUE, NEW_UNIQUE)
          .replace(' autoincrement', ''),
      )
      .execute(db);
    await sql`insert into worker_records_next select * from worker_records`.execute(db);
    await sql`drop table worker_records`.execute(db);
    await sql`alter table worker_records_next rename to worker_records`.execute(db);
  }
  await db.schema.dropTable('staged_worker_records').execute();
}
