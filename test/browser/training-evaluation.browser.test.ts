/*
 * Evaluation and charges in the browser, JavaScript on and off, axe on every page: a practitioner
 * answers the questionnaire after the course by the emailed link, without an account; a
 * coordinator waives a charge (a reason is required) and downloads the quarter's statement.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { quarterOf } from '../../src/features/training/charges-quarters.ts';
import { queueEvaluations } from '../../src/features/training/evaluation-jobs.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { expectAccessible, sharedBrowser, newContext, signInAs } from '../support/browser.ts';

for (const javaScript of [true, false]) {
  describe(`training evaluation and charges (JavaScript ${javaScript ? 'on' : 'off'})`, () => {
    let app: TestApp;
    let browser: Browser;
    before(async () => {
      app = await startTestApp('sqlite');
      browser = await sharedBrowser();
    });
    after(async () => {
      await app?.close();
    });

    it('a practitioner evaluates the course by the emailed link', async () => {
      const booking = await app.db.kysely
        .selectFrom('training_bookings as b')
        .innerJoin('training_practitioners as p', 'p.id', 'b.practitioner_id')
        .leftJoin('training_evaluations as e', (join) =>
          join.onRef('e.booking_id', '=', 'b.id').on('e.stage', '=', 'after'),
        )
        .select(['b.session_id', 'p.email'])
        .where('b.partnership_id', '=', app.demoPartnershipId)
        .where('b.status', '=', 'attended')
        .where('e.id', 'is', null)
        .orderBy('b.id')
        .executeTakeFirstOrThrow();
      await app.db.kysely
        .updateTable('training_sessions')
        .set({ starts_at: new Date(Date.now() - 3_600_000).toISOString() })
        .where('id', '=', booking.session_id)
        .execute();
      await queueEvaluations(app.db.kysely, app.config.baseUrl);
      const email = await app.db.kysely
        .selectFrom('outbox_messages')
        .select('body')
        .where('recipient', '=', booking.email)
        .where('template', '=', 'training-evaluation')
        .where('subject', 'like', 'Straight after%')
        .executeTakeFirstOrThrow();
      const link = /(http:\/\/\S+\/training\/evaluate\/[\w-]+)/.exec(email.body ?? '')?.[1];
      assert.ok(link, 'the email carries the link');

      const context = await newContext(browser, { javaScript, width: 390 });
      const page = await context.newPage();
      await page.goto(link);
      await page.getByRole('heading', { name: 'Straight after the course' }).waitFor();
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Send answers' }).click();
      await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
      await expectAccessible(page);
      await page
        .getByRole('group', { name: 'How confident do you feel in this course’s subject now?' })
        .getByLabel('4')
        .check();
      await page.getByRole('group', { name: 'How useful was the course for your work?' }).getByLabel('5: very').check();
      await page.getByLabel('What will you do differently? (optional)').fill('Use the neglect toolkit at visits');
      await page.getByRole('button', { name: 'Send answers' }).click();
      await page.getByRole('heading', { name: 'Thank you: your answers are saved' }).waitFor();
      await expectAccessible(page);
      await page.goto(link);
      await page.getByText(/This evaluation was answered on/).waitFor();
      await context.close();
    });

    it('a coordinator waives a charge and downloads the charges statement', async () => {
      const charge = await app.db.kysely
        .selectFrom('training_charges')
        .select(['id', 'incurred_on'])
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('status', '=', 'raised')
        .orderBy('incurred_on', 'desc')
        .executeTakeFirstOrThrow();
      const code = quarterOf(charge.incurred_on).code;
      // Without JavaScript at a phone's width, with it at a desktop's.
      const context = await newContext(browser, { javaScript, width: javaScript ? 1280 : 390 });
      const page = await context.newPage();
      await signInAs(page, app.url, 'training@demoshire.example', DEMO_PASSWORD);
      await page.goto(`${app.url}/training/charges/settings`);
      await page.getByRole('heading', { name: 'Charging rules' }).waitFor();
      await expectAccessible(page);
      await page.goto(`${app.url}/training/charges`);
      await page.getByLabel('Quarter (financial year)').selectOption(code);
      await page.getByRole('button', { name: 'Show quarter' }).click();
      await page.getByRole('table', { name: 'Totals by agency' }).waitFor();
      await expectAccessible(page);
      await page.locator(`a[href="/training/charges/${charge.id}"]`).click();
      await page.getByRole('button', { name: 'Waive the charge' }).waitFor();
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Waive the charge' }).click();
      await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
      await expectAccessible(page);
      await page.getByLabel('Why is the charge waived?').fill('Trainer moved the session at short notice');
      await page.getByRole('button', { name: 'Waive the charge' }).click();
      await page
        .getByText(/is waived/)
        .first()
        .waitFor();
      await expectAccessible(page);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: /^CSV/ }).click(),
      ]);
      assert.equal(download.suggestedFilename(), `training-charges-${code}.csv`);
      const csv = await readFile((await download.path()) ?? '', 'utf8');
      assert.match(csv, /Trainer moved the session at short notice/);
      const row = await app.db.kysely
        .selectFrom('training_charges')
        .select(['status', 'reason'])
        .where('id', '=', charge.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual([row.status, row.reason], ['waived', 'Trainer moved the session at short notice']);
      await context.close();
    });
  });
}
