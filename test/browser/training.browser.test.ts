/*
 * Training in a browser, JavaScript on and off, axe on every page kind and state: a coordinator
 * adds a course and a session (with a form error first); a practitioner books it; their line
 * manager approves by the emailed link with no account; the practitioner sees it booked and
 * cancels; the coordinator cancels the session.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { expectAccessible, sharedBrowser, newContext, signInAs } from '../support/browser.ts';
import { outboxFor } from '../support/training.ts';

async function fillSession(page: Page, start: Date) {
  const [year, month, day] = start.toISOString().slice(0, 10).split('-');
  const first = page.getByRole('group', { name: 'Day 1' });
  await first.getByLabel('Day', { exact: true }).fill(day ?? '');
  await first.getByLabel('Month').fill(month ?? '');
  await first.getByLabel('Year').fill(year ?? '');
  await first.getByLabel('Starts').fill('09:30');
  await first.getByLabel('Ends').fill('16:00');
  await page.getByLabel('Venue and address (face to face)').fill('Demoshire County Hall');
  await page.getByLabel('Places', { exact: true }).fill('12');
}

for (const javaScript of [true, false]) {
  describe(`training in a browser (JavaScript ${javaScript ? 'on' : 'off'})`, () => {
    let app: TestApp;
    let browser: Browser;
    before(async () => {
      app = await startTestApp('sqlite');
      browser = await sharedBrowser();
    });
    after(async () => {
      await app?.close();
    });

    it('a coordinator adds a course and a session; a practitioner books; the manager approves by link', async () => {
      const title = `Neglect toolkit ${javaScript ? 'on' : 'off'}`;
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      await signInAs(page, app.url, 'training@demoshire.example', DEMO_PASSWORD);
      await page.getByRole('link', { name: 'Training', exact: true }).first().click();
      await page.getByRole('heading', { name: 'Training', level: 1 }).waitFor();
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Add a course' }).click();
      await page.getByRole('button', { name: 'Save course' }).click();
      await page.getByText('There is a problem').waitFor();
      await expectAccessible(page);
      await page.getByLabel('Title').fill(title);
      await page.getByLabel('Description').fill('Using the neglect toolkit with families.');
      await page.getByLabel('Safeguarding Level 2 (multi-agency)').check();
      await page.getByLabel('Face to face').check();
      await page.getByLabel('Hours', { exact: true }).fill('3');
      await page.getByLabel('Cost per place').fill('0');
      await page.getByLabel('The line manager approves').check();
      await page.getByRole('button', { name: 'Save course' }).click();
      await page.getByRole('heading', { name: title }).waitFor();
      await expectAccessible(page);

      await page.getByRole('button', { name: 'Add a session' }).click();
      await page.getByRole('button', { name: 'Save session' }).click();
      await page.getByText('There is a problem').waitFor();
      await expectAccessible(page);
      await fillSession(page, new Date(Date.now() + 45 * 86_400_000));
      await page.getByRole('button', { name: 'Save session' }).click();
      await page.getByText('The session is added').waitFor();
      await expectAccessible(page);
      const sessionUrl = page.url();
      await context.close();

      const learner = await newContext(browser, { javaScript });
      const own = await learner.newPage();
      await signInAs(own, app.url, 'practitioner@demoshire.example', DEMO_PASSWORD);
      await own.goto(`${app.url}/training?q=${encodeURIComponent('neglect toolkit')}`);
      await own.getByRole('link', { name: title }).click();
      await own.getByRole('link', { name: /\d{4}/ }).first().click();
      assert.equal(own.url(), sessionUrl);
      await own.getByRole('button', { name: 'Book a place' }).click();
      await own.getByText('The request is sent to Jamie Fox’s line manager to approve.').waitFor();
      await own.getByRole('heading', { name: 'Waiting for line manager approval' }).waitFor();
      await expectAccessible(own);

      const request = (await outboxFor(app, 'manager1@demoshire.example')).at(-1);
      const link = /(\/training\/approve\/[\w-]+)/.exec(request?.body ?? '')?.[1];
      assert.ok(link);
      const managerContext = await newContext(browser, { javaScript });
      const manager = await managerContext.newPage();
      await manager.goto(`${app.url}${link}`);
      await manager.getByRole('button', { name: 'Send decision' }).click();
      await manager.getByText('Select approve or decline').first().waitFor();
      await expectAccessible(manager);
      await manager.getByLabel('Approve').check();
      await manager.getByRole('button', { name: 'Send decision' }).click();
      await manager.getByRole('heading', { name: 'Request approved' }).waitFor();
      await expectAccessible(manager);
      await manager.goto(`${app.url}${link}`);
      await manager.getByText('This request was already answered').waitFor();
      await manager.goto(`${app.url}/training/approve/a-link-that-is-not-real`);
      await manager.getByRole('heading', { name: 'This approval link does not work' }).waitFor();
      await expectAccessible(manager);
      await managerContext.close();

      await own.reload();
      await own.getByRole('heading', { name: 'Booked' }).waitFor();
      await own.getByRole('link', { name: 'Training', exact: true }).first().click();
      await own.getByRole('link', { name: 'Your bookings' }).click();
      await own.getByRole('cell', { name: 'Booked' }).first().waitFor();
      await expectAccessible(own);
      await own.getByRole('link', { name: title }).click();
      await own.getByRole('button', { name: 'Cancel booking' }).click();
      await own.getByText('The booking is cancelled.').waitFor();
      await own.getByRole('heading', { name: 'Cancelled' }).waitFor();
      await expectAccessible(own);
      await learner.close();
    });

    it('a coordinator adds a practitioner, books them and cancels the session', async () => {
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      await signInAs(page, app.url, 'training@demoshire.example', DEMO_PASSWORD);
      await page.goto(`${app.url}/training/practitioners/new`);
      await page.getByRole('button', { name: 'Add practitioner' }).click();
      await page.getByText('There is a problem').waitFor();
      await expectAccessible(page);
      const email = `browser-${javaScript ? 'on' : 'off'}@demoshire.example`;
      await page.getByLabel('Full name').fill('Browser Person');
      await page.getByLabel('Email address', { exact: true }).fill(email);
      await page.getByLabel('Organisation').selectOption({ label: 'Demoshire Police' });
      await page.getByLabel('Job role').selectOption({ index: 1 });
      await page.getByLabel('Line manager’s email address').fill('boss@demoshire.example');
      await page.getByRole('button', { name: 'Add practitioner' }).click();
      await page.getByText('Browser Person is added').waitFor();
      await expectAccessible(page);

      await page.goto(`${app.url}/training?q=Prevent`);
      await page.getByRole('link', { name: 'Prevent: radicalisation awareness' }).click();
      await page.getByRole('link', { name: /\d{4}/ }).last().click();
      await page.getByLabel('Book a practitioner').fill(email);
      await page.getByRole('button', { name: 'Book this practitioner' }).click();
      // A demo session may be full already: then the booking joins the waiting list.
      await page.getByText(/Browser Person is booked\.|so Browser Person is on the waiting list/).waitFor();
      await page.getByRole('link', { name: /\d{4}/ }).click();
      await page.getByRole('link', { name: 'Cancel this session' }).click();
      await page.getByRole('button', { name: 'Cancel session' }).click();
      await page.getByText('There is a problem').waitFor();
      await expectAccessible(page);
      await page.getByLabel('Why is it cancelled?').fill('Trainer unavailable');
      await page.getByRole('button', { name: 'Cancel session' }).click();
      await page.getByText('The session is cancelled and everyone booked is told').waitFor();
      await page.getByText('This session is cancelled: Trainer unavailable').waitFor();
      await expectAccessible(page);
      await context.close();
    });
  });
}
