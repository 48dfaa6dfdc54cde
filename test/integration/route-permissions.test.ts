import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { can, ROLE_CODES } from '../../src/auth/roles.ts';
import { DEMO_USERS } from '../../src/features/demo/demo.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { createApp } from '../../src/web/app.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { declaredRoutes, type DeclaredRoute } from '../support/routes.ts';

/** Fills route parameters with real ids from the demo partnership. */
async function concretePath(app: TestApp, route: DeclaredRoute): Promise<string> {
  const kysely = app.db.kysely;
  const org = await kysely
    .selectFrom('organisations')
    .select('id')
    .where('partnership_id', '=', app.demoPartnershipId)
    .executeTakeFirstOrThrow();
  const user = await kysely
    .selectFrom('users')
    .select('id')
    .where('partnership_id', '=', app.demoPartnershipId)
    .where('email', '=', 'viewer@demoshire.example')
    .executeTakeFirstOrThrow();
  return route.path.replace(/:(\w+)/g, (_m, name: string) => {
    if (/org/i.test(name) || route.path.includes('/organisations/')) return String(org.id);
    if (route.path.includes('/users/')) return String(user.id);
    if (route.path.includes('/partnerships/')) return String(app.demoPartnershipId);
    return '1';
  });
}

for (const engine of ENGINES) {
  describe(`every route as every role on ${engine}`, () => {
    let app: TestApp;
    let routes: DeclaredRoute[];
    before(async () => {
      app = await startTestApp(engine);
      routes = declaredRoutes(
        createApp({ config: app.config, db: app.db, services: app.services, logger: createLogger('silent') }),
      );
    });
    after(async () => {
      await app?.close();
    });

    it('finds the routes to check', () => {
      assert.ok(routes.length >= 10, `only ${routes.length} routes declare a capability`);
      assert.ok(routes.some((r) => r.path === '/admin/audit'));
    });

    for (const role of ROLE_CODES) {
      it(`allows and denies exactly by capability for a ${role}`, async () => {
        const email = DEMO_USERS.find((u) => u.role === role)?.email;
        assert.ok(email);
        const client = new TestClient(app.url);
        await client.signIn(email);
        const wrong: string[] = [];
        for (const route of routes) {
          const path = await concretePath(app, route);
          // Denied posts must be refused before they change anything; allowed posts are not sent
          // here (their effects are tested in each feature's tests).
          if (route.method !== 'GET' && can(role, route.capability)) continue;
          if (route.method !== 'GET') await client.get('/');
          const response = route.method === 'GET' ? await client.get(path) : await client.post(path, {});
          const allowed = can(role, route.capability);
          // Allowed routes never fail on the server (ids here may not exist: 404 is allowed); denied ones 403.
          const denied = response.status === 403;
          if (allowed === denied || (allowed && response.status >= 500))
            wrong.push(
              `${route.method} ${path} (${route.capability}) → ${response.status}, expected ${allowed ? 'allowed' : '403'}`,
            );
        }
        assert.deepEqual(wrong, []);
      });
    }

    it('sends every signed-in route to sign in when nobody is signed in', async () => {
      const client = new TestClient(app.url);
      for (const route of routes.filter((r) => r.method === 'GET')) {
        const response = await client.get(await concretePath(app, route));
        assert.equal(response.status, 303, `${route.path}`);
        assert.equal(response.location, '/sign-in');
      }
    });
  });
}
