/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/*
 * Issue 10 point 12: at 390 px no page scrolls sideways; a wide table scrolls inside its own
 * labelled, focusable region; chart labels wrap instead of being cut off.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { AUDIT_PAGE_SIZE } from '../../src/features/audit/service.ts';
import { addAuditEntries } from '../support/audit-entries.ts';
import { newContext, signInAs, visit } from '../support/browser.ts';
import { useAppAndBrowser } from '../support/browser-variants.ts';
import { uncertainContrast, withScriptedCopy } from './layout-checks.ts';

const NARROW = 390;

/** Page width, and each table wider than the space it has that is not in a labelled, focusable scroll region. */
async function overflow(page: Page): Promise<{ width: number; loose: string[] }> {
  return withScriptedCopy(page, (target) =>
    target.evaluate(() => {
      const loose = [...document.querySelectorAll('table')]
        .filter((table) => table.scrollWidth > (table.parentElement?.clientWidth ?? 0) + 1)
        .filter((table) => {
          const region = table.closest('[role="region"]');
          return !region || !region.getAttribute('aria-label') || region.getAttribute('tabindex') !== '0';
        })
        .map((table) => table.querySelector('caption')?.textContent?.trim() ?? table.outerHTML.slice(0, 80));
      return { width: document.documentElement.scrollWidth, loose };
    }),
  );
}

async function roundIds(page: Page, baseUrl: string): Promise<number[]> {
  await page.goto(`${baseUrl}/assessment`);
  const hrefs = await page.$$eval('a[href^="/assessment/rounds/"]', (links) =>
    links.map((a) => a.getAttribute('href')),
  );
  return [...new Set(hrefs.map((href) => /^\/assessment\/rounds\/(\d+)$/.exec(href ?? '')?.[1]).filter(Boolean))].map(
    Number,
  );
}

// One app for both settings: the tests only read (the audit entries below aside), and the second opens the first's kept session.
const running = useAppAndBrowser();

// More audit entries than a page holds, so that the audit log shows its pagination at 390 px; added once.
let auditEntries: Promise<void> | undefined;
const addLongAuditLog = () =>
  (auditEntries ??= addAuditEntries(running.app.db.kysely, running.app.demoPartnershipId, {
    count: AUDIT_PAGE_SIZE + 10,
    action: 'narrow.check',
    summary: (n) => `A long summary of a change, entry ${n}, to show how the audit log wraps at 390 px`,
  }));

for (const javaScript of [true, false]) {
  describe(`pages at ${NARROW} px (JavaScript ${javaScript ? 'on' : 'off'})`, () => {
    it('never scroll sideways; wide tables scroll in their own labelled region', async () => {
      await addLongAuditLog();
      const context = await newContext(running.browser, { javaScript });
      const page = await context.newPage();
      await page.setViewportSize({ width: NARROW, height: 800 });
      await signInAs(page, running.app.url, 'admin@demoshire.example', DEMO_PASSWORD);
      const [first, second] = await roundIds(page, running.app.url);
      assert.ok(first && second, 'the demo has two rounds');
      const organisation = await running.app.db.kysely
        .selectFrom('organisations')
        .select('id')
        .executeTakeFirstOrThrow();
      const paths = [
        '/',
        '/assessment',
        '/assessment/framework',
        `/assessment/rounds/${first}`,
        `/assessment/rounds/${first}/results`,
        `/assessment/compare?from=${first}&to=${second}`,
        '/workforce',
        '/workforce/returns',
        `/workforce/organisations/${organisation.id}/returns`,
        '/workforce/collections',
        '/workforce/standard',
        '/workforce/profile',
        '/workforce/profile/ethnicity',
        '/admin/users',
        '/admin/organisations',
        '/admin/audit',
        '/admin/audit?action=narrow.check&page=2',
      ];
      const problems: string[] = [];
      for (const path of paths) {
        await visit(page, `${running.app.url}${path}`);
        for (const found of await uncertainContrast(page)) problems.push(`${path}: contrast unknown at ${found}`);
        const { width, loose } = await overflow(page);
        if (width > NARROW) problems.push(`${path} is ${width} px wide`);
        for (const table of loose) problems.push(`${path}: table "${table}" is wider than the page`);
      }
      assert.deepEqual(problems, []);
      await context.close();
    });
  });
}
