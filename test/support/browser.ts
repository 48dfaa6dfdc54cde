import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium, never a downloaded browser; flags for a closed network and running as root. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

const scriptless = new WeakSet<BrowserContext>();

export async function newContext(browser: Browser, options: { javaScript?: boolean } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScript ?? true });
  if (options.javaScript === false) scriptless.add(context);
  return context;
}

/**
 * axe runs as a script, which a page with JavaScript disabled will not run: check that page's
 * markup, as served without JavaScript, in a scripted page on the same origin instead.
 */
async function pageForAxe(page: Page): Promise<{ target: Page; done: () => Promise<void> }> {
  if (!scriptless.has(page.context())) return { target: page, done: async () => {} };
  const html = await page.content();
  const browser = page.context().browser();
  if (!browser) throw new Error('no browser');
  const context = await browser.newContext();
  const target = await context.newPage();
  await target.goto(new URL('/health', page.url()).toString());
  await target.setContent(html.replace(/<script[\s\S]*?<\/script>/g, ''));
  return { target, done: () => context.close() };
}

/** Runs axe (WCAG 2.0–2.2 A and AA rules) on the page and fails on any violation. */
export async function expectAccessible(page: Page): Promise<void> {
  const { target, done } = await pageForAxe(page);
  const results = await new AxeBuilder({ page: target })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze()
    .finally(done);
  const violations = results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')}`,
  );
  assert.deepEqual(violations, [], `axe found violations on ${page.url()}`);
}

/** Goes to a page, checks it loaded without a server error, and runs axe on it. */
export async function visit(page: Page, url: string): Promise<void> {
  const response = await page.goto(url);
  assert.ok(response, `no response for ${url}`);
  assert.ok(response.status() < 500, `${url} answered ${response.status()}`);
  await expectAccessible(page);
}

/** Signs in through the form. */
export async function signInAs(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}
