import type { Kysely } from 'kysely';
import type { AuditEvent, Database } from '../../db/schema.ts';

export interface AuditFilter {
  action?: string;
  entityType?: string;
  actor?: string;
  organisationId?: number;
  from?: string; // YYYY-MM-DD
  to?: string; // YYYY-MM-DD
}

export type NewAuditEvent = Omit<AuditEvent, 'id'>;

export function insertAuditEvent(db: Kysely<Database>, event: NewAuditEvent | NewAuditEvent[]): Promise<unknown> {
  return db.insertInto('audit_events').values(event).execute();
}

export async function listAuditEvents(
  db: Kysely<Database>,
  partnershipId: number,
  filter: AuditFilter,
  page: number,
  pageSize: number,
): Promise<{ events: AuditEvent[]; total: number; page: number }> {
  let query = db.selectFrom('audit_events').where('partnership_id', '=', partnershipId);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
  if (filter.actor) query = query.where('actor_label', 'like', `%${filter.actor.replace(/[%_]/g, '')}%`);
  if (filter.organisationId) query = query.where('organisation_id', '=', filter.organisationId);
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<', `${filter.to}T99`);
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  // A page past the last (an old link, entries filtered away) shows the last.
  const shown = Math.min(page, Math.max(1, Math.ceil(Number(total) / pageSize)));
  const events = await query
    .selectAll()
    .orderBy('id', 'desc')
    .limit(pageSize)
    .offset((shown - 1) * pageSize)
    .execute();
  return { events, total: Number(total), page: shown };
}

export async function distinctAuditValues(
  db: Kysely<Database>,
  partnershipId: number,
  column: 'action' | 'entity_type',
): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_events')
    .where('partnership_id', '=', partnershipId)
    .select(column)
    .distinct()
    .orderBy(column)
    .execute();
  return rows.map((r) => String(r[column]));
}
