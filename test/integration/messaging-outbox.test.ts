import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MessagingConfig } from '../../src/config.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { scheduledJobs } from '../../src/features/messaging/messaging.ts';
import { claimDue, enqueue, markSent, type NewMessage } from '../../src/features/messaging/repository.ts';
import { runDueJobs } from '../../src/features/messaging/scheduler.ts';
import { createTransport } from '../../src/features/messaging/transports.ts';
import { createOutboxWorker } from '../../src/features/messaging/worker.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { startInbox, startNotifyStandIn, type Inbox } from '../support/mail.ts';

const silent = createLogger('silent');

for (const engine of ENGINES) {
  describe(`the outbox on ${engine}`, () => {
    let app: TestApp;
    let inbox: Inbox;
    let admin: TestClient;
    before(async () => {
      app = await startTestApp(engine);
      inbox = await startInbox();
      admin = new TestClient(app.url);
      await admin.signIn('admin@demoshire.example');
    });
    after(async () => {
      await inbox?.close();
      await app?.close();
    });

    const messaging = (overrides: Partial<MessagingConfig>): MessagingConfig => ({
      ...app.config.messaging,
      maxAttempts: 3,
      ...overrides,
    });
    const worker = (smtpUrl = inbox.url, leaseMs = 60_000) =>
      createOutboxWorker({
        db: app.db.kysely,
        engine,
        transport: createTransport(messaging({ smtpUrl }))!,
        logger: silent,
        config: { maxAttempts: 3 },
        leaseMs,
      });
    const message = (key: string, recipient = 'someone@demoshire.example'): NewMessage => ({
      partnershipId: app.demoPartnershipId,
      userId: null,
      key,
      template: 'test',
      recipient,
      subject: `Subject ${key}`,
      body: `Body of ${key}`,
    });
    const row = (key: string) =>
      app.db.kysely
        .selectFrom('outbox_messages')
        .selectAll()
        .where('idempotency_key', '=', key)
        .executeTakeFirstOrThrow();
    const queue = (...messages: NewMessage[]) => app.db.kysely.transaction().execute((trx) => enqueue(trx, messages));
    const deliveredTo = (key: string) => inbox.received.filter((m) => m.subject === `Subject ${key}`).length;

    it('emails an invitation whose link works, and shows it in the outbox meanwhile', async () => {
      await admin.get('/admin/users/invite');
      const created = await admin.post('/admin/users/invite', {
        organisation: '',
        name: 'Ola Outbox',
        email: 'ola.outbox@demoshire.example',
        role: 'viewer',
      });
      assert.equal(created.status, 200);
      const queued = await app.db.kysely
        .selectFrom('outbox_messages')
        .selectAll()
        .where('recipient', '=', 'ola.outbox@demoshire.example')
        .executeTakeFirstOrThrow();
      assert.equal(queued.status, 'queued');
      assert.equal(queued.template, 'invitation');
      const outbox = await admin.get('/admin/outbox');
      assert.equal(outbox.status, 200);
      assert.match(outbox.text, /ola\.outbox@demoshire\.example/);
      const shown = await admin.get(`/admin/outbox/${queued.id}`);
      assert.equal(shown.status, 200);
      assert.match(shown.text, /Dear Ola Outbox/);

      const before = inbox.received.length;
      assert.equal(await worker().runOnce(), 1);
      const mail = (await inbox.waitFor(before + 1))[before]!;
      assert.equal(mail.subject, 'You have been invited to One Workforce');
      assert.deepEqual(
        [mail.to].flat().flatMap((a) => a?.value.map((v) => v.address)),
        ['ola.outbox@demoshire.example'],
      );
      const link = /(http:\/\/\S+\/invite\/[\w-]+)/.exec(mail.text ?? '')?.[1];
      assert.ok(link, 'the email holds the invite link');
      const page = await new TestClient(app.url).get(new URL(link).pathname);
      assert.equal(page.status, 200);
      assert.match(page.text, /Set your password/);
      assert.equal((await row(queued.idempotency_key)).status, 'sent');
    });

    it('sends nothing for a change that rolls back, and queues a key only once', async () => {
      await assert.rejects(
        app.db.kysely.transaction().execute(async (trx) => {
          await enqueue(trx, [message('rolled-back')]);
          throw new Error('the event failed');
        }),
      );
      const none = await app.db.kysely
        .selectFrom('outbox_messages')
        .select('id')
        .where('idempotency_key', '=', 'rolled-back')
        .execute();
      assert.equal(none.length, 0);
      await queue(message('twice'));
      await queue(message('twice'));
      const rows = await app.db.kysely
        .selectFrom('outbox_messages')
        .select('id')
        .where('idempotency_key', '=', 'twice')
        .execute();
      assert.equal(rows.length, 1);
      await worker().runOnce();
      await inbox.waitFor(1);
      assert.equal(deliveredTo('twice'), 1);
    });

    it('keeps a message queued while the SMTP server is down and sends it once it is back', async () => {
      const down = await startInbox();
      const port = down.port;
      await down.close();
      await queue(message('while-down'));
      const downWorker = worker(`smtp://127.0.0.1:${port}`);
      assert.equal(await downWorker.runOnce(), 1);
      const waiting = await row('while-down');
      assert.equal(waiting.status, 'queued');
      assert.equal(waiting.attempts, 1);
      assert.ok(waiting.last_error, 'the reason is kept');
      assert.ok(waiting.next_attempt_at > new Date().toISOString(), 'the retry waits for its backoff');
      assert.equal(await downWorker.runOnce(), 0);

      const back = await startInbox(port);
      try {
        await app.db.kysely
          .updateTable('outbox_messages')
          .set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() })
          .where('idempotency_key', '=', 'while-down')
          .execute();
        assert.equal(await downWorker.runOnce(), 1);
        await back.waitFor(1);
        assert.equal(back.received.length, 1);
        assert.equal(back.received[0]!.subject, 'Subject while-down');
        assert.equal((await row('while-down')).status, 'sent');
        assert.equal(await downWorker.runOnce(), 0);
      } finally {
        await back.close();
      }
    });

    it('marks a rejected message failed with the reason, and an administrator sends it again', async () => {
      await queue(message('rejected'));
      inbox.reject = true;
      try {
        await worker().runOnce();
      } finally {
        inbox.reject = false;
      }
      const failed = await row('rejected');
      assert.equal(failed.status, 'failed');
      assert.match(failed.last_error ?? '', /No such user/);
      const page = await admin.get(`/admin/outbox/${failed.id}`);
      assert.match(page.text, /Send it again/);
      assert.match(page.text, /No such user/);
      const resent = await admin.post(`/admin/outbox/${failed.id}/resend`, {});
      assert.equal(resent.status, 303);
      const again = await row('rejected');
      assert.equal(again.status, 'queued');
      assert.equal(again.attempts, 0);
      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .select('summary')
        .where('entity_type', '=', 'outbox_message')
        .where('entity_id', '=', String(failed.id))
        .execute();
      assert.equal(audit.length, 1);
      await worker().runOnce();
      await inbox.waitFor(1);
      assert.equal(deliveredTo('rejected'), 1);
      const twice = await admin.post(`/admin/outbox/${failed.id}/resend`, {});
      assert.equal(twice.status, 400);
    });

    it('sends exactly once a message whose worker crashed after claiming it', async () => {
      await queue(message('crashed'));
      const [lost] = await claimDue(app.db.kysely, engine, 10, 200);
      assert.equal(lost?.idempotency_key, 'crashed');
      assert.equal(await worker().runOnce(), 0, 'the lease keeps others off');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(await worker().runOnce(), 1);
      assert.equal(await worker().runOnce(), 0);
      assert.equal(await markSent(app.db.kysely, lost!), false, 'the crashed claim can no longer record anything');
      await inbox.waitFor(1);
      assert.equal(deliveredTo('crashed'), 1);
      assert.equal((await row('crashed')).attempts, 2);
    });

    it('sends each message once when two workers run at the same time', async () => {
      const keys = Array.from({ length: 40 }, (_, i) => `pair-${i}`);
      await queue(...keys.map((k) => message(k)));
      const drain = async () => {
        const w = worker();
        while ((await w.runOnce()) > 0);
      };
      await Promise.all([drain(), drain()]);
      for (const key of keys) assert.equal(deliveredTo(key), 1, key);
    });

    it('sends through GOV.UK Notify, and marks a 400 failed with Notify’s reason', async () => {
      const notify = await startNotifyStandIn();
      try {
        const transport = createTransport(
          messaging({ notify: { apiKey: notify.apiKey, templateId: 'generic-template', baseUrl: notify.url } }),
        )!;
        assert.equal(transport.name, 'notify');
        await queue(message('by-notify'), message('notify-refused', 'nobody@reject.example'));
        const w = createOutboxWorker({
          db: app.db.kysely,
          engine,
          transport,
          logger: silent,
          config: { maxAttempts: 3 },
        });
        assert.equal(await w.runOnce(), 2);
        assert.equal(notify.accepted.length, 1);
        assert.deepEqual(notify.accepted[0], {
          email_address: 'someone@demoshire.example',
          template_id: 'generic-template',
          personalisation: { subject: 'Subject by-notify', body: 'Body of by-notify' },
          reference: 'by-notify',
        });
        assert.equal((await row('by-notify')).status, 'sent');
        const refused = await row('notify-refused');
        assert.equal(refused.status, 'failed');
        assert.match(refused.last_error ?? '', /Notify 400: ValidationError/);
      } finally {
        await notify.close();
      }
    });

    it('purges old message bodies once across instances, keeping who, when, template and status', async () => {
      await queue(message('old'));
      await worker().runOnce();
      const old = new Date(Date.now() - 31 * 86_400_000).toISOString();
      await app.db.kysely
        .updateTable('outbox_messages')
        .set({ created_at: old })
        .where('idempotency_key', '=', 'old')
        .execute();
      const jobs = scheduledJobs(app.config);
      await runDueJobs(app.db.kysely, jobs, silent);
      await app.db.kysely
        .updateTable('scheduled_jobs')
        .set({ next_run_at: new Date(Date.now() - 1000).toISOString() })
        .execute();
      const ran = await Promise.all([runDueJobs(app.db.kysely, jobs, silent), runDueJobs(app.db.kysely, jobs, silent)]);
      // Each job runs once across the two instances: the purge and the reminder jobs alike.
      assert.deepEqual(ran.flat().sort(), jobs.map((j) => j.name).sort());
      assert.ok(ran.flat().includes('purge-message-bodies'));
      const purged = await row('old');
      assert.equal(purged.body, null);
      assert.equal(purged.subject, null);
      assert.equal(purged.status, 'sent');
      assert.equal(purged.template, 'test');
      assert.equal(purged.recipient, 'someone@demoshire.example');
      assert.ok(purged.purged_at);
      assert.deepEqual(await runDueJobs(app.db.kysely, jobs, silent), [], 'not due again until its next time');
    });

    it('lets only administrators open the outbox', async () => {
      const viewer = new TestClient(app.url);
      await viewer.signIn('viewer@demoshire.example');
      assert.equal((await viewer.get('/admin/outbox')).status, 403);
    });
  });
}
