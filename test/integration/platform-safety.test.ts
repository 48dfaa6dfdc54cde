import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/actor.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';

const sessionCount = async (app: TestApp) =>
  Number(
    (
      await app.db.kysely
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const userId = async (app: TestApp, email: string) =>
  (await app.db.kysely.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

for (const engine of ENGINES) {
  describe(`sessions, caching and tokens on ${engine}`, () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp(engine);
    });
    after(async () => {
      await app?.close();
    });

    it('writes no session row for an anonymous visit to the sign-in page, and still signs in', async () => {
      const before = await sessionCount(app);
      const client = new TestClient(app.url);
      const page = await client.get('/sign-in');
      assert.equal(page.status, 200);
      assert.equal(page.headers.getSetCookie().filter((c) => c.startsWith('ow.sid=')).length, 0);
      await client.get('/sign-in');
      assert.equal(await sessionCount(app), before, 'no session row for looking at the page');
      const signedIn = await client.post('/sign-in', {
        email: 'viewer@demoshire.example',
        password: 'demo-password-2026',
      });
      assert.equal(signedIn.status, 303);
      assert.equal(await sessionCount(app), before + 1);
    });

    it('refuses a sign-in form whose CSRF cookie was tampered with', async () => {
      const client = new TestClient(app.url);
      const page = await client.get('/sign-in');
      const cookie = page.headers.getSetCookie().find((c) => c.startsWith('ow.csrf=')) ?? '';
      const token = decodeURIComponent(cookie.split(';')[0]?.split('=')[1] ?? '').split('.')[0] ?? '';
      assert.ok(token.length > 10);
      const forged = await fetch(`${app.url}/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `ow.csrf=${token}.forged` },
        body: new URLSearchParams({ _csrf: token, email: 'viewer@demoshire.example', password: 'demo-password-2026' }),
      });
      assert.equal(forged.status, 403);
    });

    it('sends Cache-Control: no-store on signed-in pages, worker-level downloads and the API', async () => {
      const client = new TestClient(app.url);
      await client.signIn('admin@demoshire.example');
      const home = await client.get('/');
      assert.equal(home.status, 200);
      assert.equal(home.headers.get('cache-control'), 'no-store');
      assert.equal(home.headers.get('etag'), null, 'no ETag hashed for a page that is never stored');
      const current = await app.db.kysely
        .selectFrom('workforce_returns')
        .select(['organisation_id', 'census_date'])
        .where('status', '=', 'current')
        .executeTakeFirstOrThrow();
      const download = await client.get(
        `/workforce/organisations/${current.organisation_id}/returns/${current.census_date}/export.csv`,
      );
      assert.equal(download.status, 200);
      assert.equal(download.headers.get('cache-control'), 'no-store');
      const { secret } = await app.services.tokens.createFor(
        systemActor(app.demoPartnershipId),
        await userId(app, 'admin@demoshire.example'),
        'cache test',
      );
      const api = await fetch(`${app.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
      assert.equal(api.status, 200);
      assert.equal(api.headers.get('cache-control'), 'no-store');
      assert.equal(api.headers.get('etag'), null);
    });

    it('keeps a deactivated user’s API tokens dead after reactivation', async () => {
      const actor = systemActor(app.demoPartnershipId);
      const id = await userId(app, 'training@demoshire.example');
      const { secret } = await app.services.tokens.createFor(actor, id, 'before deactivation');
      const call = async (token: string) =>
        (await fetch(`${app.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status;
      assert.equal(await call(secret), 200);
      await app.services.users.deactivate(actor, id);
      assert.equal(await call(secret), 401);
      const reactivated = await app.services.users.reactivate(actor, id);
      assert.equal(reactivated.status, 'active');
      assert.equal(await call(secret), 401, 'the old token stays revoked');
      const fresh = await app.services.tokens.createFor(actor, id, 'after reactivation');
      assert.equal(await call(fresh.secret), 200);
      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .select('summary')
        .where('summary', 'like', 'Deactivated training@demoshire.example%')
        .executeTakeFirstOrThrow();
      assert.match(audit.summary, /revoked 1 API token/);
    });
  });
}
