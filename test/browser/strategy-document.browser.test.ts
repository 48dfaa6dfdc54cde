import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { expectAccessible, sharedBrowser, newContext, signInAs, visit } from '../support/browser.ts';
import { demoSlug } from '../support/reports.ts';

/** Clicks a download link and returns the file's first bytes and its suggested name. */
async function download(page: Page, name: RegExp): Promise<{ head: string; file: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).first().click()]);
  const bytes = await readFile(await file.path());
  return { head: bytes.subarray(0, 5).toString('latin1'), file: file.suggestedFilename() };
}

/** The document's title page, contents and appendices are on the page, and it passes the checks. */
async function checkDocument(page: Page) {
  await page.getByRole('heading', { name: 'Children’s Workforce Strategy 2026–29', level: 1 }).waitFor();
  await page.getByRole('heading', { name: 'Contents', level: 2 }).waitFor();
  for (const appendix of ['A: the action plan', 'B: the risk register', 'C: success indicators', 'E: glossary'])
    await page.getByRole('heading', { name: `Appendix ${appendix}`, level: 2 }).waitFor();
  await page.getByRole('table', { name: 'Risks by residual likelihood and impact' }).waitFor();
  await expectAccessible(page);
}

describe('the strategy document in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let version = 0;
  before(async () => {
    app = await startTestApp('sqlite');
    browser = await sharedBrowser();
    const row = await app.db.kysely
      .selectFrom('strategy_versions')
      .select('id')
      .where('partnership_id', '=', app.demoPartnershipId)
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow();
    version = row.id;
  });
  after(async () => {
    await app?.close();
  });

  for (const { javaScript, width } of [
    { javaScript: true, width: 1280 },
    { javaScript: false, width: 390 },
  ])
    it(`opens and downloads the document from the version page with JavaScript ${javaScript ? 'on' : 'off'} at ${width} px`, async () => {
      const context = await newContext(browser, { javaScript, width });
      const page = await context.newPage();
      await signInAs(page, app.url, 'admin@demoshire.example', DEMO_PASSWORD);
      await visit(page, `${app.url}/plan/versions/${version}`);
      await page.getByRole('link', { name: 'Read the strategy document' }).click();
      await checkDocument(page);
      const docx = await download(page, /as a Word document/);
      assert.equal(docx.head.slice(0, 2), 'PK', 'a DOCX is a zip');
      assert.equal(docx.file, 'children-s-workforce-strategy-2026-29-v1.docx');
      const pdf = await download(page, /as a PDF/);
      assert.equal(pdf.head, '%PDF-');
      assert.equal(pdf.file, 'children-s-workforce-strategy-2026-29-v1.pdf');
      await visit(page, `${app.url}/reports`);
      await page.getByRole('link', { name: 'The strategy document' }).click();
      await page.getByRole('heading', { name: 'Appendix D: governance', level: 2 }).waitFor();
      await context.close();
    });

  for (const { javaScript, width } of [
    { javaScript: false, width: 1280 },
    { javaScript: true, width: 390 },
  ])
    it(`shows the public document without an account with JavaScript ${javaScript ? 'on' : 'off'} at ${width} px`, async () => {
      const context = await newContext(browser, { javaScript, width });
      const page = await context.newPage();
      await visit(page, `${app.url}/p/${await demoSlug(app)}/strategy`);
      await page.getByRole('link', { name: 'Read the full strategy document' }).click();
      await checkDocument(page);
      await page.getByRole('columnheader', { name: 'Lead organisation' }).first().waitFor();
      const pdf = await download(page, /as a PDF/);
      assert.equal(pdf.head, '%PDF-');
      await context.close();
    });
});
