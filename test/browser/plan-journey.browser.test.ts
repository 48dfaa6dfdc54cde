/*
 * Issue 15's "done when" journey, in one partnership, with JavaScript on and off: the strategy
 * manager imports Leicestershire's action plan table from an XLSX made from the seed, re-plans one
 * imported action and turns it amber then blue with updates, links it to a new risk and watches
 * the residual score fall as it completes, records a contribution and a spend on it, and signs off
 * a quarter of indicators. Each page state is checked with axe. (The strategy version's approval
 * is tested with the strategy feature.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { leicestershireWorkbook } from '../support/leicestershire-plan.ts';
import { addUpdate, fillDate, XLSX } from '../support/plan-browser.ts';
import { expectAccessible, sharedBrowser, newContext, signInAs, visit } from '../support/browser.ts';

const IMPORTED =
  'Develop and implement Workforce Data standards and collection protocols/ systems across the partnership';

for (const javaScript of [true, false]) {
  describe(`the action plan's journey in a browser (JavaScript ${javaScript ? 'on' : 'off'})`, () => {
    let app: TestApp;
    let browser: Browser;
    let page: Page;
    let actionUrl = '';
    let riskUrl = '';
    before(async () => {
      app = await startTestApp('sqlite');
      browser = await sharedBrowser();
      const context = await newContext(browser, { javaScript });
      page = await context.newPage();
      await signInAs(page, app.url, 'admin@demoshire.example', DEMO_PASSWORD);
    });
    after(async () => {
      await app?.close();
    });

    it('imports Leicestershire’s action plan table from an XLSX, after a refusal and a review', async () => {
      await visit(page, `${app.url}/plan/actions`);
      await page.getByRole('button', { name: 'Import an action plan' }).click();
      await page.getByRole('heading', { name: 'Import an action plan', level: 1 }).waitFor();
      await expectAccessible(page);
      const file = { name: 'leicestershire.xlsx', mimeType: XLSX, buffer: await leicestershireWorkbook() };
      await page.getByLabel('Priority for rows that name none').selectOption({ index: 1 });
      await page.getByLabel('Action plan file').setInputFiles(file);
      await page.getByRole('button', { name: 'Check the file' }).click();
      await page.getByText('There is a problem').waitFor();
      assert.ok(await page.getByRole('link', { name: /“Tim Woodward” is not a user of this partnership/ }).isVisible());
      await expectAccessible(page);
      await page.getByLabel('Organisation of lead officers named without one').selectOption('Demoshire County Council');
      await page.getByLabel('Action plan file').setInputFiles(file);
      await page.getByRole('button', { name: 'Check the file' }).click();
      await page.getByRole('heading', { name: 'Check the actions before importing them' }).waitFor();
      assert.equal(await page.getByTestId('import-rows').locator('tbody tr').count(), 3);
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Import 3 actions' }).click();
      await page.getByText('3 actions are imported').waitFor();
      await page.getByRole('link', { name: IMPORTED }).first().click();
      await page.getByRole('heading', { name: IMPORTED, level: 1 }).waitFor();
      actionUrl = page.url();
      assert.equal(await page.getByTestId('rag').textContent(), 'Red', 'its 2010 due date has passed');
    });

    it('re-plans the imported action and turns it amber with an update', async () => {
      await page.getByRole('link', { name: 'Change the action' }).click();
      await page.getByRole('heading', { name: 'Change the action' }).waitFor();
      await fillDate(page, 'Start date', -60);
      await fillDate(page, 'Due date', 30);
      await page.getByRole('button', { name: 'Save action' }).click();
      await page.getByText(`Changes to ${IMPORTED} are saved`).waitFor();
      await addUpdate(page, '45', 'Data standard agreed by four partners');
      assert.equal(await page.getByTestId('rag').textContent(), 'Amber');
      await expectAccessible(page);
    });

    it('adds a risk, links the action to it, and watches the residual score fall when an update turns the action blue', async () => {
      await visit(page, `${app.url}/plan/risks`);
      await page.getByRole('button', { name: 'Add a risk' }).click();
      await page.getByRole('button', { name: 'Save risk' }).click();
      await page.getByText('There is a problem').waitFor();
      await expectAccessible(page);
      await page.getByLabel('Risk', { exact: true }).fill('Partners cannot supply workforce data');
      await page.getByLabel('Cause', { exact: true }).fill('No shared data standard');
      await page.getByLabel('Effect', { exact: true }).fill('Decisions made without evidence');
      await page.getByLabel('Owner', { exact: true }).fill('Workforce data lead');
      await page.getByRole('group', { name: 'Likelihood now' }).getByLabel('4 Likely').check();
      await page.getByRole('group', { name: 'Impact now' }).getByLabel('4 Major').check();
      await page.getByRole('group', { name: 'Target likelihood' }).getByLabel('2 Unlikely').check();
      await page.getByRole('group', { name: 'Target impact' }).getByLabel('2 Minor').check();
      await page.getByLabel('Contingency plan').fill('Collect headcounts by hand for the board');
      await fillDate(page, 'Review date', 90);
      await page.getByRole('button', { name: 'Save risk' }).click();
      await page.getByRole('heading', { name: 'Partners cannot supply workforce data', level: 1 }).waitFor();
      riskUrl = page.url();
      assert.equal(await page.getByTestId('residual').textContent(), '16');
      await page
        .getByLabel('Link a plan action that mitigates this risk')
        .selectOption({ label: `${IMPORTED} (45% done)` });
      await page.getByRole('button', { name: 'Link action' }).click();
      await page.getByText(/The action is linked/).waitFor();
      assert.equal(await page.getByTestId('residual').textContent(), '16', 'not yet evidenced complete');
      await expectAccessible(page);

      await visit(page, actionUrl);
      await addUpdate(page, '100', 'Every partner now sends data to the standard');
      assert.equal(await page.getByTestId('rag').textContent(), 'Complete');
      assert.equal(await page.getByTestId('updates').getByRole('listitem').count(), 2);
      await visit(page, riskUrl);
      assert.equal(await page.getByTestId('residual').textContent(), '4');
      assert.equal(await page.getByTestId('risk-history').locator('tbody tr').count(), 2);
      await expectAccessible(page);
    });

    it('records a contribution and a spend on the action, refusing an overspend of a ring-fenced stream', async () => {
      await visit(page, `${app.url}/plan/funding`);
      await page.getByRole('button', { name: 'Add a funding stream' }).click();
      await page.getByRole('button', { name: 'Save stream' }).click();
      await page.getByText('There is a problem').waitFor();
      await expectAccessible(page);
      await page.getByLabel('Name', { exact: true }).fill('Workforce data grant');
      await page.getByLabel('Source', { exact: true }).fill('Department for Education');
      await page.getByLabel('Amount a year').fill('5000');
      await page.getByLabel(/it may only be spent as its conditions say/).check();
      await page.getByRole('button', { name: 'Save stream' }).click();
      await page.getByRole('heading', { name: 'Workforce data grant', level: 1 }).waitFor();
      await page.getByLabel('Contribution', { exact: true }).check();
      await page.getByLabel('Amount', { exact: true }).fill('5000');
      await fillDate(page, 'Date', -1);
      await page.getByLabel('Partner (contributions)').selectOption({ label: 'Demoshire County Council' });
      await page.getByRole('button', { name: 'Record entry' }).click();
      await page.getByText('Contribution of £5,000.00 is recorded').waitFor();
      const spend = async (amount: string) => {
        await page.getByLabel('Spend', { exact: true }).check();
        await page.getByLabel('Amount', { exact: true }).fill(amount);
        await fillDate(page, 'Date', -1);
        await page.getByLabel('Plan action (allocations, commitments and spend)').selectOption({ label: IMPORTED });
        await page.getByRole('button', { name: 'Record entry' }).click();
      };
      await spend('6000');
      await page.getByText('There is a problem').waitFor();
      assert.ok(await page.getByRole('link', { name: /Refused: .*ring-fenced/ }).isVisible());
      await expectAccessible(page);
      await spend('1500');
      await page.getByText('Spend of £1,500.00 is recorded').waitFor();
      assert.equal(await page.getByTestId('balance').textContent(), '£3,500.00');
      assert.equal(await page.getByTestId('ledger').locator('tbody tr').count(), 2);
      assert.ok(await page.getByTestId('ledger').getByText(IMPORTED).isVisible());
      await expectAccessible(page);
    });

    it('records an indicator value and signs off a quarter, which freezes every indicator', async () => {
      await visit(page, `${app.url}/plan/indicators`);
      await page.getByRole('heading', { name: 'Success indicators', level: 1 }).waitFor();
      assert.equal(await page.getByTestId('indicators').locator('tbody tr').count(), 15);
      await page.getByRole('button', { name: 'Add an indicator' }).click();
      await page.getByRole('button', { name: 'Save indicator' }).click();
      await page.getByText('There is a problem').waitFor();
      await expectAccessible(page);
      await visit(page, `${app.url}/plan/indicators`);
      await page.getByRole('link', { name: 'Employee satisfaction' }).click();
      await page.getByRole('heading', { name: 'Employee satisfaction', level: 1 }).waitFor();
      assert.equal(await page.getByTestId('quarters').locator('tbody tr').count(), 12);
      await expectAccessible(page);
      await page.getByLabel('Value', { exact: true }).fill('76');
      await page.getByRole('button', { name: 'Save value' }).click();
      await page.getByText(/is recorded/).waitFor();
      await visit(page, `${app.url}/plan/indicators`);
      const quarter = await page.getByLabel('Quarter to sign off').locator('option').last().textContent();
      await page.getByLabel('Quarter to sign off').selectOption({ label: quarter ?? '' });
      await page.getByRole('button', { name: 'Sign off quarter' }).click();
      await page.getByText(/is signed off: 15 values are frozen/).waitFor();
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Turnover rate' }).click();
      await page.getByRole('heading', { name: 'Turnover rate', level: 1 }).waitFor();
      assert.equal(
        await page.getByTestId('quarters').locator('tbody tr').last().locator('td').last().textContent(),
        'Signed off',
      );
      await expectAccessible(page);
    });
  });
}
