/*
 * What every request pays for its session (docs/adr/0042): the session and its user read in one
 * statement, its expiry written at most once a minute, and the success message of a
 * post/redirect/get carried in an encrypted cookie, so that neither the post nor the page after
 * it writes the session row. Security holds: an expired session or a deactivated account is
 * signed out, and a flash cookie that was altered shows nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';

const SETTINGS = '/training/registration-settings';
const SWITCH = `${SETTINGS}/public-catalogue`;

const flashCookie = (headers: Headers) => headers.getSetCookie().find((c) => c.startsWith('ow.flash='));

for (const engine of ENGINES) {
  describe(`the session's cost per request on ${engine}`, () => {
    let app: TestApp;
    let coordinator: TestClient;
    let coordinatorId: number;
    const sessionRows = (userId: number) =>
      app.db.kysely
        .selectFrom('sessions')
        .select(['sid', 'data', 'expires_at'])
        .where('user_id', '=', userId)
        .orderBy('sid')
        .execute();
    const userId = async (email: string) =>
      (await app.db.kysely.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

    before(async () => {
      app = await startTestApp(engine);
      coordinator = new TestClient(app.url);
      await coordinator.signIn('training@demoshire.example');
      coordinatorId = await userId('training@demoshire.example');
    });
    after(async () => {
      await app?.close();
    });

    it('carries the success message across the redirect in an encrypted cookie, writing no session', async () => {
      await coordinator.get(SETTINGS);
      const stored = await sessionRows(coordinatorId);
      assert.equal(stored.length, 1);
      const response = await coordinator.post(SWITCH, { public: 'on' });
      assert.equal(response.status, 303);
      const cookie = flashCookie(response.headers);
      assert.ok(cookie, 'the message is set in a cookie');
      assert.match(cookie, /HttpOnly/i);
      assert.match(cookie, /SameSite=Lax/i);
      assert.match(cookie, /Max-Age=300/i);
      assert.equal(/catalogue/.test(decodeURIComponent(cookie)), false, 'the message cannot be read on the way');
      assert.deepEqual(await sessionRows(coordinatorId), stored, 'the post wrote no session');

      const page = await coordinator.get(response.location ?? '');
      assert.equal(page.status, 200);
      assert.match(page.text, /govuk-notification-banner--success/);
      assert.match(page.text, /The public catalogue is on/);
      const cleared = flashCookie(page.headers);
      assert.ok(cleared && /Expires=Thu, 01 Jan 1970/i.test(cleared), 'the page that shows it clears it');
      assert.deepEqual(await sessionRows(coordinatorId), stored, 'nor did the page that showed it');

      const again = await coordinator.get(response.location ?? '');
      assert.equal(again.status, 200);
      assert.equal(again.text.includes('The public catalogue is on'), false, 'it shows once');
    });

    it('shows nothing from a flash cookie that was altered, and clears it', async () => {
      await coordinator.get(SETTINGS);
      const response = await coordinator.post(SWITCH, { public: 'off' });
      const sealed = flashCookie(response.headers)?.split(';')[0]?.slice('ow.flash='.length) ?? '';
      const [iv, body, tag] = sealed.split('.');
      assert.ok(iv && body && tag, 'three parts: iv, message, tag');
      const signInPage = (value: string) => fetch(`${app.url}/sign-in`, { headers: { cookie: `ow.flash=${value}` } });

      const genuine = await signInPage(sealed);
      assert.equal(genuine.status, 200);
      assert.match(await genuine.text(), /The public catalogue is off/);

      const flipped = `${body.startsWith('A') ? 'B' : 'A'}${body.slice(1)}`;
      // The last is not valid percent-encoding: it must not become a server error.
      for (const forged of [
        `${iv}.${flipped}.${tag}`,
        `${iv}.${body}`,
        'not-a-message',
        `${iv}.${body}.${iv}`,
        '%E0%A4%A',
      ]) {
        const page = await signInPage(forged);
        assert.equal(page.status, 200, forged);
        assert.equal((await page.text()).includes('govuk-notification-banner--success'), false, forged);
        assert.ok(/Expires=Thu, 01 Jan 1970/i.test(flashCookie(page.headers) ?? ''), 'cleared');
      }
    });

    it('extends the expiry at most once a minute, and signs out an expired session', async () => {
      const [stored] = await sessionRows(coordinatorId);
      assert.ok(stored);
      const page = await coordinator.get('/training');
      assert.equal(page.status, 200);
      assert.deepEqual(await sessionRows(coordinatorId), [stored], 'a page view within the minute writes nothing');
      assert.equal(
        page.headers.getSetCookie().filter((c) => c.startsWith('ow.sid=')).length,
        0,
        'nor sends the cookie',
      );

      const older = new Date(Date.now() + 60 * 60_000).toISOString();
      await app.db.kysely.updateTable('sessions').set({ expires_at: older }).where('sid', '=', stored.sid).execute();
      assert.equal((await coordinator.get('/training')).status, 200);
      const [extended] = await sessionRows(coordinatorId);
      assert.ok(extended && extended.expires_at > older, 'an expiry over a minute old is extended');
      assert.ok(Date.parse(extended.expires_at) > Date.now() + (app.config.sessionMaxAgeMinutes - 1) * 60_000);
      assert.equal(extended.data, stored.data, 'only the expiry is written');

      const past = new Date(Date.now() - 1000).toISOString();
      await app.db.kysely.updateTable('sessions').set({ expires_at: past }).where('sid', '=', stored.sid).execute();
      const expired = await coordinator.get('/training');
      assert.equal(expired.status, 303);
      assert.equal(expired.location, '/sign-in');
    });

    it('gives a cookie that ends with the browser, the idle limit kept by the server', async () => {
      const client = new TestClient(app.url);
      await client.get('/sign-in');
      const signedIn = await client.post('/sign-in', {
        email: 'steering@demoshire.example',
        password: 'demo-password-2026',
      });
      assert.equal(signedIn.status, 303);
      const cookie = signedIn.headers.getSetCookie().find((c) => c.startsWith('ow.sid='));
      assert.ok(cookie, 'a new session cookie on sign-in');
      assert.match(cookie, /HttpOnly/i);
      assert.equal(/Expires=|Max-Age=/i.test(cookie), false, cookie);
      const [row] = await sessionRows(await userId('steering@demoshire.example'));
      const limit = Date.now() + app.config.sessionMaxAgeMinutes * 60_000;
      assert.ok(row && Math.abs(Date.parse(row.expires_at) - limit) < 60_000, row?.expires_at);
    });

    it('signs out a deactivated account on its next request, the user read with the session', async () => {
      const viewer = new TestClient(app.url);
      await viewer.signIn('viewer@demoshire.example');
      const id = await userId('viewer@demoshire.example');
      assert.equal((await viewer.get('/')).status, 200);
      assert.match((await viewer.get('/')).text, /Sign out/);
      await app.db.kysely.updateTable('users').set({ status: 'deactivated' }).where('id', '=', id).execute();
      try {
        const after = await viewer.get('/reports');
        assert.equal(after.status, 303);
        assert.equal(after.location, '/sign-in');
      } finally {
        await app.db.kysely.updateTable('users').set({ status: 'active' }).where('id', '=', id).execute();
      }
    });
  });
}
