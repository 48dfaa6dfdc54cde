import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expectAccessible, markScriptless } from './accessibility.ts';
import { timed } from './phase-timer.ts';

export { accessibilityProblems, expectAccessible, pageKind } from './accessibility.ts';

/** Debian's Chromium, never a downloaded browser; flags for a closed network and running as root. */
export function launchBrowser(): Promise<Browser> {
  return timed('browser start', () =>
    chromium.launch({
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
    }),
  );
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
  const response = await timed('navigation', () => page.goto(url));
  assert.ok(response, `no response for ${url}`);
  assert.ok(response.status() < 500, `${url} answered ${response.status()}`);
  await expectAccessible(page);
}

/** Signs in through the form. */
export function signInAs(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  return timed('sign-in', () => signInThroughForm(page, baseUrl, email, password));
}

async function signInThroughForm(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}
