import { sql } from 'kysely';
import type { MigrationContext } from './helpers.ts';

/**
 * PostgreSQL only. The results aggregate is an index-only scan (migration 0006), which skips the
 * table only for pages that the visibility map marks all-visible; VACUUM sets those marks. By
 * default autovacuum waits until a fifth of the table is new or changed, so during a busy round
 * most new answers would be read from the table too. Vacuum the answers after 2% instead.
 */
export async function up({ db, engine }: MigrationContext): Promise<void> {
  if (engine !== 'postgres') return;
  await sql`alter table assessment_answers set (autovacuum_vacuum_insert_scale_factor = 0.02, autovacuum_vacuum_scale_factor = 0.02)`.execute(
    db,
  );
}
