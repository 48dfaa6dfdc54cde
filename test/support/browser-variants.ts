/*
 * The browser tests that run once per width and per JavaScript on or off: one describe for each,
 * with its own app (SQLite) and browser, and pages opened at that width already signed in.
 */
import { after, before, describe } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { startTestApp, type TestApp } from './app.ts';
import { newContext, sharedBrowser, signInAs } from './browser.ts';

export interface Variant {
  javaScript: boolean;
  width: number;
  /** The running app (started before the describe's tests run). */
  readonly app: TestApp;
  /** A new page at this width, signed in as a demo user; close its context at the end of the test. */
  signedIn(email: string): Promise<{ context: BrowserContext; page: Page }>;
}

/**
 * Starts the app (SQLite, the demo) before the enclosing describe's tests and closes it after
 * them, with the file's shared browser; read `app` and `browser` inside the tests.
 */
export function useAppAndBrowser(): { readonly app: TestApp; readonly browser: Browser } {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  before(async () => {
    app = await startTestApp('sqlite');
    browser = await sharedBrowser();
  });
  after(async () => {
    await app?.close();
  });
  return {
    get app() {
      if (!app) throw new Error('The app is started before the tests run');
      return app;
    },
    get browser() {
      if (!browser) throw new Error('The browser is started before the tests run');
      return browser;
    },
  };
}

export function forEachVariant(
  title: (width: number, javaScript: boolean) => string,
  widths: number[],
  tests: (variant: Variant) => void,
): void {
  for (const javaScript of [true, false]) {
    for (const width of widths) {
      describe(title(width, javaScript), () => {
        const running = useAppAndBrowser();
        const variant: Variant = {
          javaScript,
          width,
          get app() {
            return running.app;
          },
          async signedIn(email) {
            const context = await newContext(running.browser, { javaScript });
            const page = await context.newPage();
            await page.setViewportSize({ width, height: 900 });
            await signInAs(page, variant.app.url, email, DEMO_PASSWORD);
            return { context, page };
          },
        };
        tests(variant);
      });
    }
  }
}
