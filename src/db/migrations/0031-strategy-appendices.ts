import type { MigrationContext } from './helpers.ts';

/**
 * The strategy document's appendices (issue 16 point 3, docs/adr/0026): the action plan, risk
 * register, success indicators, governance and glossary as they stood when a version was
 * approved, as JSON written in the same update as its frozen figures, so the approved document
 * never changes. Null for a draft, and for versions approved before this migration.
 */
export async function up({ db }: MigrationContext): Promise<void> {
  await db.schema.alterTable('strategy_versions').addColumn('frozen_appendices', 'text').execute();
}
