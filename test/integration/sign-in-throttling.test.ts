import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';

const PASSWORD = 'demo-password-2026';

/** One sign-in attempt by a new visitor, who says (through X-Forwarded-For) they are at `ip`. */
async function attempt(app: TestApp, email: string, password: string, ip: string): Promise<number> {
  const headers = { 'x-forwarded-for': ip };
  const page = await fetch(`${app.url}/sign-in`, { headers });
  const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const response = await fetch(`${app.url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, cookie: cookie.join('; '), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email, password }),
  });
  await response.text();
  return response.status;
}

describe('TRUST_PROXY', () => {
  it('trusts no proxy unless told, and refuses "true"', () => {
    assert.equal(loadConfig({ BASE_URL: 'https://ow.example' }).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: '1' }).trustProxy, 1);
    assert.equal(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy, 'loopback, 10.0.0.0/8');
    assert.throws(() => loadConfig({ TRUST_PROXY: 'true' }), /number of proxies/);
  });
});

for (const engine of ENGINES) {
  describe(`throttling without a trusted proxy on ${engine}`, () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp(engine, { BASE_URL: 'https://ow.example', SIGN_IN_MAX_FAILURES: '2' });
    });
    after(async () => {
      await app?.close();
    });

    it('ignores a rotating X-Forwarded-For: the address limit still applies', async () => {
      // The per-address limit is 4× SIGN_IN_MAX_FAILURES, across accounts.
      for (let i = 0; i < 8; i++)
        assert.equal(await attempt(app, `nobody${i}@example.org`, 'wrong', `203.0.113.${i + 1}`), 400);
      assert.equal(await attempt(app, 'nobody9@example.org', 'wrong', '203.0.113.99'), 429);
      const ips = await app.db.kysely.selectFrom('sign_in_attempts').select('ip').distinct().execute();
      assert.ok(!ips.some((r) => r.ip.startsWith('203.0.113.')), 'the forwarded addresses are not believed');
    });
  });

  describe(`throttling per account and address on ${engine}`, () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp(engine, { TRUST_PROXY: '1', SIGN_IN_MAX_FAILURES: '3' });
    });
    after(async () => {
      await app?.close();
    });

    it('locks a stranger’s address out of an account but not its owner, shows the lock and unlocks it, audited', async () => {
      for (let i = 0; i < 3; i++)
        assert.equal(await attempt(app, 'training@demoshire.example', `wrong ${i}`, '203.0.113.9'), 400);
      assert.equal(await attempt(app, 'training@demoshire.example', PASSWORD, '203.0.113.9'), 429);
      assert.equal(
        await attempt(app, 'training@demoshire.example', PASSWORD, '198.51.100.7'),
        303,
        'owner not kept out',
      );

      const admin = new TestClient(app.url);
      await admin.signIn('admin@demoshire.example');
      const list = await admin.get('/admin/users');
      assert.equal(list.status, 200);
      const row = list.text.split('<tr').find((r) => r.includes('training@demoshire.example')) ?? '';
      assert.match(row, /Locked until/);
      const id = (
        await app.db.kysely
          .selectFrom('users')
          .select('id')
          .where('email', '=', 'training@demoshire.example')
          .executeTakeFirstOrThrow()
      ).id;
      const page = await admin.get(`/admin/users/${id}`);
      assert.match(page.text, /Unlock sign-in/);
      const unlocked = await admin.post(`/admin/users/${id}/unlock`);
      assert.equal(unlocked.status, 303);
      assert.doesNotMatch((await admin.get(`/admin/users/${id}`)).text, /Locked until/);
      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .select(['summary', 'actor_label'])
        .where('summary', '=', 'Unlocked sign-in for training@demoshire.example')
        .executeTakeFirstOrThrow();
      assert.match(audit.actor_label, /admin@demoshire.example/);
      assert.equal(await attempt(app, 'training@demoshire.example', PASSWORD, '203.0.113.9'), 303);
    });

    it('locks an account attacked from many addresses, except from addresses its owner used before', async () => {
      assert.equal(await attempt(app, 'steering@demoshire.example', PASSWORD, '198.51.100.50'), 303);
      // 4× SIGN_IN_MAX_FAILURES failures from as many addresses, each below the per-address limit.
      for (let i = 0; i < 12; i++)
        assert.equal(await attempt(app, 'steering@demoshire.example', 'wrong', `192.0.2.${i + 1}`), 400);
      assert.equal(await attempt(app, 'steering@demoshire.example', PASSWORD, '192.0.2.200'), 429);
      assert.equal(await attempt(app, 'steering@demoshire.example', PASSWORD, '198.51.100.50'), 303);
    });

    it('refuses an unlock from someone without users:manage', async () => {
      const viewer = new TestClient(app.url);
      await viewer.signIn('viewer@demoshire.example');
      await viewer.get('/');
      const response = await viewer.post('/admin/users/1/unlock');
      assert.equal(response.status, 403);
    });
  });
}
