import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { expectAccessible, sharedBrowser, newContext, signInAs, visit } from '../support/browser.ts';

for (const javaScript of [true, false]) {
  describe(`sign in and out in a browser (JavaScript ${javaScript ? 'on' : 'off'})`, () => {
    let app: TestApp;
    let browser: Browser;
    before(async () => {
      app = await startTestApp('sqlite');
      browser = await sharedBrowser();
    });
    after(async () => {
      await app?.close();
    });

    it('shows an error for a wrong password, then signs in, shows tasks and signs out', async () => {
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      await visit(page, `${app.url}/sign-in`);
      await page.getByLabel('Email address').fill('admin@demoshire.example');
      await page.getByLabel('Password', { exact: true }).fill('wrong password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('There is a problem').waitFor();
      assert.match(await page.title(), /^Error: /);
      await expectAccessible(page);

      await signInAs(page, app.url, 'admin@demoshire.example', DEMO_PASSWORD);
      await page.getByRole('heading', { name: 'Welcome, Alex Morgan' }).waitFor();
      assert.ok(await page.getByText("Demoshire Children's Trust").first().isVisible());
      await expectAccessible(page);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'You have signed out' }).waitFor();
      await expectAccessible(page);
      await page.goto(`${app.url}/`);
      assert.match(page.url(), /\/sign-in$/);
      await context.close();
    });

    it('passes axe on the public pages', async () => {
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      for (const path of ['/accessibility', '/privacy', '/licences', '/no-such-page'])
        await visit(page, `${app.url}${path}`);
      await context.close();
    });
  });
}
