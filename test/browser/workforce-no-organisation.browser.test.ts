import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';
import { expectAccessible, sharedBrowser, newContext, signInAs, visit } from '../support/browser.ts';
import { organisationWithLead, TEST_PASSWORD } from '../support/workforce-returns.ts';

describe('a data lead whose account has no organisation, in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  before(async () => {
    app = await startTestApp('sqlite');
    browser = await sharedBrowser();
    const { user } = await organisationWithLead(
      app.services,
      app.demoPartnershipId,
      'Unlinked Nursery',
      'unlinked@browser.example',
    );
    await app.db.kysely.updateTable('users').set({ organisation_id: null }).where('id', '=', user.id).execute();
  });
  after(async () => {
    await app?.close();
  });

  // With JavaScript off the pages are markup only: test/integration/workforce-views.test.ts checks them.
  for (const javaScript of [true]) {
    it(`is told to ask a partnership administrator, on accessible pages (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      await signInAs(page, app.url, 'unlinked@browser.example', TEST_PASSWORD);
      await visit(page, `${app.url}/workforce`);
      await page.getByText('Your account is not linked to an organisation').waitFor();
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Submit a return' }).click();
      await page.getByRole('heading', { level: 1, name: 'Your account is not linked to an organisation' }).waitFor();
      await page.getByText('Ask a partnership administrator to set your organisation on your account').waitFor();
      await expectAccessible(page);
      await visit(page, `${app.url}/workforce/returns`);
      await page.getByRole('heading', { level: 1, name: 'Your account is not linked to an organisation' }).waitFor();
      await expectAccessible(page);
      await context.close();
    });
  }
});
