/*
 * Self-registration in a browser, JavaScript on and off, axe on every page kind and state: a
 * practitioner registers with their work address (a form error first), confirms it by the link in
 * the email they receive, chooses a password, is signed in and books a place; the public
 * catalogue reads without signing in.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';
import { expectAccessible, launchBrowser, newContext, visit } from '../support/browser.ts';
import { deliverQueued, linkIn, mailTo, startInbox, type Inbox } from '../support/mail.ts';

const PASSWORD = 'heron lantern quarry willow';

/** An upcoming demo session of a course needing no approval, open for booking, with places free. */
async function bookableSession(app: TestApp): Promise<number> {
  const today = new Date().toISOString().slice(0, 10);
  const row = await app.db.kysely
    .selectFrom('training_sessions as s')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .select('s.id')
    .where('c.approval', '=', 'none')
    .where('s.status', '=', 'scheduled')
    .where('s.starts_at', '>', new Date(Date.now() + 86_400_000).toISOString())
    .where('s.booking_opens_on', '<=', today)
    .where('s.booking_closes_on', '>=', today)
    .orderBy('s.starts_at')
    .executeTakeFirstOrThrow();
  await app.db.kysely.updateTable('training_sessions').set({ capacity: 500 }).where('id', '=', row.id).execute();
  return row.id;
}

for (const javaScript of [true, false]) {
  describe(`practitioner self-registration in a browser (JavaScript ${javaScript ? 'on' : 'off'})`, () => {
    let app: TestApp;
    let inbox: Inbox;
    let browser: Browser;
    before(async () => {
      app = await startTestApp('sqlite');
      inbox = await startInbox();
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await inbox?.close();
      await app?.close();
    });

    it('registers, confirms the address by the emailed link, signs in and books', async () => {
      const email = `riley.${javaScript ? 'on' : 'off'}@demoshire.example`;
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      await visit(page, `${app.url}/sign-in`);
      await page.getByRole('link', { name: 'Register to book training' }).click();
      await page.getByRole('heading', { name: 'Register to book training' }).waitFor();
      await expectAccessible(page);

      await page.getByLabel('Work email address').fill('riley@gmail.com');
      await page.getByRole('button', { name: 'Register' }).click();
      await page.getByText('There is a problem').waitFor();
      assert.match(await page.title(), /^Error: /);
      await page
        .getByText(/@gmail\.com cannot register/)
        .first()
        .waitFor();
      await expectAccessible(page);

      await page.getByLabel('Full name').fill('Riley Newcomer');
      await page.getByLabel('Work email address').fill(email);
      await page.getByLabel('Organisation').selectOption({ label: 'Demoshire County Council' });
      await page.getByLabel('Job role').selectOption({ label: "Children's social worker" });
      await page.getByLabel('Line manager’s email address').fill('manager3@demoshire.example');
      await page.getByRole('button', { name: 'Register' }).click();
      await page.getByRole('heading', { name: 'Check your email' }).waitFor();
      await expectAccessible(page);

      assert.equal(await deliverQueued(app, inbox.url), 1);
      const mail = mailTo(inbox, email).at(-1);
      assert.equal(mail?.subject, 'Confirm your email address for One Workforce training');
      await visit(page, `${app.url}${linkIn(mail, '/invite/')}`);
      await page.getByRole('heading', { name: 'Set your password' }).waitFor();
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByLabel('Confirm password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Set password and sign in' }).click();
      await page.getByText('Your password is set and you are signed in.').waitFor();

      const sessionId = await bookableSession(app);
      await visit(page, `${app.url}/training/sessions/${sessionId}`);
      await page.getByRole('button', { name: 'Book a place' }).click();
      await page
        .getByText(/Booked/)
        .first()
        .waitFor();
      await expectAccessible(page);
      const booking = await app.db.kysely
        .selectFrom('training_bookings as b')
        .innerJoin('training_practitioners as p', 'p.id', 'b.practitioner_id')
        .select('b.status')
        .where('p.email', '=', email)
        .where('b.session_id', '=', sessionId)
        .executeTakeFirstOrThrow();
      assert.equal(booking.status, 'booked');
      await context.close();
    });

    it('shows the public catalogue without signing in once the partnership switches it on', async () => {
      await app.db.kysely
        .insertInto('training_public_catalogues')
        .values({ partnership_id: app.demoPartnershipId, switched_on_at: new Date().toISOString() })
        .onConflict((oc) => oc.column('partnership_id').doNothing())
        .execute();
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      await visit(page, `${app.url}/training/catalogue`);
      await page.getByRole('heading', { name: /: training$/, level: 1 }).waitFor();
      await page.getByRole('link', { name: /calendar feed/ }).waitFor();
      await expectAccessible(page);
      await context.close();
    });
  });
}
