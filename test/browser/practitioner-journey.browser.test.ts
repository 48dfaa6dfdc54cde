/*
 * The practitioner's whole journey (issue 14, "Done when") in one browser test, JavaScript on at a
 * phone's 390 px and off at a desktop's 1280 px, axe on every page on the way:
 * a practitioner registers with their organisation's email domain and confirms by the emailed
 * link → books a course needing their line manager's approval → the manager approves by the
 * emailed link, without an account → a second practitioner asks for the now-full session, is
 * approved and waitlisted; a cancellation frees a place, it is offered and they accept → the
 * coordinator marks the register → the first practitioner downloads the certificate (PDF) and the
 * public checker shows it → they answer the evaluation straight after the course by its emailed link.
 *
 * Set up through the app, not the tables: the coordinator's course and session, a third person's
 * booking (and its approval, by the emailed link) and its cancellation go through the coordinator's
 * forms (TestClient); moving the session to yesterday, so that its register opens, through the
 * session's edit form; the evaluation emails through their scheduled job (`queueEvaluations`).
 * The database is only read: the outbox (as the registration test reads it) and one demo
 * practitioner's email address.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { queueEvaluations } from '../../src/features/training/evaluation-jobs.ts';
import { TestClient, type TestApp } from '../support/app.ts';
import { expectAccessible, newContext, signInAs, visit } from '../support/browser.ts';
import { emailedLink, registerByEmail, useAppInboxAndBrowser } from '../support/email-journeys.ts';
import type { Inbox } from '../support/mail.ts';
import { renderedPage } from '../support/route-test.ts';
import { addCourse, addSession, outboxFor, sessionForm } from '../support/training.ts';

const PASSWORD = 'kestrel orchard lantern pebble';
const SECOND = { email: 'practitioner@demoshire.example', name: 'Jamie Fox', manager: 'manager1@demoshire.example' };

interface Journey {
  app: TestApp;
  inbox: Inbox;
  browser: Browser;
  javaScript: boolean;
  width: number;
  title: string;
  sessionId: number;
  coordinator: TestClient;
}

const contextFor = (j: Journey): Promise<BrowserContext> =>
  newContext(j.browser, { javaScript: j.javaScript, width: j.width });

/** A line manager, with no account, decides by the emailed link. */
async function managerApproves(j: Journey, manager: string, name: string) {
  const { link } = await emailedLink(j, manager, '/training/approve/');
  const context = await contextFor(j);
  const page = await context.newPage();
  await visit(page, `${j.app.url}${link}`);
  await page.getByRole('heading', { name: `Approve training for ${name}` }).waitFor();
  await page.getByLabel('Approve').check();
  await page.getByRole('button', { name: 'Send decision' }).click();
  await page.getByRole('heading', { name: 'Request approved' }).waitFor();
  await expectAccessible(page);
  await context.close();
}

/** The coordinator's course (line-manager approval) and a session of two places, one taken by a third person. */
async function setUp(j: Omit<Journey, 'sessionId'>) {
  const courseId = await addCourse(j.coordinator, j.title, 'manager');
  const sessionId = await addSession(j.coordinator, courseId, 2, 20);
  const third = await j.app.db.kysely
    .selectFrom('training_practitioners')
    .select(['email', 'line_manager_email'])
    .where('partnership_id', '=', j.app.demoPartnershipId)
    .where('email', '!=', SECOND.email)
    .where('line_manager_email', '!=', SECOND.manager)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const booked = await j.coordinator.post(`/training/sessions/${sessionId}/book`, { practitioner: third.email });
  assert.equal(booked.status, 303, renderedPage(booked).errors.join(' '));
  const thirdBooking = booked.location ?? '';
  const request = (await outboxFor(j.app, third.line_manager_email)).at(-1);
  const approval = /(\/training\/approve\/[\w-]+)/.exec(request?.body ?? '')?.[1];
  assert.ok(approval, 'the third person’s manager is asked');
  const manager = new TestClient(j.app.url);
  await manager.get(approval);
  const decided = renderedPage(await manager.post(approval, { decision: 'approve', reason: '' }));
  assert.equal(decided.heading, 'Request approved');
  return { sessionId, thirdBooking };
}

/** Registers with a work address of the organisation's domain, confirms by the emailed link and signs in. */
async function register(j: Journey, page: Page, email: string) {
  await visit(page, `${j.app.url}/sign-in`);
  await page.getByRole('link', { name: 'Register to book training' }).click();
  await page.getByRole('heading', { name: 'Register to book training' }).waitFor();
  await expectAccessible(page);
  await registerByEmail(j, page, {
    name: 'Morgan Journey',
    email,
    password: PASSWORD,
    manager: 'manager3@demoshire.example',
  });
}

/** The second practitioner asks for the full session, is approved onto the waiting list, then offered a place and accepts. */
async function waitlistedThenOffered(j: Journey, thirdBooking: string) {
  const context = await contextFor(j);
  const page = await context.newPage();
  await signInAs(page, j.app.url, SECOND.email, DEMO_PASSWORD);
  await visit(page, `${j.app.url}/training/sessions/${j.sessionId}`);
  await page.getByRole('button', { name: 'Join the waiting list' }).click();
  await page.getByRole('heading', { name: 'Waiting for line manager approval' }).waitFor();
  await managerApproves(j, SECOND.manager, SECOND.name);
  await page.reload();
  await page.getByRole('heading', { name: 'On the waiting list' }).waitFor();
  await expectAccessible(page);

  const cancelled = await j.coordinator.post(`${thirdBooking}/cancel`, { reason: 'Called to court' });
  assert.equal(cancelled.status, 303, renderedPage(cancelled).errors.join(' '));
  const offer = await emailedLink(j, SECOND.email, '/training/bookings/', /^A place is free/);
  await visit(page, `${j.app.url}${offer.link}`);
  await page.getByRole('heading', { name: 'Offered a place' }).waitFor();
  await page.getByRole('button', { name: 'Accept the place' }).click();
  await page.getByRole('heading', { name: 'Booked', exact: true }).waitFor();
  await expectAccessible(page);
  await context.close();
}

/** The session is moved to yesterday through its edit form, then the coordinator marks both people attended. */
async function markRegister(j: Journey, first: string) {
  const yesterday = new Date(Date.now() - 86_400_000);
  const [year, month, day] = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10).split('-');
  const opened = { 'opens-day': day ?? '', 'opens-month': month ?? '', 'opens-year': year ?? '' };
  await j.coordinator.get(`/training/sessions/${j.sessionId}/edit`);
  const edited = await j.coordinator.post(`/training/sessions/${j.sessionId}/edit`, sessionForm(yesterday, 2, opened));
  assert.equal(edited.status, 303, renderedPage(edited).errors.join(' '));
  const context = await contextFor(j);
  const page = await context.newPage();
  await signInAs(page, j.app.url, 'training@demoshire.example', DEMO_PASSWORD);
  await visit(page, `${j.app.url}/training/sessions/${j.sessionId}`);
  await page.getByRole('link', { name: 'Register', exact: true }).click();
  await page.getByRole('heading', { name: 'Register', exact: true }).waitFor();
  await expectAccessible(page);
  for (const name of [first, SECOND.name])
    await page
      .getByRole('group', { name: new RegExp(`^${name},`) })
      .getByLabel('Attended', { exact: true })
      .check();
  await page.getByRole('button', { name: 'Save register' }).click();
  await page.getByText('The register is saved (2 changed)').waitFor();
  await expectAccessible(page);
  await context.close();
}

/** The certificate downloads as a PDF from the booking, and the public checker shows it. */
async function certificate(j: Journey, page: Page) {
  await visit(page, `${j.app.url}/training/bookings`);
  await page.getByRole('link', { name: j.title }).click();
  await page.getByRole('heading', { name: 'Attended' }).waitFor();
  await expectAccessible(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download the certificate (PDF)' }).click(),
  ]);
  const pdf = await readFile((await download.path()) ?? '');
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const code = /OW-[\w-]+/.exec(await page.locator('main').innerText())?.[0];
  assert.ok(code, 'the booking shows the certificate code');
  await page.getByRole('link', { name: 'the certificate checker' }).click();
  await page.getByRole('heading', { name: 'This certificate is genuine' }).waitFor();
  const shown = await page.locator('main').innerText();
  assert.match(shown, /Morgan Journey/);
  assert.match(shown, new RegExp(j.title));
  assert.match(shown, new RegExp(code));
  await expectAccessible(page);
}

/** The evaluation straight after the course, by the link its scheduled job emails (read from the outbox). */
async function evaluate(j: Journey, page: Page, email: string) {
  // The job sends in batches, the demo's own evaluations due too: run it until nothing is left to send.
  for (let round = 0; round < 20 && (await queueEvaluations(j.app.db.kysely, j.app.config.baseUrl)) > 0; round += 1);
  const mail = (await outboxFor(j.app, email)).find((m) => (m.subject ?? '').startsWith('Straight after'));
  const link = /(\/training\/evaluate\/[\w-]+)/.exec(mail?.body ?? '')?.[1];
  assert.ok(link, 'the evaluation link is emailed');
  await visit(page, `${j.app.url}${link}`);
  await page.getByRole('heading', { name: 'Straight after the course' }).waitFor();
  await page
    .getByRole('group', { name: 'How confident do you feel in this course’s subject now?' })
    .getByLabel('4')
    .check();
  await page.getByRole('group', { name: 'How useful was the course for your work?' }).getByLabel('5: very').check();
  await page.getByRole('button', { name: 'Send answers' }).click();
  await page.getByRole('heading', { name: 'Thank you: your answers are saved' }).waitFor();
  await expectAccessible(page);
}

for (const [javaScript, width] of [
  [true, 390],
  [false, 1280],
] as const) {
  describe(`the practitioner's whole journey (JavaScript ${javaScript ? 'on' : 'off'}, ${width} px)`, () => {
    const env = useAppInboxAndBrowser();

    it('registers, books with approval, is joined by a waitlisted colleague, attends, gets a certificate and evaluates', async () => {
      const { app, inbox, browser } = env;
      const coordinator = new TestClient(app.url);
      await coordinator.signIn('training@demoshire.example');
      const base = { app, inbox, browser, javaScript, width, coordinator, title: `Journey course ${width}` };
      const { sessionId, thirdBooking } = await setUp(base);
      const j: Journey = { ...base, sessionId };
      const email = `morgan.journey.${width}@demoshire.example`;

      const context = await contextFor(j);
      const page = await context.newPage();
      await register(j, page, email);
      await visit(page, `${app.url}/training/sessions/${sessionId}`);
      await page.getByRole('button', { name: 'Book a place' }).click();
      await page.getByRole('heading', { name: 'Waiting for line manager approval' }).waitFor();
      await expectAccessible(page);
      await managerApproves(j, 'manager3@demoshire.example', 'Morgan Journey');
      await page.reload();
      await page.getByRole('heading', { name: 'Booked', exact: true }).waitFor();
      await expectAccessible(page);

      await waitlistedThenOffered(j, thirdBooking);
      await markRegister(j, 'Morgan Journey');
      await certificate(j, page);
      await evaluate(j, page, email);
      await context.close();
    });
  });
}
