/*
 * Self-registration in a browser, JavaScript on and off, axe on every page kind and state: a
 * practitioner registers with their work address (a form error first), confirms it by the link in
 * the email they receive, chooses a password, is signed in and books a place; the public
 * catalogue reads without signing in.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TestApp } from '../support/app.ts';
import { expectAccessible, newContext, visit } from '../support/browser.ts';
import { registerByEmail, useAppInboxAndBrowser } from '../support/email-journeys.ts';

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
    const env = useAppInboxAndBrowser();

    it('registers, confirms the address by the emailed link, signs in and books', async () => {
      const { app, browser } = env;
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

      const registrant = { name: 'Riley Newcomer', email, password: PASSWORD, manager: 'manager3@demoshire.example' };
      assert.equal((await registerByEmail(env, page, registrant)).delivered, 1);

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
      const { app, browser } = env;
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
