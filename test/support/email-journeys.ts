/*
 * The browser tests' email journeys (self-registration, password reset, approval by link): an app
 * with an SMTP inbox beside it, the newest emailed link read from what the inbox received, and
 * registration confirmed by that link. One helper for the steps practitioner-journey,
 * training-registration and password-reset all take.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from './app.ts';
import { expectAccessible, sharedBrowser, visit } from './browser.ts';
import { deliverQueued, linkIn, mailTo, startInbox, type Inbox } from './mail.ts';

export interface AppWithInbox {
  readonly app: TestApp;
  readonly inbox: Inbox;
  readonly browser: Browser;
}

/** Starts the app (SQLite, the demo), an inbox and a browser before the enclosing describe's tests; closes them after. */
export function useAppInboxAndBrowser(): AppWithInbox {
  let running: { app: TestApp; inbox: Inbox; browser: Browser } | undefined;
  before(async () => {
    const [app, inbox, browser] = await Promise.all([startTestApp('sqlite'), startInbox(), sharedBrowser()]);
    running = { app, inbox, browser };
  });
  after(async () => {
    await running?.inbox.close();
    await running?.app.close();
  });
  const get = () => {
    if (!running) throw new Error('The app, inbox and browser are started before the tests run');
    return running;
  };
  return {
    get app() {
      return get().app;
    },
    get inbox() {
      return get().inbox;
    },
    get browser() {
      return get().browser;
    },
  };
}

export interface EmailedLink {
  link: string;
  subject: string;
  /** How many queued emails this delivery sent. */
  delivered: number;
}

/** Sends what the outbox holds to the inbox; the newest email to `address` (about `subject`) and its link under `path`. */
export async function emailedLink(
  { app, inbox }: Pick<AppWithInbox, 'app' | 'inbox'>,
  address: string,
  path: string,
  subject?: RegExp,
): Promise<EmailedLink> {
  const delivered = await deliverQueued(app, inbox.url);
  const mail = mailTo(inbox, address)
    .filter((m) => !subject || subject.test(m.subject ?? ''))
    .at(-1);
  assert.ok(mail, `an email to ${address}${subject ? ` about ${subject}` : ''}`);
  return { link: linkIn(mail, path), subject: mail.subject ?? '', delivered };
}

export interface Registrant {
  name: string;
  email: string;
  password: string;
  manager: string;
}

/**
 * From the registration form (the page is on it): registers with a work address at Demoshire County
 * Council, confirms it by the emailed link and sets the password, ending signed in.
 */
export async function registerByEmail(env: AppWithInbox, page: Page, who: Registrant): Promise<EmailedLink> {
  await page.getByLabel('Full name').fill(who.name);
  await page.getByLabel('Work email address').fill(who.email);
  await page.getByLabel('Organisation').selectOption({ label: 'Demoshire County Council' });
  await page.getByLabel('Job role').selectOption({ label: "Children's social worker" });
  await page.getByLabel('Line manager’s email address').fill(who.manager);
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  await expectAccessible(page);
  const emailed = await emailedLink(env, who.email, '/invite/');
  assert.equal(emailed.subject, 'Confirm your email address for One Workforce training');
  await visit(page, `${env.app.url}${emailed.link}`);
  await page.getByRole('heading', { name: 'Set your password' }).waitFor();
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByLabel('Confirm password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await page.getByText('Your password is set and you are signed in.').waitFor();
  await expectAccessible(page);
  return emailed;
}
