import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { expectAccessible, sharedBrowser, newContext, signInAs, visit } from '../support/browser.ts';

// With JavaScript off the page is markup only: test/integration/workforce-views.test.ts checks it.
for (const javaScript of [true]) {
  describe(`the workforce data standard in a browser (JavaScript ${javaScript ? 'on' : 'off'})`, () => {
    let app: TestApp;
    let browser: Browser;
    before(async () => {
      app = await startTestApp('sqlite');
      browser = await sharedBrowser();
    });
    after(async () => {
      await app?.close();
    });

    it('reads the standard, opens a code list and downloads the template', async () => {
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      await signInAs(page, app.url, 'viewer@demoshire.example', DEMO_PASSWORD);
      await visit(page, `${app.url}/workforce/standard`);
      await page.getByRole('heading', { name: 'Workforce data standard, version 1', level: 1 }).waitFor();
      await expectAccessible(page);

      await page.getByRole('link', { name: 'Personal characteristics' }).click();
      await page.getByText('Codes for ethnicity (21)').click();
      await page.getByRole('cell', { name: /White: Roma/ }).waitFor({ state: 'visible' });
      await expectAccessible(page);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: /Excel template/ }).click(),
      ]);
      assert.equal(download.suggestedFilename(), 'workforce-return.xlsx');
      await context.close();
    });
  });
}
