import nodemailer from 'nodemailer';
import { NotifyClient } from 'notifications-node-client';
import { z } from 'zod';
import type { MessagingConfig } from '../../config.ts';

export interface OutgoingMessage {
  idempotencyKey: string;
  recipient: string;
  subject: string;
  body: string;
  calendar: string | null;
}

export interface Transport {
  name: 'smtp' | 'notify';
  send(message: OutgoingMessage): Promise<void>;
  close(): void;
}

/** A send that did not happen. permanent: the service refused it and trying again would not help. */
export class SendError extends Error {
  readonly permanent: boolean;
  constructor(message: string, permanent: boolean) {
    super(message);
    this.permanent = permanent;
  }
}

/** The SMTP reply code Nodemailer puts on the errors it throws. */
const smtpError = z.object({ responseCode: z.number() });

/** What this transport reads from Notify's client's errors (an Axios error: the response it carries). */
const notifyError = z.object({
  response: z
    .object({
      status: z.number().optional(),
      data: z
        .object({
          errors: z.array(z.object({ error: z.string().optional(), message: z.string().optional() })).optional(),
        })
        .optional(),
    })
    .optional(),
  message: z.string().optional(),
});

function smtpTransport(url: string, from: string): Transport {
  const mailer = nodemailer.createTransport(url);
  return {
    name: 'smtp',
    async send(message) {
      try {
        await mailer.sendMail({
          from,
          to: message.recipient,
          subject: message.subject,
          text: message.body,
          messageId: `<${message.idempotencyKey.replace(/[^\w.-]/g, '_')}@one-workforce>`,
          ...(message.calendar
            ? {
                icalEvent: {
                  method: /METHOD:CANCEL/.test(message.calendar) ? 'CANCEL' : 'REQUEST',
                  content: message.calendar,
                },
              }
            : {}),
        });
      } catch (err) {
        const code = smtpError.safeParse(err).data?.responseCode;
        // 5xx is the server's final no (e.g. 550 unknown mailbox); 4xx and dropped connections are worth a retry.
        const permanent = typeof code === 'number' && code >= 500;
        throw new SendError(err instanceof Error ? err.message : String(err), permanent);
      }
    },
    close: () => mailer.close(),
  };
}

function notifyTransport(config: NonNullable<MessagingConfig['notify']>): Transport {
  const client = config.baseUrl ? new NotifyClient(config.baseUrl, config.apiKey) : new NotifyClient(config.apiKey);
  return {
    name: 'notify',
    async send(message) {
      try {
        // One generic template in Notify: ((subject)) as its subject and ((body)) as its text.
        await client.sendEmail(config.templateId, message.recipient, {
          personalisation: { subject: message.subject, body: message.body },
          reference: message.idempotencyKey,
        });
      } catch (err) {
        const e = notifyError.safeParse(err).data;
        const status = e?.response?.status;
        const detail = e?.response?.data?.errors?.map((x) => `${x.error}: ${x.message}`).join('; ');
        // Notify answers 400 and 403 to a request it will never accept; 429 and 5xx may pass later.
        const permanent = status === 400 || status === 403;
        throw new SendError(detail ? `Notify ${status}: ${detail}` : (e?.message ?? String(err)), permanent);
      }
    },
    close: () => {},
  };
}

/** Notify when NOTIFY_API_KEY is set, else SMTP when SMTP_URL is, else none: messages stay in the outbox. */
export function createTransport(config: MessagingConfig): Transport | null {
  if (config.notify) return notifyTransport(config.notify);
  if (config.smtpUrl) return smtpTransport(config.smtpUrl, config.from);
  return null;
}
