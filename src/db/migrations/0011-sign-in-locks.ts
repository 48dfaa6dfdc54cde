import { sql } from 'kysely';
import type { MigrationContext } from './helpers.ts';

/**
 * users.sign_in_unlocked_at: when an administrator last unlocked the account's sign-in; failed
 * attempts before it no longer count (docs/adr/0014). And API tokens of accounts deactivated before
 * tokens were revoked on deactivation are revoked now, so reactivation cannot bring them back.
 */
export async function up({ db }: MigrationContext): Promise<void> {
  await db.schema.alterTable('users').addColumn('sign_in_unlocked_at', 'text').execute();
  await sql`update api_tokens set revoked_at = ${new Date().toISOString()}
    where revoked_at is null and user_id in (select id from users where status = 'deactivated')`.execute(db);
}
