import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { expectAccessible, newContext, signInAs, visit } from '../support/browser.ts';
import { useAppAndBrowser } from '../support/browser-variants.ts';

for (const javaScript of [true, false]) {
  describe(`personal links by email and reminder choices in a browser (JavaScript ${javaScript ? 'on' : 'off'})`, () => {
    const running = useAppAndBrowser();

    it('sends personal links from the round page, showing what is wrong first', async () => {
      const context = await newContext(running.browser, { javaScript });
      const page = await context.newPage();
      await signInAs(page, running.app.url, 'admin@demoshire.example', DEMO_PASSWORD);
      const round = await running.app.db.kysely
        .selectFrom('assessment_rounds')
        .select('id')
        .where('name', '=', 'Re-assessment 2026')
        .executeTakeFirstOrThrow();
      await visit(page, `${running.app.url}/assessment/rounds/${round.id}`);
      await page.getByRole('link', { name: 'Send personal links by email' }).click();
      await page.getByRole('heading', { name: 'Send personal links by email' }).waitFor();
      await expectAccessible(page);

      await page.getByRole('button', { name: 'Send links' }).click();
      await page.getByText('There is a problem').waitFor();
      assert.ok(await page.getByText('Select an organisation in the round’s audience').first().isVisible());
      await expectAccessible(page);

      await page.getByLabel('Organisation').selectOption({ index: 1 });
      await page.getByLabel('Frontline practitioners').check();
      await page.getByLabel('Email addresses').fill('ann@example.org\nben@example.org');
      await page.getByRole('button', { name: 'Send links' }).click();
      await page.getByText('2 personal links will be emailed.').waitFor();
      await expectAccessible(page);
      const queued = await running.app.db.kysely
        .selectFrom('outbox_messages')
        .select('recipient')
        .where('template', '=', 'assessment-link')
        .execute();
      assert.deepEqual(queued.map((m) => m.recipient).sort(), ['ann@example.org', 'ben@example.org']);
      await context.close();
    });

    it('switches a reminder off on the account page', async () => {
      const context = await newContext(running.browser, { javaScript });
      const page = await context.newPage();
      await signInAs(page, running.app.url, 'datalead@demoshire.example', DEMO_PASSWORD);
      await visit(page, `${running.app.url}/account`);
      await page.getByRole('link', { name: 'Change your email reminders' }).click();
      await page.getByRole('heading', { name: 'Choose your email reminders' }).waitFor();
      await expectAccessible(page);
      await page.getByLabel('Workforce return deadline reminders').uncheck();
      await page.getByRole('button', { name: 'Save reminder choices' }).click();
      await page.getByText('Your reminder choices are saved').waitFor();
      assert.match(
        await page.getByTestId('reminders').innerText(),
        /Self-assessment reminders\s+On\s+Workforce return deadline reminders\s+Off/,
      );
      await expectAccessible(page);
      await context.close();
    });
  });
}
