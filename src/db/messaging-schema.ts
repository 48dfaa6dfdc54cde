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

/** A password reset link (migration 0017): only the hash of its secret is kept. */
export interface PasswordResetTable {
  id: Generated<number>;
  partnership_id: number;
  user_id: number;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Each "reset your password" request, whether or not the address exists: what throttling counts. */
export interface PasswordResetRequestTable {
  id: Generated<number>;
  email: string;
  ip: string;
  at: string;
}

/** An optional reminder a user has switched off (docs/adr/0021). */
export interface ReminderOptOutTable {
  partnership_id: number;
  user_id: number;
  reminder: string;
  created_at: string;
}
