import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES, startTestApp, type TestApp } from '../support/app.ts';

for (const engine of ENGINES) {
  describe(`health on ${engine}`, () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp(engine);
    });
    after(async () => {
      await app?.close();
    });

    it('reports status, engine and version', async () => {
      const response = await fetch(`${app.url}/health`);
      assert.equal(response.status, 200);
      const body = (await response.json()) as Record<string, unknown>;
      assert.equal(body.status, 'ok');
      assert.equal(body.database, engine);
      assert.match(String(body.version), /^\d+\.\d+\.\d+/);
    });
  });
}
