import type { Kysely } from 'kysely';
import { requireCapability, type Actor } from '../../auth/actor.ts';
import type { OutboxStatus } from '../../db/messaging-schema.ts';
import type { Database } from '../../db/schema.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { findMessage, listMessages, requeue } from './repository.ts';

export const OUTBOX_STATUSES: Record<OutboxStatus, string> = {
  queued: 'Waiting to be sent',
  sending: 'Being sent',
  sent: 'Sent',
  failed: 'Failed',
};

/**
 * Links only their recipient may follow: an administrator reading the outbox must not be able to
 * take over someone else's account with their password reset link.
 */
const PRIVATE_LINKS: Partial<Record<string, RegExp>> = {
  'password-reset': /(\/password-reset\/)[A-Za-z0-9_-]+/g,
};

const HIDDEN_LINK = '(link hidden: only the recipient may use it)';

/** The outbox as an administrator sees it: their partnership's messages, and resending failed ones. */
export function createMessagingService(db: Kysely<Database>) {
  return {
    list(actor: Actor, status: OutboxStatus | null) {
      requireCapability(actor, 'users:manage');
      return listMessages(db, actor.partnershipId, status);
    },

    async show(actor: Actor, id: number) {
      requireCapability(actor, 'users:manage');
      const message = await findMessage(db, actor.partnershipId, id);
      if (!message) throw new NotFoundError('Message');
      const secret = PRIVATE_LINKS[message.template];
      return secret && message.body ? { ...message, body: message.body.replace(secret, `$1${HIDDEN_LINK}`) } : message;
    },

    async resend(actor: Actor, id: number): Promise<void> {
      requireCapability(actor, 'users:manage');
      await db.transaction().execute(async (trx) => {
        const message = await findMessage(trx, actor.partnershipId, id);
        if (!message) throw new NotFoundError('Message');
        if (!(await requeue(trx, actor.partnershipId, id)))
          throw new ValidationError({ form: 'Only a failed message whose text is still kept can be sent again' });
        await recordAudit(trx, actor, {
          action: 'update',
          entityType: 'outbox_message',
          entityId: id,
          summary: `Sent a ${message.template} message again`,
          before: { status: message.status, attempts: message.attempts, last_error: message.last_error },
          after: { status: 'queued', attempts: 0 },
        });
      });
    },
  };
}

export type MessagingService = ReturnType<typeof createMessagingService>;
