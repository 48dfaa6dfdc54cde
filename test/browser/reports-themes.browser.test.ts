import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { demoSlug } from '../support/reports.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { expectAccessible, sharedBrowser, newContext, signInAs, visit } from '../support/browser.ts';

describe('reports, a theme page and the published progress page in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let slug: string;
  before(async () => {
    app = await startTestApp('sqlite');
    browser = await sharedBrowser();
    slug = await demoSlug(app);
  });
  after(async () => {
    await app?.close();
  });

  for (const [javaScript, width] of [
    [true, 1280],
    [false, 390],
  ] as const)
    it(`goes from the reports home to a theme, publishes the progress page and reads it signed out (JavaScript ${javaScript ? 'on' : 'off'}, ${width} px)`, async () => {
      const context = await newContext(browser, { javaScript, width });
      const page = await context.newPage();
      await signInAs(page, app.url, 'admin@demoshire.example', DEMO_PASSWORD);
      await visit(page, `${app.url}/reports`);
      await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
      assert.equal(await page.getByRole('link', { name: 'Quarterly board packs' }).count(), 1);

      await page.getByRole('link', { name: 'Integrated working practices' }).click();
      await page.getByRole('heading', { name: 'Integrated working practices', level: 1 }).waitFor();
      await page.getByRole('heading', { name: 'What changed since the last round' }).waitFor();
      await expectAccessible(page);
      await page.getByLabel('Show a success indicator on this page').selectOption({ label: 'Vacancy rate' });
      await page.getByRole('button', { name: 'Add indicator' }).click();
      await page.getByText('Vacancy rate is shown on this theme’s page').waitFor();
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Remove Vacancy rate' }).click();
      await page.getByText('Vacancy rate is no longer shown on this theme’s page').waitFor();

      await visit(page, `${app.url}/reports/publication`);
      await page.getByLabel('Yes, publish it').check();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('The progress page is published', { exact: true }).waitFor();

      const outsider = await (await newContext(browser, { javaScript, width })).newPage();
      await visit(outsider, `${app.url}/p/${slug}`);
      await outsider.getByRole('heading', { name: 'Children’s workforce strategy: progress' }).waitFor();
      assert.equal(
        await outsider.getByRole('link', { name: 'Read the strategy' }).getAttribute('href'),
        `/p/${slug}/strategy`,
      );
      assert.equal(await outsider.getByRole('link', { name: 'Sign out' }).count(), 0);
      await outsider.context().close();

      await visit(page, `${app.url}/reports/publication`);
      await page.getByLabel('No, keep it private').check();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('The progress page is withdrawn', { exact: true }).waitFor();
      await context.close();
    });

  it('shows a data lead only their own organisation pack', async () => {
    const context = await newContext(browser, { javaScript: false, width: 390 });
    const page = await context.newPage();
    await signInAs(page, app.url, 'datalead@demoshire.example', DEMO_PASSWORD);
    await visit(page, `${app.url}/reports`);
    await page.getByRole('link', { name: 'Little Acorns Nurseries Ltd' }).click();
    await page.getByRole('heading', { name: 'Profile against the partnership’s' }).waitFor();
    await expectAccessible(page);
    await context.close();
  });
});
