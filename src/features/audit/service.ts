import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { nowIso } from '../../lib/time.ts';
import { type Actor, requireCapability } from '../../auth/actor.ts';
import { type AuditFilter, distinctAuditValues, insertAuditEvent, listAuditEvents } from './repository.ts';

export type AuditAction = 'create' | 'update' | 'delete' | 'sign-in' | 'sign-in-failed' | 'sign-out' | (string & {});

export interface AuditEntry {
  action: AuditAction;
  entityType: string;
  entityId?: string | number | null;
  summary: string;
  before?: unknown;
  after?: unknown;
  organisationId?: number | null;
}

const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));

/**
 * Appends one audit event. Call it with the transaction that makes the change, so the change
 * and its record commit or roll back together.
 */
export function recordAudit(db: Kysely<Database>, actor: Actor, entry: AuditEntry): Promise<unknown> {
  return insertAuditEvent(db, auditRow(actor, entry, nowIso()));
}

/** Appends several audit events in one statement (a batch of changes made in one transaction). */
export function recordAudits(db: Kysely<Database>, events: { actor: Actor; entry: AuditEntry }[]): Promise<unknown> {
  const at = nowIso();
  return events.length
    ? insertAuditEvent(
        db,
        events.map((e) => auditRow(e.actor, e.entry, at)),
      )
    : Promise.resolve();
}

export function auditRow(actor: Actor, entry: AuditEntry, at: string) {
  return {
    partnership_id: actor.partnershipId,
    at,
    actor_user_id: actor.userId,
    actor_label: actor.label,
    organisation_id: entry.organisationId ?? actor.organisationId,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    summary: entry.summary,
    before_json: json(entry.before),
    after_json: json(entry.after),
    ip: actor.ip,
  };
}

export const AUDIT_PAGE_SIZE = 50;

export function createAuditService(db: Kysely<Database>) {
  return {
    async list(actor: Actor, filter: AuditFilter, page: number) {
      requireCapability(actor, 'audit:view');
      const result = await listAuditEvents(db, actor.partnershipId, filter, Math.max(1, page), AUDIT_PAGE_SIZE);
      const [actions, entityTypes] = await Promise.all([
        distinctAuditValues(db, actor.partnershipId, 'action'),
        distinctAuditValues(db, actor.partnershipId, 'entity_type'),
      ]);
      return { ...result, actions, entityTypes, pageSize: AUDIT_PAGE_SIZE };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
