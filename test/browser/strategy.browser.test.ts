import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { todayInLondon } from '../../src/lib/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { expectAccessible, sharedBrowser, newContext, signInAs, visit } from '../support/browser.ts';

async function fillToday(page: Page, legend: string) {
  const [year, month, day] = todayInLondon().split('-');
  const group = page.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(String(Number(day)));
  await group.getByLabel('Month').fill(String(Number(month)));
  await group.getByLabel('Year').fill(year ?? '');
}

/** Opens the workforce data section, is refused an unknown token, then previews a known one beside escaped HTML. */
async function refuseThenPreview(page: Page, count: number) {
  await page.getByRole('link', { name: 'Change Workforce data and data issues' }).click();
  await page.getByRole('heading', { name: 'Workforce data and data issues', level: 1 }).waitFor();
  await expectAccessible(page);
  const text = page.getByLabel('Text', { exact: true });
  await text.fill('Turnover is {{ workforce.turnover }}.');
  await page.getByRole('button', { name: 'Save section' }).click();
  await page.getByText('There is a problem').waitFor();
  await page
    .getByText(/unknown figure token \{\{ workforce\.turnover \}\}/)
    .first()
    .waitFor();
  await expectAccessible(page);
  await text.fill('We have **{{ plan.priorityCount }}** priorities.\n\n<script>alert(1)</script>');
  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByTestId('preview');
  await preview.getByText(`We have ${count} priorities.`).waitFor();
  await preview.getByText('<script>alert(1)</script>').waitFor();
  await expectAccessible(page);
}

describe('a strategy version approved in a browser keeps its figures frozen', () => {
  let app: TestApp;
  let browser: Browser;
  before(async () => {
    app = await startTestApp('sqlite');
    browser = await sharedBrowser();
  });
  after(async () => {
    await app?.close();
  });

  const priorityCount = async () =>
    Number(
      (
        await app.db.kysely
          .selectFrom('plan_priorities')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('partnership_id', '=', app.demoPartnershipId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const addPriority = (title: string) =>
    app.db.kysely
      .insertInto('plan_priorities')
      .values({
        partnership_id: app.demoPartnershipId,
        rank: 50,
        title,
        description: '',
        themes: '[]',
        source_assessment_priority_id: null,
        created_at: '2026-12-07T00:00:00Z',
        updated_at: '2026-12-07T00:00:00Z',
      })
      .execute();

  for (const javaScript of [true, false])
    for (const width of [1280, 390])
      it(`writes, previews, approves and publishes a version (JavaScript ${javaScript ? 'on' : 'off'}, ${width} px)`, async () => {
        const context = await newContext(browser, { javaScript, width });
        const page = await context.newPage();
        await signInAs(page, app.url, 'admin@demoshire.example', DEMO_PASSWORD);
        await visit(page, `${app.url}/plan`);
        await page.getByRole('link', { name: 'Strategies' }).click();
        await page.getByRole('heading', { name: 'Strategies', level: 1 }).waitFor();
        await expectAccessible(page);
        const title = `Browser strategy ${width} ${javaScript ? 'js' : 'no-js'}`;
        await page.getByRole('button', { name: 'Add a strategy' }).click();
        await page.getByLabel('Title').fill(title);
        await page.getByLabel('First year').fill('2026');
        await page.getByLabel('Last year').fill('2025');
        await page.getByRole('button', { name: 'Add strategy' }).click();
        await page.getByText('There is a problem').waitFor();
        await expectAccessible(page);
        await page.getByLabel('Last year').fill('2029');
        await page.getByRole('button', { name: 'Add strategy' }).click();
        await page.getByRole('heading', { name: /Version 1/, level: 1 }).waitFor();
        await expectAccessible(page);

        const before = await priorityCount();
        await refuseThenPreview(page, before);
        await page.getByRole('button', { name: 'Save section' }).click();
        await page.getByText('The section is saved').waitFor();
        assert.equal(
          await page.getByTestId('section-workforce-data').getByText(`We have ${before} priorities.`).count(),
          1,
        );

        await page.getByLabel('Approved by').selectOption({ label: 'Demoshire Children’s Trust board' });
        await fillToday(page, 'Date it was approved');
        await page.getByRole('button', { name: 'Approve and freeze the figures' }).click();
        await page.getByText(/The version is approved/).waitFor();
        await expectAccessible(page);
        const versionUrl = page.url();

        await addPriority(`Added after approval ${width} ${javaScript}`);
        await page.goto(versionUrl);
        await page.getByTestId('section-workforce-data').getByText(`We have ${before} priorities.`).waitFor();
        await page.getByRole('button', { name: 'Publish this version' }).click();
        await page.getByText(/The version is published/).waitFor();

        const visitor = await (await newContext(browser, { javaScript, width })).newPage();
        const slug = (
          await app.db.kysely
            .selectFrom('partnerships')
            .select('slug')
            .where('id', '=', app.demoPartnershipId)
            .executeTakeFirstOrThrow()
        ).slug;
        await visit(visitor, `${app.url}/p/${slug}/strategy`);
        await visitor.getByRole('heading', { name: `${title} 2026–29`, level: 1 }).waitFor();
        await visitor.getByText(`We have ${before} priorities.`).waitFor();
        await visitor.context().close();

        await page.getByRole('link', { name: 'Back' }).click();
        await page.getByRole('button', { name: 'Start a new draft from the latest version' }).click();
        await page.getByRole('heading', { name: /Version 2/, level: 1 }).waitFor();
        await page
          .getByTestId('section-workforce-data')
          .getByText(`We have ${before + 1} priorities.`)
          .waitFor();
        await expectAccessible(page);
        await page.getByRole('link', { name: 'Toolkit checklist' }).click();
        await page.getByRole('button', { name: 'Answer the checklist' }).click();
        await page
          .getByRole('group', { name: /^1\. Are workforce issues addressed/ })
          .getByLabel('Partly')
          .check();
        await page.getByLabel('Evidence for question 1', { exact: true }).fill('Section 3 of the CYPP');
        await expectAccessible(page);
        await page.getByRole('button', { name: 'Save checklist' }).click();
        await page.getByText(/The checklist is saved: 0 yes, 1 partly, 0 no, 21 not answered/).waitFor();
        await expectAccessible(page);
        await context.close();
      });
  for (const width of [1280, 390])
    it(`shows the demo strategy's pages, its public page and the promote button accessibly without JavaScript at ${width} px`, async () => {
      const context = await newContext(browser, { javaScript: false, width });
      const page = await context.newPage();
      await signInAs(page, app.url, 'admin@demoshire.example', DEMO_PASSWORD);
      await visit(page, `${app.url}/plan/strategies`);
      await page.getByRole('link', { name: 'Version 1' }).first().click();
      await page
        .getByTestId('approval')
        .getByText(/Approved by Demoshire Children’s Trust board/)
        .waitFor();
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Toolkit checklist' }).click();
      await page.getByTestId('checklist-summary').waitFor();
      await expectAccessible(page);
      await page.goto(`${app.url}/plan/strategies`);
      await page.getByRole('link', { name: 'Version 2' }).first().click();
      await page.getByRole('link', { name: 'Change Current position and analysis' }).click();
      await page.getByRole('table', { name: 'Figure tokens and their current values' }).waitFor();
      await expectAccessible(page);
      await page.goto(`${app.url}/plan/strategies`);
      await page.getByRole('link', { name: 'the partnership’s public strategy page' }).click();
      await page.getByRole('heading', { name: / 2026–29$/, level: 1 }).waitFor();
      await expectAccessible(page);
      const round = await app.db.kysely
        .selectFrom('assessment_rounds')
        .select('id')
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('status', '=', 'closed')
        .executeTakeFirstOrThrow();
      await app.db.kysely
        .insertInto('assessment_priorities')
        .values({
          partnership_id: app.demoPartnershipId,
          round_id: round.id,
          theme: 4,
          stage: width === 390 ? 2 : 3,
          note: `Shown at ${width} px`,
          created_by: null,
          created_at: '2026-12-07T00:00:00Z',
        })
        .execute();
      await visit(page, `${app.url}/assessment/rounds/${round.id}/results`);
      await page
        .getByRole('button', { name: /Add to the plan/ })
        .first()
        .waitFor();
      await context.close();
    });
});
