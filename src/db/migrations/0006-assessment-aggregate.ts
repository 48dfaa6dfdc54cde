import { sql } from 'kysely';
import type { MigrationContext } from './helpers.ts';

/**
 * Self-assessment results from one index scan (docs/adr/0007). Each answer carries what the
 * results group and weigh it by, copied from its response when the response is submitted:
 * `counted` (1 once submitted), the response's sector, organisation type and respondent type
 * (never null: '' for none) and `participants` (a focus group's size, otherwise 1). The index
 * holds them in GROUP BY order, so the aggregate reads it in order with no join and no sort.
 * Replaces the cache of grouped counts, which is dropped.
 */
export async function up({ db }: MigrationContext): Promise<void> {
  // One column per statement: SQLite adds a single column per ALTER TABLE.
  await db.schema
    .alterTable('assessment_answers')
    .addColumn('counted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('assessment_answers')
    .addColumn('sector', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('assessment_answers')
    .addColumn('organisation_type', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('assessment_answers')
    .addColumn('respondent_type', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('assessment_answers')
    .addColumn('participants', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await sql`update assessment_answers as a set counted = 1,
      sector = coalesce(r.sector, ''), organisation_type = coalesce(r.organisation_type, ''), respondent_type = r.respondent_type,
      participants = case when r.source = 'focus_group' and r.participants > 1 then r.participants else 1 end
    from assessment_responses as r
    where r.id = a.response_id and r.partnership_id = a.partnership_id and r.status = 'submitted'`.execute(db);

  await db.schema.dropIndex('assessment_answers_results').execute();
  await db.schema
    .createIndex('assessment_answers_aggregate')
    .on('assessment_answers')
    .columns([
      'partnership_id',
      'round_id',
      'counted',
      'sector',
      'organisation_type',
      'respondent_type',
      'theme',
      'stage',
      'answer_kind',
      'score',
      'participants',
    ])
    .execute();
  await db.schema.dropTable('assessment_results_cache').execute();
}
