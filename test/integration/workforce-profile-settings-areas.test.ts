import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';

/** The <option> values of the select named `name` on the page. */
function optionValues(html: string, name: string): string[] {
  const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? '';
  return [...select.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1] ?? '');
}

for (const engine of ENGINES) {
  describe(`workforce profile settings: local authorities on ${engine}`, () => {
    let app: TestApp;
    let admin: TestClient;

    before(async () => {
      app = await startTestApp(engine);
      admin = new TestClient(app.url);
      await admin.signIn('admin@demoshire.example');
    });
    after(async () => {
      await app?.close();
    });

    it('offers only English upper-tier local authorities, as the partnership’s area and as neighbours', async () => {
      const page = await admin.get('/workforce/profile/settings');
      assert.equal(page.status, 200);
      for (const name of ['localAuthorityCode', 'neighbour1']) {
        const codes = optionValues(page.text, name).filter(Boolean);
        assert.ok(codes.includes('E06000019'), `${name} offers Herefordshire`);
        assert.deepEqual(
          codes.filter((code) => code.startsWith('W')),
          [],
          `${name} offers no Welsh local authority`,
        );
        assert.ok(
          codes.every((code) => /^E(06|08|09|10)\d{6}$/.test(code)),
          `${name} offers no country, region or district`,
        );
      }
      assert.doesNotMatch(page.text, /Cardiff|Wales/);
    });

    it('refuses a Welsh local authority sent to the form anyway', async () => {
      const response = await admin.post('/workforce/profile/settings', {
        localAuthorityCode: 'W06000015',
        retirementAge: '67',
        workingDaysPerYear: '253',
      });
      assert.equal(response.status, 400);
      assert.match(response.text, /Select an upper-tier local authority in England/);
    });
  });
}
