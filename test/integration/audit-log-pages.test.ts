/*
 * The audit log a page at a time (src/features/audit/routes.ts): 50 entries to a page with GOV.UK
 * pagination through the kit's `pagination()`, latest first, each entry exactly once across the
 * pages, the filter kept in every page's link, and a page past the last showing the last.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AUDIT_PAGE_SIZE } from '../../src/features/audit/service.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { addAuditEntries } from '../support/audit-entries.ts';
import { renderedPage, type RenderedPage } from '../support/route-test.ts';

const ENTRIES = AUDIT_PAGE_SIZE * 2 + 7;
const shownEntries = (page: RenderedPage): number[] =>
  [...page.text.matchAll(/paging check entry (\d+)\b/g)].map((m) => Number(m[1]));

for (const engine of ENGINES) {
  describe(`the audit log a page at a time on ${engine}`, () => {
    let app: TestApp;
    let admin: TestClient;

    before(async () => {
      app = await startTestApp(engine);
      await addAuditEntries(app.db.kysely, app.demoPartnershipId, {
        count: ENTRIES,
        action: 'paging.check',
        summary: (n) => `paging check entry ${n}`,
      });
      admin = new TestClient(app.url);
      await admin.signIn('admin@demoshire.example');
    });
    after(async () => app?.close());

    it('shows every entry once, 50 to a page, latest first, keeping the filter in each link', async () => {
      const filtered = '/admin/audit?action=paging.check';
      const first = renderedPage(await admin.get(filtered));
      assert.equal(first.status, 200);
      assert.match(first.text, new RegExp(`Showing 1 to ${AUDIT_PAGE_SIZE} of ${ENTRIES} entries, latest first`));
      assert.ok(first.links.some((l) => l.href === '/admin/audit?action=paging.check&page=2' && /Next/.test(l.text)));
      assert.ok(first.links.some((l) => l.href === '/admin/audit?action=paging.check&page=3' && l.text === '3'));
      assert.ok(!first.links.some((l) => /Previous/.test(l.text)));

      const seen: number[] = [];
      for (let n = 1; n <= 3; n++) seen.push(...shownEntries(renderedPage(await admin.get(`${filtered}&page=${n}`))));
      assert.deepEqual(
        seen,
        Array.from({ length: ENTRIES }, (_, i) => ENTRIES - i),
      );

      const beyond = renderedPage(await admin.get(`${filtered}&page=500`));
      assert.equal(beyond.status, 200);
      assert.deepEqual(shownEntries(beyond), [7, 6, 5, 4, 3, 2, 1], 'a page past the last shows the last');
      assert.match(beyond.text, new RegExp(`Showing ${AUDIT_PAGE_SIZE * 2 + 1} to ${ENTRIES} of ${ENTRIES} entries`));
      assert.ok(beyond.links.some((l) => /Previous/.test(l.text)));
      assert.ok(!beyond.links.some((l) => /Next/.test(l.text)));
    });

    it('shows a filter that matches nothing as 0 entries, with no pagination', async () => {
      const page = renderedPage(await admin.get('/admin/audit?action=paging.check&actor=nobody-matches'));
      assert.equal(page.status, 200);
      assert.match(page.text, /0 entries/);
      assert.doesNotMatch(page.html, /govuk-pagination/);
    });
  });
}
