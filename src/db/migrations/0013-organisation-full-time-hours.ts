import { type MigrationContext, decimalType } from './helpers.ts';

/**
 * Each organisation's full-time weekly hours, from which FTE is worked out when a file gives hours
 * but no FTE (ASC-WDS staff files) and against which the standard's fte is checked. 37 until set.
 */
export async function up({ db, engine }: MigrationContext): Promise<void> {
  await db.schema
    .alterTable('organisations')
    .addColumn('full_time_hours', decimalType(engine), (c) => c.notNull().defaultTo(37))
    .execute();
}
