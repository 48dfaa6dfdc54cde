import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { systemActor } from '../../src/auth/actor.ts';
import { exportSheets } from '../../src/features/workforce/returns/returns-export.ts';
import { toXlsx } from '../../src/lib/spreadsheet.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { expectAccessible, sharedBrowser, newContext, signInAs } from '../support/browser.ts';
import { csv, organisationWithLead, TEST_PASSWORD, worker } from '../support/workforce-returns.ts';

const ids = Array.from({ length: 30 }, (_, i) => `R${String(i + 1).padStart(2, '0')}`);

/** At 1280 and 390 px: axe passes and the page does not scroll sideways. */
async function checkWidths(page: Page) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page);
    const scrollWidth = Number(await page.evaluate('document.documentElement.scrollWidth'));
    assert.ok(scrollWidth <= width, `${page.url()} is ${scrollWidth} px wide at ${width} px`);
  }
}

for (const javaScript of [true, false]) {
  describe(`reviewing a return's changes in a browser (JavaScript ${javaScript ? 'on' : 'off'})`, () => {
    let app: TestApp;
    let browser: Browser;
    let dir: string;
    before(async () => {
      app = await startTestApp('sqlite');
      browser = await sharedBrowser();
      dir = mkdtempSync(join(tmpdir(), 'ow-review-'));
      const { organisationId } = await organisationWithLead(
        app.services,
        app.demoPartnershipId,
        'Review Nursery',
        'review@browser.example',
      );
      // The current return: 30 workers and two vacancy rows.
      const path = join(dir, 'first.xlsx');
      const vacancy = (job_role: string) => ({ job_role, service: 'early_years', vacant_fte: 1, agency_cover_fte: 0 });
      writeFileSync(
        path,
        await toXlsx(
          exportSheets(
            ids.map((id) => worker(id)),
            [vacancy('early_years_practitioner'), vacancy('early_years_teacher')],
          ),
        ),
      );
      const actor = systemActor(app.demoPartnershipId, 'Browser test');
      const returns = app.services.workforceReturns;
      const staged = await returns.stageFile(actor, {
        organisationId,
        censusDate: '2030-09-30',
        path,
        fileName: 'first.xlsx',
        source: 'cli',
      });
      await returns.commit(actor, staged.id);
    });
    after(async () => {
      await app?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('lists the changed records a page at a time, keeps vacancies unless removing them is confirmed', async () => {
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      await signInAs(page, app.url, 'review@browser.example', TEST_PASSWORD);
      await page.goto(`${app.url}/workforce/submit`);
      await page.getByLabel('Day').fill('30');
      await page.getByLabel('Month').fill('9');
      await page.getByLabel('Year').fill('2030');
      // 27 of the 30 change their sickness days: more than one page of changes.
      const rows = ids.map((id, i) => worker(id, i < 27 ? { sickness_days: '5' } : {}));
      await page
        .getByLabel('Upload a file')
        .setInputFiles({ name: 'workers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv(rows)) });
      await page.getByRole('button', { name: 'Check file' }).click();
      await page.getByRole('heading', { name: 'Check your return before submitting' }).waitFor();

      const summary = await page.getByTestId('review-summary').innerText();
      assert.match(summary, /Worker records\s+30: replaced \(30 → 30\)/);
      assert.match(summary, /Vacancy records\s+2: kept from the return submitted .+ \(2 records\)/);
      const records = page.getByTestId('changed-record');
      assert.equal(await records.count(), 25);
      assert.match(await records.first().innerText(), /Worker R01[\s\S]*sickness_days\s+2\s+5/);
      await checkWidths(page);

      await page.getByRole('link', { name: 'Next' }).click();
      await page.getByRole('heading', { name: 'Changed records' }).waitFor();
      assert.equal(await records.count(), 2);
      assert.match(await records.last().innerText(), /Worker R27/);
      await checkWidths(page);

      await page.getByLabel('Remove them: there are no vacancies now').check();
      await page.getByRole('button', { name: 'Submit return' }).click();
      const error = page.locator('.govuk-error-summary');
      await error.waitFor();
      assert.match(await error.innerText(), /Confirm that the organisation has no vacancies/);
      await checkWidths(page);

      await page.getByLabel('Remove them: there are no vacancies now').check();
      await page.getByLabel(/I confirm that Review Nursery has no vacancies/).check();
      await page.getByRole('button', { name: 'Submit return' }).click();
      await page.getByRole('heading', { name: 'Return submitted' }).waitFor();
      const current = await app.db.kysely
        .selectFrom('workforce_returns')
        .select(['vacancy_count', 'worker_count'])
        .where('status', '=', 'current')
        .where('file_name', '=', 'workers.csv')
        .executeTakeFirstOrThrow();
      assert.deepEqual({ ...current }, { vacancy_count: 0, worker_count: 30 });
      await context.close();
    });
  });
}
