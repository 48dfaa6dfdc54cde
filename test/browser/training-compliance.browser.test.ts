/*
 * An organisation's training contact reads the compliance matrix (issue 14, "Done when"), with
 * JavaScript on and off, at 1280 and 390 px: their organisation's matrix by job role and its
 * lapsing list; a steering group member reads the partnership's protected matrix. Axe on each page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { expectAccessible, sharedBrowser, newContext, signInAs } from '../support/browser.ts';

for (const javaScript of [true, false]) {
  describe(`training compliance (JavaScript ${javaScript ? 'on' : 'off'})`, () => {
    let app: TestApp;
    let browser: Browser;
    before(async () => {
      app = await startTestApp('sqlite');
      browser = await sharedBrowser();
    });
    after(async () => {
      await app?.close();
    });

    for (const width of [1280, 390]) {
      it(`an organisation contact reads their organisation’s compliance at ${width} px`, async () => {
        const context = await newContext(browser, { javaScript, width });
        const page = await context.newPage();
        await signInAs(page, app.url, 'trainingcontact@demoshire.example', DEMO_PASSWORD);
        await page.goto(`${app.url}/training/compliance`);
        const contact = await app.db.kysely
          .selectFrom('users')
          .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
          .select('organisations.name')
          .where('users.email', '=', 'trainingcontact@demoshire.example')
          .executeTakeFirstOrThrow();
        await page.getByRole('heading', { level: 1, name: contact.name }).waitFor();
        const matrix = page.getByTestId('organisation-matrix');
        await matrix.getByRole('rowheader', { name: /Children's social worker/ }).waitFor();
        const rows = await matrix.locator('tbody tr').count();
        assert.equal(rows, 12, 'one row per job role with a requirement');
        assert.match(await matrix.locator('tbody tr').first().innerText(), /\d+%|No return/);
        await page.getByRole('heading', { name: /Lapsing within 90 days/ }).waitFor();
        assert.ok((await page.getByTestId('lapsing').locator('tbody tr').count()) > 0);
        await expectAccessible(page);
        await context.close();
      });
    }

    it('a steering group member reads the partnership’s matrix, small groups withheld', async () => {
      const context = await newContext(browser, { javaScript, width: 1280 });
      const page = await context.newPage();
      await signInAs(page, app.url, 'steering@demoshire.example', DEMO_PASSWORD);
      await page.goto(`${app.url}/training/compliance`);
      await page.getByRole('heading', { level: 1, name: 'Training compliance' }).waitFor();
      const matrix = page.getByTestId('compliance-matrix');
      assert.equal(await matrix.locator('tbody tr').count(), 10, 'nine organisations and the total');
      assert.doesNotMatch(await page.locator('main').innerText(), /@demoshire\.example/);
      await expectAccessible(page);
      await context.close();
    });
  });
}
