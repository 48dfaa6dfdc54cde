import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DatabaseEngine } from '../../config.ts';
import type { OutboxMessageTable, OutboxStatus } from '../../db/messaging-schema.ts';
import type { Database } from '../../db/schema.ts';

export interface NewMessage {
  partnershipId: number | null;
  userId: number | null;
  /** Unique per message: the same event queued twice (a retry, a second instance) sends once. */
  key: string;
  template: string;
  recipient: string;
  subject: string;
  body: string;
  /** An RFC 5545 invite (src/lib/calendar.ts) sent as a calendar part, when there is one. */
  calendar?: string | null;
}

export type ClaimedMessage = Pick<
  Selectable<OutboxMessageTable>,
  'id' | 'idempotency_key' | 'template' | 'recipient' | 'subject' | 'body' | 'calendar' | 'attempts'
> & { lease_until: string };

export const outboxRow = (message: NewMessage, at: string) => ({
  partnership_id: message.partnershipId,
  user_id: message.userId,
  idempotency_key: message.key,
  template: message.template,
  recipient: message.recipient,
  subject: message.subject,
  body: message.body,
  calendar: message.calendar ?? null,
  next_attempt_at: at,
  created_at: at,
});

/**
 * Queues messages in the caller's transaction (pass the Kysely transaction of the event), so a
 * rolled-back change sends nothing. A key already queued is left as it is.
 */
export async function enqueue(trx: Kysely<Database>, messages: NewMessage[]): Promise<void> {
  const at = new Date().toISOString();
  // Chunks keep each statement under SQLite's and PostgreSQL's bound-parameter limits.
  for (let i = 0; i < messages.length; i += 500) {
    await trx
      .insertInto('outbox_messages')
      .values(messages.slice(i, i + 500).map((m) => outboxRow(m, at)))
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .execute();
  }
}

/**
 * Claims up to `limit` due messages for `leaseMs`: queued ones whose time has come, and ones
 * whose sender's lease ran out (it crashed). Each claim writes a fresh lease value, so only the
 * claimant can record the outcome. PostgreSQL skips rows another worker has locked; SQLite runs
 * the one UPDATE under its single writer lock, which is atomic.
 */
export async function claimDue(
  db: Kysely<Database>,
  engine: DatabaseEngine,
  limit: number,
  leaseMs: number,
): Promise<ClaimedMessage[]> {
  const now = new Date();
  const nowText = now.toISOString();
  // A distinct suffix per claim: two claims in the same millisecond still hold different leases.
  const lease = `${new Date(now.getTime() + leaseMs).toISOString()}#${randomUUID()}`;
  const lock = engine === 'postgres' ? sql`for update skip locked` : sql``;
  const result = await sql<ClaimedMessage>`
    update outbox_messages set status = 'sending', lease_until = ${lease}, attempts = attempts + 1
    where id in (
      select id from outbox_messages
      where (status = 'queued' and next_attempt_at <= ${nowText})
         or (status = 'sending' and lease_until < ${nowText})
      order by id limit ${limit} ${lock}
    )
    returning id, idempotency_key, template, recipient, subject, body, calendar, attempts, lease_until`.execute(db);
  return result.rows;
}

/** Records a send; false when the lease was lost (another worker has the message now). */
export async function markSent(db: Kysely<Database>, message: ClaimedMessage): Promise<boolean> {
  const result = await db
    .updateTable('outbox_messages')
    .set({ status: 'sent', sent_at: new Date().toISOString(), lease_until: null, last_error: null })
    .where('id', '=', message.id)
    .where('lease_until', '=', message.lease_until)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Puts a message back in the queue for `retryAt`, or marks it failed (retryAt null), with why. */
export async function markUnsent(
  db: Kysely<Database>,
  message: ClaimedMessage,
  reason: string,
  retryAt: string | null,
): Promise<void> {
  const status: OutboxStatus = retryAt ? 'queued' : 'failed';
  await db
    .updateTable('outbox_messages')
    .set({
      status,
      lease_until: null,
      last_error: reason.slice(0, 500),
      next_attempt_at: retryAt ?? sql`next_attempt_at`,
    })
    .where('id', '=', message.id)
    .where('lease_until', '=', message.lease_until)
    .execute();
}

/** A failed message goes back to the queue with a fresh count of attempts. */
export async function requeue(db: Kysely<Database>, partnershipId: number, id: number): Promise<boolean> {
  const result = await db
    .updateTable('outbox_messages')
    .set({ status: 'queued', attempts: 0, next_attempt_at: new Date().toISOString(), last_error: null })
    .where('id', '=', id)
    .where('partnership_id', '=', partnershipId)
    .where('status', '=', 'failed')
    .where('purged_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Empties the subject, body and invite of messages older than `before`; who, when, template and status stay. */
export async function purgeBodies(db: Kysely<Database>, before: string): Promise<number> {
  const result = await db
    .updateTable('outbox_messages')
    .set({ subject: null, body: null, calendar: null, purged_at: new Date().toISOString() })
    .where('created_at', '<', before)
    .where('purged_at', 'is', null)
    .where('status', 'in', ['sent', 'failed'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function listMessages(db: Kysely<Database>, partnershipId: number, status: OutboxStatus | null, limit = 200) {
  let query = db
    .selectFrom('outbox_messages')
    .select(['id', 'template', 'recipient', 'subject', 'status', 'attempts', 'last_error', 'created_at', 'sent_at'])
    .where('partnership_id', '=', partnershipId)
    .orderBy('id', 'desc')
    .limit(limit);
  if (status) query = query.where('status', '=', status);
  return query.execute();
}

export function findMessage(db: Kysely<Database>, partnershipId: number, id: number) {
  return db
    .selectFrom('outbox_messages')
    .selectAll()
    .where('id', '=', id)
    .where('partnership_id', '=', partnershipId)
    .executeTakeFirst();
}
