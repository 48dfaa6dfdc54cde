import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { workforceJsonSchema } from '../../src/features/workforce/standard/json-schema.ts';
import { WORKER_FIELDS } from '../../src/features/workforce/standard/standard.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';

for (const engine of ENGINES) {
  describe(`workforce data standard pages on ${engine}`, () => {
    let app: TestApp;
    let viewer: TestClient;
    before(async () => {
      app = await startTestApp(engine);
      viewer = new TestClient(app.url);
      await viewer.signIn('viewer@demoshire.example');
    });
    after(async () => {
      await app?.close();
    });

    it('shows the standard to anyone signed in, with every field and its codes', async () => {
      const page = await viewer.get('/workforce/standard');
      assert.equal(page.status, 200);
      assert.match(page.text, /<h1 class="govuk-heading-l">Workforce data standard, version 1<\/h1>/);
      for (const field of WORKER_FIELDS) assert.ok(page.text.includes(`<code>${field}</code>`), field);
      assert.match(page.text, /Codes for ethnicity \(21\)/);
      assert.ok(page.text.includes('White: Gypsy or Irish Traveller'));
      assert.ok(page.text.includes('Children&#39;s social worker'), 'labels are escaped');
      assert.ok(page.text.includes('href="/workforce/templates/workforce-return.xlsx"'));
    });

    it('publishes the JSON Schema', async () => {
      const response = await viewer.get('/workforce/standard/schema.json');
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^application\/schema\+json/);
      assert.deepEqual(JSON.parse(response.text), workforceJsonSchema());
    });

    it('downloads the CSV and XLSX templates', async () => {
      const csv = await viewer.get('/workforce/templates/workforce-return.csv');
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-disposition') ?? '', /attachment; filename="workforce-return.csv"/);
      assert.ok(csv.text.replace(/^\uFEFF/, '').startsWith(`${WORKER_FIELDS.join(',')}\r\n`));
      const response = await fetch(`${app.url}/workforce/templates/workforce-return.xlsx`, { redirect: 'manual' });
      assert.equal(response.status, 303, 'not for people who are not signed in');
      assert.match(response.headers.get('location') ?? '', /sign-in/);
      const xlsx = await viewer.get('/workforce/templates/workforce-return.xlsx');
      assert.equal(xlsx.status, 200);
      assert.match(xlsx.headers.get('content-type') ?? '', /spreadsheetml/);
      assert.match(xlsx.headers.get('content-disposition') ?? '', /workforce-return\.xlsx/);
    });
  });
}
