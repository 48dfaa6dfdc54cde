import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';

for (const engine of ENGINES) {
  describe(`signing in on ${engine}`, () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp(engine, { SIGN_IN_MAX_FAILURES: '3' });
    });
    after(async () => {
      await app?.close();
    });

    it('sends people who are not signed in to the sign-in page and back afterwards', async () => {
      const client = new TestClient(app.url);
      const response = await client.get('/admin/audit');
      assert.equal(response.status, 303);
      assert.equal(response.location, '/sign-in');
      await client.signIn('admin@demoshire.example');
      const home = await client.get('/admin/audit');
      assert.equal(home.status, 200);
    });

    it('sets an httpOnly, sameSite session cookie and gives a new session id on sign-in', async () => {
      const client = new TestClient(app.url);
      const page = await client.get('/sign-in');
      const before = page.headers.getSetCookie().join(';');
      const response = await client.post('/sign-in', {
        email: 'viewer@demoshire.example',
        password: 'demo-password-2026',
      });
      assert.equal(response.status, 303);
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith('ow.sid='));
      assert.ok(cookie, 'session cookie set on sign-in');
      assert.match(cookie, /HttpOnly/i);
      assert.match(cookie, /SameSite=Lax/i);
      assert.notEqual(cookie.split(';')[0], before.split(';')[0]);
    });

    it('rejects a form without the CSRF token', async () => {
      const client = new TestClient(app.url);
      await client.get('/sign-in');
      const response = await client.post('/sign-in', {
        _csrf: 'forged',
        email: 'admin@demoshire.example',
        password: 'demo-password-2026',
      });
      assert.equal(response.status, 403);
      assert.match(response.text, /Your form has expired/);
    });

    it('gives one message for a wrong password or an unknown email, and audits the failure', async () => {
      const client = new TestClient(app.url);
      await client.get('/sign-in');
      const wrong = await client.post('/sign-in', {
        email: 'steering@demoshire.example',
        password: 'not the password',
      });
      const unknown = await client.post('/sign-in', {
        email: 'nobody@demoshire.example',
        password: 'not the password',
      });
      for (const response of [wrong, unknown]) {
        assert.equal(response.status, 400);
        assert.match(response.text, /Enter a correct email address and password/);
      }
      const events = await app.db.kysely
        .selectFrom('audit_events')
        .select(['action', 'actor_label'])
        .where('action', '=', 'sign-in-failed')
        .execute();
      assert.ok(events.some((e) => e.actor_label.includes('steering@demoshire.example')));
    });

    it('asks for missing fields by name', async () => {
      const client = new TestClient(app.url);
      await client.get('/sign-in');
      const response = await client.post('/sign-in', { email: '', password: '' });
      assert.match(response.text, /Enter your email address/);
      assert.match(response.text, /Enter your password/);
    });

    it('throttles an account after repeated failures, even with the right password', async () => {
      const client = new TestClient(app.url);
      await client.get('/sign-in');
      for (let i = 0; i < 3; i++)
        await client.post('/sign-in', { email: 'training@demoshire.example', password: `wrong ${i}` });
      const locked = await client.post('/sign-in', {
        email: 'training@demoshire.example',
        password: 'demo-password-2026',
      });
      assert.equal(locked.status, 429);
      assert.match(locked.text, /Too many failed attempts/);
      assert.ok(Number(locked.headers.get('retry-after')) > 0);
    });

    it('signs out, ending the session', async () => {
      const client = new TestClient(app.url);
      await client.signIn('datalead@demoshire.example');
      assert.equal((await client.get('/')).status, 200);
      const out = await client.post('/sign-out');
      assert.equal(out.location, '/signed-out');
      assert.equal((await client.get('/')).status, 303);
      const actions = await app.db.kysely
        .selectFrom('audit_events')
        .select('action')
        .where('action', 'in', ['sign-in', 'sign-out'])
        .execute();
      assert.ok(actions.some((a) => a.action === 'sign-out'));
    });

    it('keeps the audit log append-only in the database itself', async () => {
      await assert.rejects(
        app.db.kysely.updateTable('audit_events').set({ summary: 'tampered' }).execute(),
        /append-only/,
      );
      await assert.rejects(app.db.kysely.deleteFrom('audit_events').execute(), /append-only/);
    });

    it('serves strict security headers with a per-request script nonce', async () => {
      const client = new TestClient(app.url);
      const first = await client.get('/sign-in');
      const second = await client.get('/sign-in');
      const csp = first.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /script-src 'self' 'nonce-[^']+'/);
      assert.doesNotMatch(csp, /unsafe-inline/);
      const nonce = (text: string) => /<script nonce="([^"]+)"/.exec(text)?.[1];
      assert.ok(nonce(first.text));
      assert.notEqual(nonce(first.text), nonce(second.text));
      assert.equal(first.headers.get('x-frame-options'), 'SAMEORIGIN');
      assert.equal(first.headers.get('x-powered-by'), null);
    });
  });
}
