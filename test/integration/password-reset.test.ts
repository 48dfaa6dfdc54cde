import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { purgePasswordResets } from '../../src/features/accounts/password-reset-service.ts';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { deliverQueued, linkIn, mailTo, startInbox, type Inbox } from '../support/mail.ts';

const NEW_PASSWORD = 'correct horse battery staple';

for (const engine of ENGINES) {
  describe(`forgotten passwords on ${engine}`, () => {
    let app: TestApp;
    let inbox: Inbox;
    before(async () => {
      app = await startTestApp(engine);
      inbox = await startInbox();
    });
    after(async () => {
      await inbox?.close();
      await app?.close();
    });

    const ask = async (email: string) => {
      const client = new TestClient(app.url);
      await client.get('/password-reset');
      return client.post('/password-reset', { email });
    };
    const queuedFor = (email: string) =>
      app.db.kysely
        .selectFrom('outbox_messages')
        .select(['template', 'status'])
        .where('recipient', '=', email)
        .where('template', '=', 'password-reset')
        .execute();

    it('links to the journey from the sign-in page', async () => {
      const page = await new TestClient(app.url).get('/sign-in');
      assert.equal(page.status, 200);
      assert.match(page.text, /<a class="govuk-link" href="\/password-reset">Forgotten your password\?<\/a>/);
      const form = await new TestClient(app.url).get('/password-reset');
      assert.equal(form.status, 200);
      assert.match(form.text, /<h1 class="govuk-heading-l">Reset your password<\/h1>/);
    });

    it('emails a working link, ends every session and lets the new password sign in', async () => {
      const signedIn = new TestClient(app.url);
      await signedIn.signIn('viewer@demoshire.example');
      assert.equal((await signedIn.get('/account')).status, 200);

      const asked = await ask('Viewer@Demoshire.example ');
      assert.equal(asked.status, 303);
      assert.equal(asked.location, '/password-reset/sent');
      const unknown = await ask('nobody@demoshire.example');
      assert.equal(unknown.status, asked.status, 'the same answer for an address with no account');
      assert.equal(unknown.location, asked.location);
      assert.equal((await queuedFor('nobody@demoshire.example')).length, 0);
      assert.deepEqual(
        (await queuedFor('viewer@demoshire.example')).map((m) => `${m.template} ${m.status}`),
        ['password-reset queued'],
      );
      const sent = await new TestClient(app.url).get('/password-reset/sent');
      assert.match(sent.text, /Check your email/);

      assert.ok((await deliverQueued(app, inbox.url)) >= 1);
      const mail = mailTo(inbox, 'viewer@demoshire.example').at(-1);
      assert.equal(mail?.subject, 'Reset your One Workforce password');
      assert.match(mail?.text ?? '', /Dear Morgan Evans/);
      const link = linkIn(mail, '/password-reset/');
      const outboxRow = await app.db.kysely
        .selectFrom('outbox_messages')
        .select('id')
        .where('recipient', '=', 'viewer@demoshire.example')
        .where('template', '=', 'password-reset')
        .executeTakeFirstOrThrow();
      const admin = new TestClient(app.url);
      await admin.signIn('admin@demoshire.example');
      const shown = await admin.get(`/admin/outbox/${outboxRow.id}`);
      assert.equal(shown.status, 200);
      assert.match(shown.text, /password-reset\/\(link hidden: only the recipient may use it\)/);
      assert.ok(!shown.text.includes(link), 'an administrator cannot read the link from the outbox');

      const stranger = new TestClient(app.url);
      const form = await stranger.get(link);
      assert.equal(form.status, 200);
      assert.match(form.text, /Create a new password/);
      assert.equal(form.headers.get('cache-control'), 'no-store');
      const mismatch = await stranger.post(link, { password: NEW_PASSWORD, 'confirm-password': 'something else' });
      assert.equal(mismatch.status, 400);
      assert.match(mismatch.text, /The passwords do not match/);
      const done = await stranger.post(link, { password: NEW_PASSWORD, 'confirm-password': NEW_PASSWORD });
      assert.equal(done.status, 303);
      assert.equal(done.location, '/sign-in');
      const told = await stranger.get('/sign-in');
      assert.match(told.text, /Your password has been reset/);

      const ended = await signedIn.get('/account');
      assert.equal(ended.status, 303, 'the session from before the reset is over');
      assert.equal(ended.location, '/sign-in');
      await assert.rejects(new TestClient(app.url).signIn('viewer@demoshire.example', DEMO_PASSWORD));
      await new TestClient(app.url).signIn('viewer@demoshire.example', NEW_PASSWORD);

      const again = await new TestClient(app.url).get(link);
      assert.equal(again.status, 404, 'a link works once');
      assert.match(again.text, /This password reset link does not work/);

      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .select('summary')
        .where('entity_type', 'in', ['password_reset', 'user'])
        .where('summary', 'in', ['Asked for a password reset link', 'Reset their password with an emailed link'])
        .execute();
      assert.equal(audit.length, 2);
    });

    it('refuses an expired link and one a newer request replaced', async () => {
      await ask('steering@demoshire.example');
      await ask('steering@demoshire.example');
      await deliverQueued(app, inbox.url);
      const [first, second] = mailTo(inbox, 'steering@demoshire.example').slice(-2);
      const older = await new TestClient(app.url).get(linkIn(first, '/password-reset/'));
      assert.equal(older.status, 404);
      const newer = linkIn(second, '/password-reset/');
      assert.equal((await new TestClient(app.url).get(newer)).status, 200);
      await app.db.kysely
        .updateTable('password_resets')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('used_at', 'is', null)
        .execute();
      assert.equal((await new TestClient(app.url).get(newer)).status, 404);
    });

    it('throttles repeated requests alike for addresses with and without an account', async () => {
      for (const email of ['training@demoshire.example', 'no-such-person@demoshire.example']) {
        for (let i = 0; i < app.config.signIn.maxFailures; i++) assert.equal((await ask(email)).status, 303);
        const refused = await ask(email);
        assert.equal(refused.status, 429, email);
        assert.match(refused.text, /Too many requests to reset a password\. Wait 1 minute/);
        assert.ok(Number(refused.headers.get('retry-after')) >= 60);
      }
      assert.equal((await queuedFor('training@demoshire.example')).length, app.config.signIn.maxFailures);
    });

    it('forgets requests and links a day after they stop counting', async () => {
      const count = async (table: 'password_resets' | 'password_reset_requests') =>
        Number(
          (
            await app.db.kysely
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      assert.ok((await count('password_reset_requests')) > 0);
      assert.ok((await count('password_resets')) > 0);
      await purgePasswordResets(app.db.kysely);
      assert.ok((await count('password_reset_requests')) > 0, 'recent requests still count for throttling');
      await purgePasswordResets(app.db.kysely, Date.now() + 2 * 86_400_000);
      assert.equal(await count('password_reset_requests'), 0);
      assert.equal(await count('password_resets'), 0);
    });

    it('asks for an email address in the right format', async () => {
      const empty = await ask('');
      assert.equal(empty.status, 400);
      assert.match(empty.text, /Enter your email address/);
      const wrong = await ask('not-an-address');
      assert.equal(wrong.status, 400);
      assert.match(wrong.text, /Enter an email address in the correct format/);
    });
  });
}
