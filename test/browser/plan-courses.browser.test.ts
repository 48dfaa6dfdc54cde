/*
 * Plan actions ↔ training courses and an indicator live from training (docs/adr/0035) in a
 * browser, JavaScript on and off, checked by axe at 1280 px and for sideways scroll at 390 px.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { expectAccessible, newContext, signInAs, visit } from '../support/browser.ts';
import { useAppAndBrowser } from '../support/browser-variants.ts';

const noSidewaysScroll = async (page: Page) =>
  assert.equal(
    await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
    true,
    `no sideways scroll on ${page.url()}`,
  );

for (const javaScript of [true, false]) {
  describe(`plan actions and training courses in a browser (JavaScript ${javaScript ? 'on' : 'off'})`, () => {
    const running = useAppAndBrowser();

    it('links a course on the action’s form and follows the links both ways', async () => {
      const action = await running.app.db.kysely
        .selectFrom('plan_actions')
        .select(['id', 'title'])
        .where('partnership_id', '=', running.app.demoPartnershipId)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      const course = await running.app.db.kysely
        .selectFrom('training_courses')
        .select(['id', 'title'])
        .where('partnership_id', '=', running.app.demoPartnershipId)
        .where('status', '=', 'active')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      for (const width of [1280, 390]) {
        const context = await newContext(running.browser, { javaScript, width });
        const page = await context.newPage();
        await signInAs(page, running.app.url, 'admin@demoshire.example', DEMO_PASSWORD);
        await visit(page, `${running.app.url}/plan/actions/${action.id}/edit`);
        await noSidewaysScroll(page);
        const box = page
          .getByRole('group', { name: /Training courses this action commissions/ })
          .getByLabel(course.title);
        if (!(await box.isChecked())) await box.check();
        await page.getByRole('button', { name: 'Save action' }).click();
        await page.getByRole('heading', { name: action.title, level: 1 }).waitFor();
        await expectAccessible(page);
        await noSidewaysScroll(page);
        await page.getByTestId('action-courses').getByRole('link', { name: course.title }).click();
        await page.getByRole('heading', { name: course.title, level: 1 }).waitFor();
        await expectAccessible(page);
        await noSidewaysScroll(page);
        await page.getByTestId('course-plan-actions').getByRole('link', { name: action.title }).click();
        await page.getByRole('heading', { name: action.title, level: 1 }).waitFor();
        await context.close();
      }
    });

    it('names a training source on the indicator page and offers it on the form', async () => {
      const indicator = await running.app.db.kysely
        .selectFrom('plan_indicators')
        .select(['id', 'name'])
        .where('partnership_id', '=', running.app.demoPartnershipId)
        .where('source', '=', 'training.compliance')
        .executeTakeFirstOrThrow();
      const context = await newContext(running.browser, { javaScript, width: 390 });
      const page = await context.newPage();
      await signInAs(page, running.app.url, 'admin@demoshire.example', DEMO_PASSWORD);
      await visit(page, `${running.app.url}/plan/indicators/${indicator.id}`);
      await page.getByText('Live from training: compliance', { exact: true }).waitFor();
      await visit(page, `${running.app.url}/plan/indicators/new`);
      await page.getByLabel('Live from training: people trained').check();
      await noSidewaysScroll(page);
      await context.close();
    });
  });
}
