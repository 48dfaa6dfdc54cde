import type { MigrationContext } from './helpers.ts';

/**
 * A return has two parts, workers and vacancies, and an upload replaces only the parts it carries
 * (issue 10.1, docs/adr/0020). Uploads made before this carried and replaced both: default 1.
 */
export async function up({ db }: MigrationContext): Promise<void> {
  await db.schema
    .alterTable('return_uploads')
    .addColumn('carries_workers', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('return_uploads')
    .addColumn('carries_vacancies', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}
