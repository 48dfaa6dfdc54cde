/*
 * Follows every link a signed-in user can reach from the home page, as each role, and checks
 * that each kind of page loads without an error and has no axe violation. Pages that differ
 * only by an id are one kind; downloads and sign-out are not followed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { expectAccessible, launchBrowser, newContext, signInAs } from '../support/browser.ts';

const ROLES_IN_ORDER = ['admin', 'steering', 'datalead', 'viewer', 'training', 'sysadmin'];
const NOT_FOLLOWED = /\.(csv|xlsx|pdf|json)$|^\/(sign-out|api\/)|[?&]format=/;
const MAX_PAGES_PER_ROLE = 120;

/** Pages that differ only in ids or in the values of their query parameters are one kind. */
function kindOf(url: URL): string {
  const path = url.pathname.replace(/\/\d+(?=\/|$)/g, '/:id').replace(/\/[A-Za-z0-9_-]{20,}(?=\/|$)/g, '/:token');
  const keys = [...new Set(url.searchParams.keys())].sort().join('&');
  return keys ? `${path}?${keys}` : path;
}

async function sameOriginLinks(page: Page, origin: string): Promise<URL[]> {
  const hrefs = await page.$$eval('a[href]', (links) => links.map((a) => a.getAttribute('href') ?? ''));
  return hrefs
    .map((href) => new URL(href, page.url()))
    .filter((url) => url.origin === origin && !NOT_FOLLOWED.test(url.pathname + url.search));
}

describe('every page a user can reach, as every role', () => {
  let app: TestApp;
  let browser: Browser;
  const visitedKinds = new Set<string>();
  before(async () => {
    app = await startTestApp('sqlite');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  for (const who of ROLES_IN_ORDER) {
    it(`${who}: every reachable page loads and passes axe`, async (t) => {
      const context = await newContext(browser);
      const page = await context.newPage();
      await signInAs(page, app.url, `${who}@demoshire.example`, DEMO_PASSWORD);
      const origin = new URL(app.url).origin;
      const queue: URL[] = [new URL('/', app.url)];
      const problems: string[] = [];
      let visited = 0;
      while (queue.length && visited < MAX_PAGES_PER_ROLE) {
        const url = queue.shift() as URL;
        const kind = kindOf(url);
        if (visitedKinds.has(`${who} ${kind}`) || (visited > 0 && visitedKinds.has(kind))) continue;
        visitedKinds.add(kind);
        visitedKinds.add(`${who} ${kind}`);
        visited += 1;
        const response = await page.goto(url.toString());
        const status = response?.status() ?? 0;
        // A link shown to a user must lead somewhere they may go: 403 and 404 are problems too.
        if (status >= 400) {
          problems.push(`${url.pathname}${url.search} answered ${status}`);
          continue;
        }
        try {
          await expectAccessible(page);
        } catch (err) {
          problems.push((err as Error).message.split('\n').slice(0, 6).join(' '));
        }
        queue.push(...(await sameOriginLinks(page, origin)));
      }
      await context.close();
      t.diagnostic(`${who} visited ${visited} kinds of page`);
      if (who === ROLES_IN_ORDER[0]) assert.ok(visited > 20, `${who} reached only ${visited} pages`);
      assert.deepEqual(problems, []);
    });
  }
});
