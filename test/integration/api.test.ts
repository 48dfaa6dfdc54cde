import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { can, ROLE_CODES } from '../../src/auth/roles.ts';
import { apiOperations } from '../../src/api/operations.ts';
import { ENGINES, startTestApp, type TestApp } from '../support/app.ts';
import { tokenFor } from '../support/plan-api.ts';

for (const engine of ENGINES) {
  describe(`the JSON API on ${engine}`, () => {
    let app: TestApp;
    const tokens = new Map<string, string>();
    before(async () => {
      app = await startTestApp(engine);
      for (const role of ROLE_CODES) tokens.set(role, await tokenFor(app, role));
    });
    after(async () => {
      await app?.close();
    });

    it('serves an OpenAPI 3.1 document describing every operation', async () => {
      const response = await fetch(`${app.url}/api/v1/openapi.json`);
      assert.equal(response.status, 200);
      const doc = (await response.json()) as {
        openapi: string;
        paths: Record<string, Record<string, { operationId: string }>>;
      };
      assert.equal(doc.openapi, '3.1.0');
      const ids = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
      assert.deepEqual(
        ids.sort(),
        apiOperations(app.services)
          .map((o) => o.operationId)
          .sort(),
      );
      assert.ok(doc.paths['/me']?.get);
    });

    it('refuses missing, malformed and unknown tokens with 401 JSON', async () => {
      for (const header of [undefined, 'Bearer', 'Basic abc', 'Bearer ow_unknown']) {
        const response = await fetch(`${app.url}/api/v1/me`, { headers: header ? { authorization: header } : {} });
        assert.equal(response.status, 401, String(header));
        assert.equal(((await response.json()) as { error: string }).error, 'Unauthorised');
      }
    });

    it('acts with the token user’s identity and capabilities on every GET operation', async () => {
      const me = await fetch(`${app.url}/api/v1/me`, {
        headers: { authorization: `Bearer ${tokens.get('data_lead')}` },
      });
      const body = (await me.json()) as { role: string; partnershipId: number; organisationId: number | null };
      assert.equal(body.role, 'data_lead');
      assert.equal(body.partnershipId, app.demoPartnershipId);
      assert.ok(body.organisationId);
      for (const op of apiOperations(app.services).filter((o) => o.method === 'get' && !o.path.includes(':'))) {
        for (const role of ROLE_CODES) {
          const response = await fetch(`${app.url}/api/v1${op.path}`, {
            headers: { authorization: `Bearer ${tokens.get(role)}` },
          });
          const allowed = [op.capability].flat().some((c) => can(role, c));
          assert.equal(response.status, allowed ? 200 : 403, `${role} ${op.path} → ${response.status}`);
        }
      }
    });

    it('answers unknown API paths with JSON 404', async () => {
      const response = await fetch(`${app.url}/api/v1/nothing-here`);
      assert.equal(response.status, 404);
      assert.match(response.headers.get('content-type') ?? '', /json/);
    });
  });
}
