import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { addDays, todayInLondon } from '../../src/lib/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { leicestershireWorkbook } from '../support/leicestershire-plan.ts';
import { expectAccessible, launchBrowser, newContext, signInAs, visit } from '../support/browser.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function fillDate(page: Page, legend: string, offset: number) {
  const [year, month, day] = addDays(todayInLondon(), offset).split('-');
  const group = page.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(String(Number(day)));
  await group.getByLabel('Month').fill(String(Number(month)));
  await group.getByLabel('Year').fill(year ?? '');
}

async function addUpdate(page: Page, progress: string, narrative: string) {
  await page.getByLabel('Progress', { exact: true }).fill(progress);
  await page.getByLabel('What has happened since the last update').fill(narrative);
  await page.getByRole('button', { name: 'Add update' }).click();
  await page.getByText(/Your update is added/).waitFor();
}

for (const javaScript of [true, false]) {
  describe(`the strategy and action plan in a browser (JavaScript ${javaScript ? 'on' : 'off'})`, () => {
    let app: TestApp;
    let browser: Browser;
    before(async () => {
      app = await startTestApp('sqlite');
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await app?.close();
    });
    const signedIn = async (who: string) => {
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      await signInAs(page, app.url, `${who}@demoshire.example`, DEMO_PASSWORD);
      return { context, page };
    };

    it('adds a priority, an objective and an action, and turns the action amber then complete with updates', async () => {
      const { context, page } = await signedIn('admin');
      await visit(page, `${app.url}/plan`);
      await page.getByRole('heading', { name: 'Strategy and action plan', level: 1 }).waitFor();
      assert.equal(await page.getByTestId('priorities').getByRole('listitem').count(), 8);

      await page.getByRole('button', { name: 'Add a priority' }).click();
      await page.getByRole('button', { name: 'Save priority' }).click();
      await page.getByText('There is a problem').waitFor();
      await expectAccessible(page);
      await page.getByLabel('Priority', { exact: true }).fill('Retention of social workers');
      await page.getByLabel('What it means').fill('Keep experienced social workers in post.');
      await page.getByLabel('Rank').fill('9');
      await page.getByLabel('Capacity to deliver and keep children safe').check();
      await page.getByRole('button', { name: 'Save priority' }).click();
      await page.getByRole('heading', { name: 'Retention of social workers', level: 1 }).waitFor();
      await expectAccessible(page);

      await page.getByRole('button', { name: 'Add an objective' }).click();
      await page.getByLabel('What will be achieved').fill('Reduce social worker turnover');
      await page.getByLabel('Measure').fill('Turnover rate of children’s social workers');
      await page.getByLabel('Target').fill('Below 15%');
      await fillDate(page, 'Date it is due', 365);
      await page.getByLabel('Owner').fill('Workforce development group');
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Save objective' }).click();
      await page.getByRole('cell', { name: 'Reduce social worker turnover' }).waitFor();
      await page.getByRole('link', { name: 'Change objective 1' }).click();
      await page.getByRole('heading', { name: 'Change the objective' }).waitFor();
      await expectAccessible(page);
      await page.getByLabel('Target').fill('Below 14%');
      await page.getByRole('button', { name: 'Save objective' }).click();
      await page.getByRole('cell', { name: 'Below 14%' }).waitFor();
      await page.getByRole('link', { name: 'Change rank' }).click();
      await page.getByRole('heading', { name: 'Change the priority' }).waitFor();
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Save priority' }).click();
      await page.getByText('Changes to Retention of social workers are saved').waitFor();

      await visit(page, `${app.url}/plan/actions`);
      await page.getByRole('heading', { name: 'Action plan', level: 1 }).waitFor();
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Add an action' }).click();
      await page.getByLabel('Action', { exact: true }).fill('Run exit interviews with every leaver');
      await page.getByLabel('Priority', { exact: true }).selectOption({ label: '9. Retention of social workers' });
      await page.getByLabel('Outcomes', { exact: true }).fill('Reasons for leaving known and acted on');
      await page.getByLabel('Or their name').fill('Principal Social Worker');
      await page.getByLabel('and their organisation').fill('Demoshire County Council');
      await fillDate(page, 'Start date', -60);
      await fillDate(page, 'Due date', -61);
      await page.getByLabel('Cost (optional)').fill('-10');
      await page.getByRole('button', { name: 'Save action' }).click();
      await page.getByText('There is a problem').waitFor();
      assert.ok(
        await page.getByRole('link', { name: 'The due date must be the same as or after the start date' }).isVisible(),
      );
      assert.ok(await page.getByRole('link', { name: 'The cost cannot be negative: enter 0 or more' }).isVisible());
      await expectAccessible(page);
      await fillDate(page, 'Due date', 30);
      await page.getByLabel('Cost (optional)').fill('2,500');
      await page.getByRole('button', { name: 'Save action' }).click();
      await page.getByRole('heading', { name: 'Run exit interviews with every leaver', level: 1 }).waitFor();
      assert.equal(await page.getByTestId('rag').textContent(), 'Red');
      await expectAccessible(page);

      await page.getByRole('link', { name: 'Change the action' }).click();
      await page.getByRole('heading', { name: 'Change the action' }).waitFor();
      assert.equal(await page.getByLabel('Cost (optional)').inputValue(), '2500');
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Save action' }).click();
      await page.getByText('Changes to Run exit interviews with every leaver are saved').waitFor();
      await addUpdate(page, '45', 'Interviews started in two teams');
      assert.equal(await page.getByTestId('rag').textContent(), 'Amber');
      await addUpdate(page, '100', 'Every leaver now has an exit interview');
      assert.equal(await page.getByTestId('rag').textContent(), 'Complete');
      assert.equal(await page.getByTestId('updates').getByRole('listitem').count(), 2);
      await expectAccessible(page);

      await page.getByLabel('RAG', { exact: true }).selectOption('red');
      await page.getByRole('button', { name: 'Save RAG' }).click();
      await page.getByText('There is a problem').waitFor();
      assert.ok(await page.getByRole('link', { name: /A complete action is blue/ }).isVisible());
      await expectAccessible(page);

      await visit(page, `${app.url}/plan/actions/exceptions`);
      await page.getByRole('heading', { name: /Exceptions/, level: 1 }).waitFor();
      await expectAccessible(page);
      await context.close();
    });

    it('adds a risk, links an action to it and watches the residual score fall when the action is complete', async () => {
      const { context, page } = await signedIn('admin');
      await visit(page, `${app.url}/plan/risks`);
      await page.getByRole('heading', { name: 'Risk register', level: 1 }).waitFor();
      assert.equal(await page.getByTestId('risks').locator('tbody tr').count(), 12);
      await page.getByRole('button', { name: 'Add a risk' }).click();
      await page.getByRole('button', { name: 'Save risk' }).click();
      await page.getByText('There is a problem').waitFor();
      await expectAccessible(page);
      await page.getByLabel('Risk', { exact: true }).fill('Agency social workers fill long-term vacancies');
      await page.getByLabel('Cause', { exact: true }).fill('Shortage of experienced social workers');
      await page.getByLabel('Effect', { exact: true }).fill('Higher cost and less continuity for children');
      await page.getByLabel('Owner', { exact: true }).fill('Head of children’s social care');
      await page.getByRole('group', { name: 'Likelihood now' }).getByLabel('4 Likely').check();
      await page.getByRole('group', { name: 'Impact now' }).getByLabel('4 Major').check();
      await page.getByRole('group', { name: 'Target likelihood' }).getByLabel('2 Unlikely').check();
      await page.getByRole('group', { name: 'Target impact' }).getByLabel('2 Minor').check();
      await page.getByLabel('Contingency plan').fill('Regional agency pay cap; grow-our-own trainee scheme');
      await fillDate(page, 'Review date', 90);
      await page.getByRole('button', { name: 'Save risk' }).click();
      await page.getByRole('heading', { name: 'Agency social workers fill long-term vacancies', level: 1 }).waitFor();
      const riskUrl = page.url();
      assert.equal(await page.getByTestId('residual').textContent(), '16');
      await expectAccessible(page);

      const select = page.getByLabel('Link a plan action that mitigates this risk');
      const options = await select.locator('option').allTextContents();
      const open = options.find((text) => /\((\d|[1-9]\d)% done\)$/.test(text));
      assert.ok(open, 'an action not yet complete to link');
      await select.selectOption({ label: open });
      await page.getByRole('button', { name: 'Link action' }).click();
      await page.getByText(/The action is linked/).waitFor();
      assert.equal(await page.getByTestId('residual').textContent(), '16');
      await page.getByTestId('mitigating-actions').getByRole('link').first().click();
      await addUpdate(page, '100', 'Complete');
      await visit(page, riskUrl);
      assert.equal(await page.getByTestId('residual').textContent(), '4');
      assert.equal(await page.getByTestId('risk-history').locator('tbody tr').count(), 2);
      await page.getByRole('link', { name: 'Change the risk' }).click();
      await page.getByRole('heading', { name: 'Change the risk' }).waitFor();
      await expectAccessible(page);
      await context.close();
    });

    it('imports Leicestershire’s action plan table from an XLSX, after a review', async () => {
      const { context, page } = await signedIn('admin');
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
      assert.ok(
        await page
          .getByRole('link', { name: /Develop & implement a programme of Multi-Agency training/ })
          .first()
          .isVisible(),
      );
      await context.close();
    });

    it('reads the success indicators, records a value and signs off a quarter', async () => {
      const { context, page } = await signedIn('admin');
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
      await context.close();
    });

    it('records a contribution and a spend on a funding stream', async () => {
      const { context, page } = await signedIn('admin');
      await visit(page, `${app.url}/plan/funding`);
      await page.getByRole('heading', { name: 'Funding and the pooled budget', level: 1 }).waitFor();
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Add a funding stream' }).click();
      await page.getByRole('button', { name: 'Save stream' }).click();
      await page.getByText('There is a problem').waitFor();
      await expectAccessible(page);
      await page.getByLabel('Name', { exact: true }).fill('Social work academy grant');
      await page.getByLabel('Source', { exact: true }).fill('Department for Education');
      await page.getByLabel('Amount a year').fill('5000');
      await page.getByLabel(/it may only be spent as its conditions say/).check();
      await page.getByRole('button', { name: 'Save stream' }).click();
      await page.getByRole('heading', { name: 'Social work academy grant', level: 1 }).waitFor();
      await page.getByLabel('Contribution', { exact: true }).check();
      await page.getByLabel('Amount', { exact: true }).fill('5000');
      await fillDate(page, 'Date', -1);
      await page.getByLabel('Partner (contributions)').selectOption({ label: 'Demoshire County Council' });
      await page.getByRole('button', { name: 'Record entry' }).click();
      await page.getByText('Contribution of £5,000.00 is recorded').waitFor();
      await page.getByLabel('Spend', { exact: true }).check();
      await page.getByLabel('Amount', { exact: true }).fill('6000');
      await fillDate(page, 'Date', -1);
      await page.getByLabel('Plan action (allocations, commitments and spend)').selectOption({ index: 1 });
      await page.getByRole('button', { name: 'Record entry' }).click();
      await page.getByText('There is a problem').waitFor();
      assert.ok(await page.getByRole('link', { name: /Refused: .*ring-fenced/ }).isVisible());
      await expectAccessible(page);
      await page.getByLabel('Amount', { exact: true }).fill('1500');
      await page.getByRole('button', { name: 'Record entry' }).click();
      await page.getByText('Spend of £1,500.00 is recorded').waitFor();
      assert.equal(await page.getByTestId('balance').textContent(), '£3,500.00');
      assert.equal(await page.getByTestId('ledger').locator('tbody tr').count(), 2);
      await expectAccessible(page);
      await context.close();
    });

    it('lets an action lead add an update to their own action from “Actions you lead”', async () => {
      const { context, page } = await signedIn('datalead');
      await visit(page, `${app.url}/plan`);
      await page.getByRole('link', { name: 'Actions you lead' }).click();
      await page.getByRole('heading', { name: 'Actions you lead', level: 1 }).waitFor();
      await expectAccessible(page);
      await page.getByTestId('open-actions').getByRole('link').first().click();
      await page.getByRole('heading', { name: 'Add a progress update' }).waitFor();
      assert.equal(await page.getByRole('heading', { name: 'Set the RAG by hand' }).count(), 0);
      await addUpdate(page, '90', 'Nearly there');
      await expectAccessible(page);
      await context.close();
    });
  });
}
