import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';

/**
 * Adds `count` audit entries for the tests that page the audit log, one a minute from 1 January 2026,
 * action `action`, each summary `summary(n)` for n = 1…count (entry n is the n-th oldest).
 */
export async function addAuditEntries(
  db: Kysely<Database>,
  partnershipId: number,
  { count, action, summary }: { count: number; action: string; summary: (n: number) => string },
): Promise<void> {
  await db
    .insertInto('audit_events')
    .values(
      Array.from({ length: count }, (_, i) => ({
        partnership_id: partnershipId,
        at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
        actor_user_id: null,
        actor_label: 'Test entries',
        organisation_id: null,
        action,
        entity_type: 'check',
        entity_id: String(i + 1),
        summary: summary(i + 1),
        before_json: null,
        after_json: null,
        ip: null,
      })),
    )
    .execute();
}
