/*
 * The every-page crawler, one test file per width and JavaScript setting (every-page-*.browser.test.ts)
 * so that the four run side by side and start first: follows every link a signed-in user can reach
 * from the home page, as each role, and checks that each kind of page loads without an error, does
 * not scroll sideways and passes axe. Pages that differ only by an id are one kind; downloads and
 * sign-out are not followed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import type { TestApp } from '../support/app.ts';
import { accessibilityProblems, newContext, pageKind, signInAs } from '../support/browser.ts';
import { useAppAndBrowser } from '../support/browser-variants.ts';
import { timed } from '../support/phase-timer.ts';

const ROLES_IN_ORDER = [
  'admin',
  'steering',
  'datalead',
  'viewer',
  'training',
  'trainingcontact',
  'practitioner',
  'sysadmin',
];
const NOT_FOLLOWED = /\.(csv|xlsx|pdf|json)$|^\/(sign-out|api\/)|[?&]format=/;
const MAX_PAGES_PER_ROLE = 120;

async function sameOriginLinks(page: Page, origin: string): Promise<URL[]> {
  const hrefs = await page.$$eval('a[href]', (links) => links.map((a) => a.getAttribute('href') ?? ''));
  return hrefs
    .map((href) => new URL(href, page.url()))
    .filter((url) => url.origin === origin && !NOT_FOLLOWED.test(url.pathname + url.search));
}

/** Visits every kind of page `who` can reach that no earlier role visited; returns the problems. */
async function crawl(page: Page, app: TestApp, who: string, visitedKinds: Set<string>) {
  const origin = new URL(app.url).origin;
  const queue: URL[] = [new URL('/', app.url)];
  const problems: string[] = [];
  let visited = 0;
  while (queue.length && visited < MAX_PAGES_PER_ROLE) {
    const url = queue.shift() as URL;
    const kind = pageKind(url);
    if (visitedKinds.has(`${who} ${kind}`) || (visited > 0 && visitedKinds.has(kind))) continue;
    visitedKinds.add(kind);
    visitedKinds.add(`${who} ${kind}`);
    visited += 1;
    const response = await timed('navigation', () => page.goto(url.toString()));
    const status = response?.status() ?? 0;
    // A link shown to a user must lead somewhere they may go: 403 and 404 are problems too.
    if (status >= 400) {
      problems.push(`${url.pathname}${url.search} answered ${status}`);
      continue;
    }
    for (const problem of await accessibilityProblems(page)) {
      problems.push(`${kind}: ${problem}`);
      console.log(`${who} ${kind}: ${problem}`); // as found, so that a slow run shows them before it ends
    }
    queue.push(...(await timed('links', () => sameOriginLinks(page, origin))));
  }
  return { visited, problems };
}

/** The crawler's tests for one width and JavaScript setting, every role in turn. */
export function crawlEveryPage(setting: { width: number; javaScript: boolean }): void {
  const label = `${setting.width} px, JavaScript ${setting.javaScript ? 'on' : 'off'}`;
  describe(`every page a user can reach, as every role, at ${label}`, () => {
    const running = useAppAndBrowser();
    const visitedKinds = new Set<string>();
    for (const who of ROLES_IN_ORDER) {
      it(`${who} at ${label}: every reachable page loads, fits the width and passes axe`, async (t) => {
        const context = await newContext(running.browser, setting);
        const page = await context.newPage();
        await signInAs(page, running.app.url, `${who}@demoshire.example`, DEMO_PASSWORD);
        const { visited, problems } = await crawl(page, running.app, who, visitedKinds);
        await context.close();
        t.diagnostic(`${who} visited ${visited} kinds of page at ${label}`);
        if (who === ROLES_IN_ORDER[0]) assert.ok(visited > 20, `${who} reached only ${visited} pages`);
        assert.deepEqual(problems, []);
      });
    }
  });
}
