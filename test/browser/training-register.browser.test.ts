/*
 * The on-the-day register on a tablet (820 px), JavaScript on and off: a coordinator corrects a
 * past session's register; anyone checks a certificate by typing its code; axe on each page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { expectAccessible, sharedBrowser, newContext, signInAs } from '../support/browser.ts';

for (const javaScript of [true, false]) {
  describe(`the training register on a tablet (JavaScript ${javaScript ? 'on' : 'off'})`, () => {
    let app: TestApp;
    let browser: Browser;
    before(async () => {
      app = await startTestApp('sqlite');
      browser = await sharedBrowser();
    });
    after(async () => {
      await app?.close();
    });

    it('corrects a past session’s register', async () => {
      const context = await newContext(browser, { javaScript, width: 820 });
      const page = await context.newPage();
      await signInAs(page, app.url, 'training@demoshire.example', DEMO_PASSWORD);
      await page.goto(`${app.url}/training?q=neglect`);
      await page.getByRole('link', { name: 'Recognising and responding to neglect' }).click();
      await page.getByRole('table').getByRole('link').first().click();
      await page.getByRole('link', { name: 'Register', exact: true }).click();
      await page.getByRole('heading', { name: 'Register', exact: true }).waitFor();
      await expectAccessible(page);
      const first = page.locator('.govuk-radios').first();
      const attended = first.getByLabel('Attended', { exact: true });
      const wasAttended = await attended.isChecked();
      await (wasAttended ? first.getByLabel('Did not attend') : attended).check();
      await page.getByRole('button', { name: 'Save register' }).click();
      await page.getByText('The register is saved (1 changed)').waitFor();
      await expectAccessible(page);
      await page.getByLabel('Practitioner’s email address').fill('nobody@demoshire.example');
      await page.getByRole('button', { name: 'Add walk-in' }).click();
      await page.getByText('No practitioner has this email address').first().waitFor();
      await expectAccessible(page);
      await context.close();
    });

    it('checks a certificate by its code, without an account', async () => {
      const { code } = await app.db.kysely
        .selectFrom('training_certificates')
        .select('code')
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('revoked_at', 'is', null)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const context = await newContext(browser, { javaScript, width: 820 });
      const page = await context.newPage();
      await page.goto(`${app.url}/training/certificates`);
      await expectAccessible(page);
      await page.getByLabel('Certificate code').fill(code.toLowerCase());
      await page.getByRole('button', { name: 'Check certificate' }).click();
      await page.getByRole('heading', { name: 'This certificate is genuine' }).waitFor();
      assert.match(await page.locator('main').innerText(), new RegExp(code));
      await expectAccessible(page);
      await page.goto(`${app.url}/training/certificates/OW-0000-0000-0000`);
      await page.getByRole('heading', { name: 'No certificate has this code' }).waitFor();
      await expectAccessible(page);
      await context.close();
    });
  });
}
