import { createServer, type Server } from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Config } from '../../src/config.ts';
import type { Db } from '../../src/db/database.ts';
import { createTransport } from '../../src/features/messaging/transports.ts';
import { createOutboxWorker } from '../../src/features/messaging/worker.ts';
import { createLogger } from '../../src/lib/logger.ts';

export interface Inbox {
  url: string;
  port: number;
  received: ParsedMail[];
  /** Refuse every message with a 550 (the recipient does not exist). */
  reject: boolean;
  /** Resolves when `count` messages have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

/**
 * A real SMTP server in this process; every message it accepts is parsed with mailparser.
 * `onSubject` (the bench) instead reads only the Subject header and keeps nothing.
 */
export async function startInbox(port = 0, onSubject?: (subject: string) => void): Promise<Inbox> {
  const inbox: Inbox = {
    url: '',
    port: 0,
    received: [],
    reject: false,
    async waitFor(count, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      while (inbox.received.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} messages, got ${inbox.received.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return inbox.received;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 1024 * 1024,
    onData(stream, _session, callback) {
      if (onSubject) {
        let head = '';
        stream.on('data', (chunk: Buffer) => {
          if (head.length < 4096) head += chunk.toString();
        });
        stream.on('end', () => {
          onSubject(/^Subject: (.*)$/m.exec(head)?.[1]?.trim() ?? '');
          callback();
        });
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          if (inbox.reject) {
            const error = Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 });
            return callback(error);
          }
          inbox.received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  inbox.port = (server.server.address() as AddressInfo).port;
  inbox.url = `smtp://127.0.0.1:${inbox.port}`;
  return inbox;
}

export interface NotifyStandIn {
  url: string;
  apiKey: string;
  /** Bodies of the requests answered 201. */
  accepted: {
    email_address: string;
    template_id: string;
    personalisation: Record<string, string>;
    reference: string;
  }[];
  close(): Promise<void>;
}

const SERVICE_ID = '26785a09-ab16-4eb0-8407-a37497a57506';
const SECRET = '3d844edf-8d35-48ac-975b-e847b4f122b0';

function validJwt(header: string | undefined): boolean {
  const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
  const [head, payload, signature] = token?.split('.') ?? [];
  if (!head || !payload || !signature) return false;
  const expected = createHmac('sha256', SECRET).update(`${head}.${payload}`).digest('base64url');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { iss?: string; iat?: number };
  return expected === signature && claims.iss === SERVICE_ID && Math.abs(Date.now() / 1000 - (claims.iat ?? 0)) < 30;
}

/**
 * GOV.UK Notify's POST /v2/notifications/email as documented: a JWT signed with the key's secret,
 * issued by the service id; 201 with the notification, or 400 with Notify's error list. An
 * address ending "@reject.example" is refused as Notify refuses a bad address.
 */
export async function startNotifyStandIn(): Promise<NotifyStandIn> {
  const accepted: NotifyStandIn['accepted'] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const answer = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method !== 'POST' || req.url !== '/v2/notifications/email') return answer(404, {});
      if (!validJwt(req.headers.authorization))
        return answer(403, { status_code: 403, errors: [{ error: 'AuthError', message: 'Invalid token' }] });
      const body = JSON.parse(raw) as NotifyStandIn['accepted'][number];
      if (!body.email_address || !body.template_id || body.email_address.endsWith('@reject.example'))
        return answer(400, {
          status_code: 400,
          errors: [{ error: 'ValidationError', message: 'email_address Not a valid email address' }],
        });
      accepted.push(body);
      answer(201, {
        id: `notification-${accepted.length}`,
        reference: body.reference,
        content: { subject: body.personalisation.subject, body: body.personalisation.body, from_email: 'x@y' },
        template: { id: body.template_id, version: 1, uri: '' },
        uri: '',
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey: `test_key-${SERVICE_ID}-${SECRET}`,
    accepted,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Sends every message now waiting in the app's outbox to `smtpUrl` (one worker, until none is due). */
export async function deliverQueued(app: { db: Db; config: Config }, smtpUrl: string): Promise<number> {
  const worker = createOutboxWorker({
    db: app.db.kysely,
    engine: app.db.engine,
    transport: createTransport({ ...app.config.messaging, notify: null, smtpUrl })!,
    logger: createLogger('silent'),
    config: { maxAttempts: 3 },
  });
  let sent = 0;
  for (let claimed = await worker.runOnce(); claimed > 0; claimed = await worker.runOnce()) sent += claimed;
  return sent;
}

/** The messages received for one address, oldest first. */
export const mailTo = (inbox: Inbox, address: string): ParsedMail[] =>
  inbox.received.filter((m) => [m.to].flat().some((to) => to?.value.some((v) => v.address === address)));

/** The first link in a message's text under `path` (e.g. "/password-reset/"), as a path to request. */
export function linkIn(mail: ParsedMail | undefined, path: string): string {
  const url = new RegExp(`(https?://\\S+${path}\\S*)`).exec(mail?.text ?? '')?.[1];
  if (!url) throw new Error(`no ${path} link in the message "${mail?.subject ?? '(none)'}"`);
  return new URL(url).pathname;
}
