import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { addUpdate, fillDate } from '../support/plan-browser.ts';
import { expectAccessible, newContext, signInAs, visit } from '../support/browser.ts';
import { useAppAndBrowser } from '../support/browser-variants.ts';

for (const javaScript of [true, false]) {
  describe(`the strategy and action plan in a browser (JavaScript ${javaScript ? 'on' : 'off'})`, () => {
    const running = useAppAndBrowser();
    const signedIn = async (who: string) => {
      const context = await newContext(running.browser, { javaScript });
      const page = await context.newPage();
      await signInAs(page, running.app.url, `${who}@demoshire.example`, DEMO_PASSWORD);
      return { context, page };
    };

    it('adds a priority, an objective and an action, and turns the action amber then complete with updates', async () => {
      const { context, page } = await signedIn('admin');
      await visit(page, `${running.app.url}/plan`);
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

      await visit(page, `${running.app.url}/plan/actions`);
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

      await visit(page, `${running.app.url}/plan/actions/exceptions`);
      await page.getByRole('heading', { name: /Exceptions/, level: 1 }).waitFor();
      await expectAccessible(page);
      await context.close();
    });

    it('lets an action lead add an update to their own action from “Actions you lead”', async () => {
      const { context, page } = await signedIn('datalead');
      await visit(page, `${running.app.url}/plan`);
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
