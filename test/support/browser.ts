import assert from 'node:assert/strict';
import { after } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expectAccessible, markScriptless } from './accessibility.ts';
import { TestClient } from './app.ts';
import { keepSession, keptSession } from './kept-sessions.ts';
import { addPhase, timed } from './phase-timer.ts';

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
        // V8's baseline compiler only: axe runs once per page load, so optimising compilers' work
        // on it is mostly thrown away; about 14 % less of Chromium's CPU, same findings (docs/adr/0046).
        '--js-flags=--max-opt=1',
      ],
    }),
  );
}

let shared: Promise<Browser> | undefined;

/**
 * One Chromium for the whole test file, launched when first asked for and closed after the file's
 * last test; each test opens contexts of its own, which share nothing (docs/adr/0046).
 */
export function sharedBrowser(): Promise<Browser> {
  shared ??= launchBrowser();
  return shared;
}

// Registered when the module loads, so on the file's root test: after every describe.
after(async () => {
  await (await shared)?.close();
});

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

/**
 * Signs in: a page that has not been anywhere yet gets a session signed in through the sign-in
 * form over HTTP (test/support/app.ts TestClient), once per app, user and password in a test file,
 * then opens the page the form sends the user to; a later sign-in with a fresh page reopens the
 * kept session (its cookies, then that page), and signs in again if that session has ended (signed
 * out, password changed). A page already on a page of the app signs in through the form in the
 * browser. The form itself in the browser is sign-in.browser.test.ts's (docs/adr/0046, 0049).
 */
export function signInAs(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  return timed('sign-in', async () => {
    if (page.url() !== 'about:blank') return signInThroughForm(page, baseUrl, email, password);
    const session = keptSession(baseUrl, email, password);
    if (session) {
      await page.context().addCookies(session.cookies);
      await page.goto(session.landing);
      if ((await page.locator('form[action="/sign-out"]').count()) > 0) return addPhase('sign-in: session kept', 0);
      await page.context().clearCookies();
    }
    const client = new TestClient(baseUrl);
    const landing = await client.signIn(email, password);
    await page.context().addCookies(client.cookieList().map((cookie) => ({ ...cookie, url: baseUrl })));
    await page.goto(landing);
    keepSession(baseUrl, email, password, { cookies: await page.context().cookies(baseUrl), landing: page.url() });
  });
}

async function signInThroughForm(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}
