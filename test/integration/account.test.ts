import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';

const NEW_PASSWORD = 'a brand new long passphrase';

const secretIn = (html: string): string | undefined => /value="(ow_[\w-]+)"/.exec(html)?.[1];
const revokePath = (html: string, name: string): string | undefined =>
  new RegExp(
    `href="(/account/tokens/\\d+/revoke)">Revoke<span class="govuk-visually-hidden"> the token “${name}”`,
  ).exec(html)?.[1];

for (const engine of ENGINES) {
  describe(`your account on ${engine}`, () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp(engine);
    });
    after(async () => {
      await app?.close();
    });

    it('shows the user their name, email, role and organisation', async () => {
      const client = new TestClient(app.url);
      await client.signIn('steering@demoshire.example');
      const page = await client.get('/account');
      assert.equal(page.status, 200);
      for (const text of [
        'Priya Shah',
        'steering@demoshire.example',
        'Steering group member',
        'Demoshire Community Health NHS Trust',
        'Change your password',
      ]) {
        assert.ok(page.text.includes(text), `account page shows ${text}`);
      }
    });

    it('sends people who are not signed in to sign in', async () => {
      const response = await new TestClient(app.url).get('/account');
      assert.equal(response.status, 303);
      assert.equal(response.location, '/sign-in');
    });

    it('changes the password only with the current one and a matching confirmation', async () => {
      const client = new TestClient(app.url);
      await client.signIn('training@demoshire.example');
      await client.get('/account/password');

      const wrong = await client.post('/account/password', {
        currentPassword: 'not my password',
        newPassword: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      });
      assert.equal(wrong.status, 400);
      assert.match(wrong.text, /Your current password is not correct/);
      assert.match(wrong.text, /There is a problem/);

      const mismatch = await client.post('/account/password', {
        currentPassword: DEMO_PASSWORD,
        newPassword: NEW_PASSWORD,
        confirmPassword: `${NEW_PASSWORD}!`,
      });
      assert.equal(mismatch.status, 400);
      assert.match(mismatch.text, /The passwords do not match/);

      const short = await client.post('/account/password', {
        currentPassword: DEMO_PASSWORD,
        newPassword: 'short',
        confirmPassword: 'short',
      });
      assert.equal(short.status, 400);
      assert.match(short.text, /Password must be 12 characters or more/);

      const done = await client.post('/account/password', {
        currentPassword: DEMO_PASSWORD,
        newPassword: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      });
      assert.equal(done.status, 303);
      assert.equal(done.location, '/account');
      assert.match((await client.get('/account')).text, /Your password has been changed/);

      await assert.rejects(
        new TestClient(app.url).signIn('training@demoshire.example', DEMO_PASSWORD),
        /failed with 400/,
      );
      await new TestClient(app.url).signIn('training@demoshire.example', NEW_PASSWORD);
      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .select(['action', 'summary'])
        .where('entity_type', '=', 'user')
        .execute();
      assert.ok(audit.some((e) => e.action === 'update' && e.summary === 'Changed their password'));
      assert.ok(audit.some((e) => e.action === 'password-change-failed'));
    });

    it('creates an API token, shows its secret once, and revokes it', async () => {
      const client = new TestClient(app.url);
      await client.signIn('datalead@demoshire.example');
      await client.get('/account');

      const missing = await client.post('/account/tokens', { name: '  ' });
      assert.equal(missing.status, 400);
      assert.match(missing.text, /Enter a name for the token/);

      const created = await client.post('/account/tokens', { name: 'HR nightly upload' });
      assert.equal(created.status, 200);
      assert.equal(created.headers.get('cache-control'), 'no-store');
      const secret = secretIn(created.text);
      assert.ok(secret, 'the new token is shown');
      assert.match(created.text, /You will not be able to see it again/);
      // The example uses the configured BASE_URL (here the test's default, since the port is chosen on start).
      assert.ok(
        created.text.includes(`curl -H "Authorization: Bearer ${secret}" ${app.config.baseUrl}/api/v1/me`),
        'shows how to use it',
      );

      const later = await client.get('/account');
      assert.ok(!later.text.includes(secret), 'the secret is not shown again');
      assert.ok(later.text.includes(secret.slice(0, 9)), 'its prefix is listed');
      assert.match(later.text, /HR nightly upload/);

      const stored = await app.db.kysely
        .selectFrom('api_tokens')
        .selectAll()
        .where('name', '=', 'HR nightly upload')
        .executeTakeFirstOrThrow();
      assert.ok(
        !Object.values(stored).some((value) => String(value).includes(secret)),
        'only a hash of the secret is stored',
      );
      assert.match(stored.token_hash, /^[0-9a-f]{64}$/);

      const me = await fetch(`${app.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
      assert.equal(me.status, 200);
      assert.equal(((await me.json()) as { role: string }).role, 'data_lead');

      const path = revokePath(later.text, 'HR nightly upload');
      assert.ok(path, 'a revoke link for the token');
      const confirm = await client.get(path);
      assert.equal(confirm.status, 200);
      assert.match(confirm.text, /Are you sure you want to revoke the API token “HR nightly upload”\?/);
      const revoked = await client.post(path);
      assert.equal(revoked.status, 303);
      const after = await client.get('/account');
      assert.match(after.text, /API token “HR nightly upload” revoked/);
      assert.match(after.text, /Revoked/);
      assert.equal(revokePath(after.text, 'HR nightly upload'), undefined);

      const refused = await fetch(`${app.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
      assert.equal(refused.status, 401);
    });

    it("does not let anyone see or revoke another user's token", async () => {
      const admin = await app.db.kysely
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'admin@demoshire.example')
        .executeTakeFirstOrThrow();
      const session = await app.services.signIn.actorForSession(admin.id, null);
      assert.ok(session);
      const { token } = await app.services.tokens.createOwn(session.actor, 'Admin integration');
      const client = new TestClient(app.url);
      await client.signIn('viewer@demoshire.example');
      assert.equal((await client.get(`/account/tokens/${token.id}/revoke`)).status, 404);
      await client.get('/account');
      assert.equal((await client.post(`/account/tokens/${token.id}/revoke`)).status, 404);
      assert.equal((await client.get('/account/tokens/not-a-number/revoke')).status, 404);
      const stored = await app.db.kysely
        .selectFrom('api_tokens')
        .select('revoked_at')
        .where('id', '=', token.id)
        .executeTakeFirstOrThrow();
      assert.equal(stored.revoked_at, null);
    });
  });
}
