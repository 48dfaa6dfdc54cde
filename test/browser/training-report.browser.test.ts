/*
 * The training quarterly report and the closed loop in a browser, JavaScript on and off, at 1280
 * and 390 px: a coordinator opens the report from the catalogue, chooses a quarter and downloads
 * it (PDF and CSV); a steering group member reads the courses and training per theme on the
 * self-assessment results page and beside each theme's change when comparing rounds. Axe on each page.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { defaultQuarter, previousQuarter } from '../../src/features/training/report-quarter.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { expectAccessible, sharedBrowser, newContext, signInAs } from '../support/browser.ts';

async function download(page: Page, linkName: string): Promise<Buffer> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('report-downloads').getByRole('link', { name: linkName, exact: true }).click(),
  ]);
  const path = await file.path();
  assert.ok(path, `${linkName} downloaded`);
  return readFile(path);
}

/** A steering group member reads the training per theme on the results page and beside each change when comparing. */
async function closedLoop(app: TestApp, browser: Browser, javaScript: boolean) {
  const round = await app.db.kysely
    .selectFrom('assessment_rounds')
    .select('id')
    .where('name', '=', 'Re-assessment 2026')
    .executeTakeFirstOrThrow();
  const context = await newContext(browser, { javaScript });
  const page = await context.newPage();
  await signInAs(page, app.url, 'steering@demoshire.example', DEMO_PASSWORD);
  await page.goto(`${app.url}/assessment/rounds/${round.id}/results`);
  await page.getByRole('heading', { name: 'Training that addresses each theme' }).waitFor();
  const trained = page.getByTestId('training-by-theme');
  const workforceRow = trained.locator('tr[data-theme="5"]');
  assert.ok((await workforceRow.getByRole('link').count()) > 10, 'theme 5 lists the safeguarding courses');
  assert.ok(Number(await workforceRow.locator('td').nth(1).innerText()) > 0, 'sessions run since the baseline');
  await expectAccessible(page);
  await workforceRow.getByRole('link', { name: 'Working Together to Safeguard Children' }).click();
  await page.getByRole('heading', { name: 'Working Together to Safeguard Children' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Self-assessment themes\s+Shared identity/);
  await page.goto(`${app.url}/assessment/rounds/${round.id}/results`);
  await page.getByRole('link', { name: 'Compare with another round' }).click();
  await page.getByLabel('Earlier round (for example, the baseline)').selectOption({ label: 'Baseline 2025' });
  await page.getByRole('button', { name: 'Compare' }).click();
  const changes = page.getByTestId('theme-changes');
  await changes.waitFor();
  const header = await changes.locator('thead').innerText();
  assert.match(header, /People trained between the rounds/);
  assert.ok(Number(await changes.locator('tr[data-theme="5"] td').nth(3).innerText()) > 0);
  await expectAccessible(page);
  await context.close();
}

for (const javaScript of [true, false]) {
  describe(`the training report and closed loop (JavaScript ${javaScript ? 'on' : 'off'})`, () => {
    let app: TestApp;
    let browser: Browser;
    before(async () => {
      app = await startTestApp('sqlite');
      browser = await sharedBrowser();
    });
    after(async () => {
      await app?.close();
    });

    it('a coordinator chooses a quarter and downloads the report', async () => {
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      await signInAs(page, app.url, 'training@demoshire.example', DEMO_PASSWORD);
      await page.goto(`${app.url}/training`);
      await page.getByRole('link', { name: 'Quarterly report' }).click();
      await page.getByRole('heading', { name: 'Training quarterly report' }).waitFor();
      await expectAccessible(page);
      const earlier = previousQuarter(defaultQuarter());
      await page.getByLabel('Quarter (financial year, April to March)').selectOption(earlier.id);
      await page.getByRole('button', { name: 'Show quarter' }).click();
      await page.waitForURL((url) => url.searchParams.get('quarter') === earlier.id);
      assert.match(await page.locator('main').innerText(), new RegExp(earlier.label.replace(/[()]/g, '.')));
      await page.getByRole('heading', { name: 'Over- and under-subscribed courses' }).waitFor();
      assert.ok((await page.locator('table[data-table-id="by-agency"] tbody tr').count()) > 1);
      await expectAccessible(page);
      const pdf = await download(page, 'PDF');
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      const csv = (await download(page, 'CSV')).toString('utf8');
      assert.match(csv, /Quarter,Section,Table,Row,Measure,Value/);
      assert.match(
        csv,
        new RegExp(
          `${earlier.id},The quarter at a glance,Sessions, places and bookings|"Sessions, places and bookings"`,
        ),
      );
      await context.close();
    });

    it('narrow screens show the report without sideways scrolling', async () => {
      const context = await newContext(browser, { javaScript, width: 390 });
      const page = await context.newPage();
      await signInAs(page, app.url, 'viewer@demoshire.example', DEMO_PASSWORD);
      await page.goto(`${app.url}/training/report`);
      await page.getByRole('heading', { name: 'By job role', exact: true }).waitFor();
      await expectAccessible(page);
      await context.close();
    });

    it('the results page shows the courses per theme, and comparing rounds shows the training beside each change', () =>
      closedLoop(app, browser, javaScript));
  });
}
