import type { Kysely } from 'kysely';
import type { DatabaseEngine, MessagingConfig } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import type { Logger } from '../../lib/logger.ts';
import { claimDue, markSent, markUnsent, type ClaimedMessage } from './repository.ts';
import { SendError, type Transport } from './transports.ts';

export interface WorkerOptions {
  db: Kysely<Database>;
  engine: DatabaseEngine;
  transport: Transport;
  logger: Logger;
  config: Pick<MessagingConfig, 'maxAttempts'>;
  leaseMs?: number;
  batchSize?: number;
  /** Sends in flight at once within a batch. */
  concurrency?: number;
  pollMs?: number;
}

/** 30 s, 1 min, 2 min … capped at 1 hour. */
export const backoffMs = (attempts: number): number => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);

export function createOutboxWorker(options: WorkerOptions) {
  const { db, engine, transport, logger } = options;
  const leaseMs = options.leaseMs ?? 120_000;
  const batchSize = options.batchSize ?? 100;
  const concurrency = options.concurrency ?? 8;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;

  async function deliver(message: ClaimedMessage): Promise<void> {
    // Logs name the message by id and template only: never its address or body.
    const log = { messageId: message.id, template: message.template, attempt: message.attempts };
    try {
      await transport.send({
        idempotencyKey: message.idempotency_key,
        recipient: message.recipient,
        subject: message.subject ?? '',
        body: message.body ?? '',
        calendar: message.calendar,
      });
      if (!(await markSent(db, message))) logger.warn(log, 'sent a message whose lease had run out');
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const permanent = err instanceof SendError && err.permanent;
      const giveUp = permanent || message.attempts >= options.config.maxAttempts;
      const retryAt = giveUp ? null : new Date(Date.now() + backoffMs(message.attempts)).toISOString();
      await markUnsent(db, message, reason, retryAt);
      logger.warn({ ...log, failed: giveUp }, giveUp ? 'a message could not be sent' : 'a message will be retried');
    }
  }

  /** Claims and sends one batch; resolves with how many were claimed. */
  async function runOnce(): Promise<number> {
    const claimed = await claimDue(db, engine, batchSize, leaseMs);
    let next = 0;
    const lane = async () => {
      for (let item = claimed[next++]; item !== undefined; item = claimed[next++]) await deliver(item);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, lane));
    return claimed.length;
  }

  async function loop(): Promise<void> {
    let claimed = 0;
    try {
      running = runOnce();
      claimed = await running;
    } catch (err) {
      logger.error({ err: err instanceof Error ? err.message : String(err) }, 'the outbox worker could not run');
    } finally {
      running = null;
    }
    // A full batch means more may be waiting: go again at once.
    if (timer !== null) timer = setTimeout(loop, claimed === batchSize ? 0 : (options.pollMs ?? 2000));
  }

  return {
    runOnce,
    start(): void {
      if (timer === null) timer = setTimeout(loop, 0);
    },
    async stop(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => {});
    },
  };
}

export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
