import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { expectAccessible, sharedBrowser, newContext, signInAs, visit } from '../support/browser.ts';
import { csv, leaver, organisationWithLead, TEST_PASSWORD, worker } from '../support/workforce-returns.ts';

async function chooseFile(page: Page, name: string, content: string) {
  await page.getByLabel('Upload a file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
}

for (const javaScript of [true, false]) {
  describe(`submitting a workforce return in a browser (JavaScript ${javaScript ? 'on' : 'off'})`, () => {
    let app: TestApp;
    let browser: Browser;
    let organisationId: number;
    before(async () => {
      app = await startTestApp('sqlite');
      browser = await sharedBrowser();
      ({ organisationId } = await organisationWithLead(
        app.services,
        app.demoPartnershipId,
        'Browser Nursery',
        'lead@browser.example',
      ));
      await organisationWithLead(app.services, app.demoPartnershipId, 'Other Nursery', 'other@browser.example');
    });
    after(async () => {
      await app?.close();
    });

    it('a data lead downloads the template, fixes a file with errors, reviews the changes and submits', async () => {
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      await signInAs(page, app.url, 'lead@browser.example', TEST_PASSWORD);

      await visit(page, `${app.url}/workforce`);
      await page.getByRole('link', { name: 'Submit a return' }).click();
      await page.getByRole('heading', { name: 'Submit a workforce return' }).waitFor();
      await expectAccessible(page);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'CSV template' }).click(),
      ]);
      assert.equal(download.suggestedFilename(), 'workforce-return.csv');
      const template = await readFile(await download.path(), 'utf8');
      assert.match(template, /worker_id,service,job_role/);

      await page.getByLabel('Day').fill('30');
      await page.getByLabel('Month').fill('9');
      await page.getByLabel('Year').fill('2030');
      await chooseFile(
        page,
        'staff.csv',
        csv([worker('P1'), worker('P2', { ethnicity: 'Brit' }), worker('P1', { fte: '2' })]),
      );
      await page.getByRole('button', { name: 'Check file' }).click();
      await page.getByRole('heading', { name: 'There are problems with your file' }).waitFor();
      const summary = page.locator('.govuk-error-summary');
      assert.match(await summary.innerText(), /Row 3, ethnicity 'Brit': use a code or label from the data standard/);
      assert.match(await summary.innerText(), /worker ID is used more than once/);
      await expectAccessible(page);
      await summary.getByRole('link').first().click();
      assert.match(page.url(), /#problem-1$/);

      await page.getByRole('button', { name: 'Upload a corrected file' }).click();
      await page.getByRole('heading', { name: 'Submit a workforce return' }).waitFor();
      assert.equal(await page.getByLabel('Year').inputValue(), '2030');
      await chooseFile(
        page,
        'staff-fixed.csv',
        csv([worker('P1'), worker('P2', { ethnicity: 'white_irish' }), leaver('P3')]),
      );
      await page.getByRole('button', { name: 'Check file' }).click();
      await page.getByRole('heading', { name: 'Check your return before submitting' }).waitFor();
      assert.match(await page.getByTestId('review-summary').innerText(), /Worker records\s+3/);
      assert.match(await page.getByTestId('changes').innerText(), /New\s+3/);
      await expectAccessible(page);

      await page.getByRole('button', { name: 'Submit return' }).click();
      await page.getByRole('heading', { name: 'Return submitted' }).waitFor();
      assert.match(await page.locator('.govuk-panel').innerText(), /3 records for Browser Nursery/);
      await expectAccessible(page);

      await page.getByRole('link', { name: 'See your organisation’s return history' }).click();
      await page.getByRole('heading', { name: 'Return history' }).waitFor();
      assert.match(await page.getByTestId('history').innerText(), /staff-fixed\.csv/);
      await expectAccessible(page);

      await visit(page, `${app.url}/workforce/returns`);
      assert.match(await page.getByTestId('completeness').innerText(), /Browser Nursery\s+Submitted/);
      await context.close();
    });

    it('another organisation’s data lead cannot open the first one’s return', async () => {
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      await signInAs(page, app.url, 'other@browser.example', TEST_PASSWORD);
      const upload = await app.db.kysely
        .selectFrom('return_uploads')
        .select('id')
        .where('organisation_id', '=', organisationId)
        .executeTakeFirstOrThrow();
      for (const path of [`/workforce/uploads/${upload.id}`, `/workforce/organisations/${organisationId}/returns`]) {
        const response = await page.goto(`${app.url}${path}`);
        assert.equal(response?.status(), 404, path);
      }
      await visit(page, `${app.url}/workforce/returns`);
      assert.doesNotMatch(await page.locator('main').innerText(), /Browser Nursery/);
      await context.close();
    });

    it('an administrator sees every organisation’s completeness and sets the deadline', async () => {
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      await signInAs(page, app.url, 'admin@demoshire.example', DEMO_PASSWORD);
      await visit(page, `${app.url}/workforce/returns`);
      const deadline = page.getByRole('group', { name: 'Deadline' });
      const census = page.getByRole('group', { name: 'Census date' });
      await census.getByLabel('Day').fill('30');
      await census.getByLabel('Month').fill('9');
      await census.getByLabel('Year').fill('2030');
      await deadline.getByLabel('Day').fill('31');
      await deadline.getByLabel('Month').fill('10');
      await deadline.getByLabel('Year').fill('2030');
      await page.getByRole('button', { name: 'Save deadline' }).click();
      await page.getByText('are due by 31 October 2030').first().waitFor();
      assert.match(await page.getByTestId('completeness').innerText(), /Browser Nursery\s+Submitted/);
      await expectAccessible(page);
      await context.close();
    });
  });
}
