/*
 * The plan's "change a row of this partnership, then write its audit entry" step, shared by the funding,
 * indicator and governance services so that every edit is stamped and audited the same way.
 */
import type { Kysely, Updateable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';

type EditableTable = 'plan_funding_streams' | 'plan_indicators' | 'gov_groups';

export interface AuditedUpdate<T extends EditableTable> {
  table: T;
  id: number;
  values: Updateable<Database[T]> & { name: string };
  entityType: string;
  /** What the audit summary calls the row, before its new name: "funding stream", "indicator". */
  noun: string;
  before: unknown;
}

/** Updates the row (stamping updated_at) and audits it with its before and after; call it inside the transaction. */
export async function updateAndAudit<T extends EditableTable>(
  trx: Kysely<Database>,
  actor: Actor,
  change: AuditedUpdate<T>,
): Promise<void> {
  const table: EditableTable = change.table;
  await trx
    .updateTable(table)
    .set({ ...change.values, updated_at: nowIso() })
    .where('partnership_id', '=', actor.partnershipId)
    .where('id', '=', change.id)
    .execute();
  await recordAudit(trx, actor, {
    action: 'update',
    entityType: change.entityType,
    entityId: change.id,
    summary: `Changed ${change.noun} ${change.values.name}`,
    before: change.before,
    after: change.values,
  });
}
