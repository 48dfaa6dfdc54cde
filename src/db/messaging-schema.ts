import type { Generated } from 'kysely';

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed';

/** One message to send (docs/adr/0015). body and calendar are emptied by the purge job. */
export interface OutboxMessageTable {
  id: Generated<number>;
  partnership_id: number | null;
  user_id: number | null;
  idempotency_key: string;
  template: string;
  recipient: string;
  subject: string | null;
  body: string | null;
  calendar: string | null;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  next_attempt_at: string;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  purged_at: string | null;
}

export interface ScheduledJobTable {
  name: string;
  pattern: string;
  next_run_at: string;
  lease_until: string | null;
  last_run_at: string | null;
  last_error: string | null;
}
