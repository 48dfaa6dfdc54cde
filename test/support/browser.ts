import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expectAccessible, markScriptless } from './accessibility.ts';

export { accessibilityProblems, expectAccessible, pageKind } from './accessibility.ts';

const LAUNCH_OPTIONS = {
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
};

/**
 * Debian's Chromium, never a downloaded browser; flags for a closed network and running as root.
 * Under test/support/run-tests.ts every test process connects to the one Chromium the runner
 * started (TEST_BROWSER_WS) instead of starting its own; close() then closes only this
 * process's contexts. Run on its own, or if that Chromium is gone, a file starts its own.
 */
export async function launchBrowser(): Promise<Browser> {
  const shared = process.env.TEST_BROWSER_WS;
  if (shared) {
    try {
      return await chromium.connect(shared);
    } catch (err) {
      console.log(`The shared Chromium did not answer (${String(err)}); starting one for this file.`);
    }
  }
  return chromium.launch(LAUNCH_OPTIONS);
}

/** One Chromium for the whole run, which test processes reach through `wsEndpoint` (see launchBrowser). */
export async function startBrowserServer(): Promise<{ wsEndpoint: string; close(): Promise<void> }> {
  const server = await chromium.launchServer(LAUNCH_OPTIONS);
  return { wsEndpoint: server.wsEndpoint(), close: () => server.close() };
}

/** A browser context, with JavaScript on unless told, at 1280 px wide unless a width is given. */
export async function newContext(
  browser: Browser,
  options: { javaScript?: boolean; width?: number } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScript ?? true,
    viewport: { width: options.width ?? 1280, height: 800 },
  });
  if (options.javaScript === false) markScriptless(context);
  return context;
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
