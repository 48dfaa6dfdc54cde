import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { expectAccessible, sharedBrowser, newContext, signInAs, visit } from '../support/browser.ts';

for (const javaScript of [true, false]) {
  describe(`inviting a user in a browser (JavaScript ${javaScript ? 'on' : 'off'})`, () => {
    let app: TestApp;
    let browser: Browser;
    before(async () => {
      app = await startTestApp('sqlite');
      browser = await sharedBrowser();
    });
    after(async () => {
      await app?.close();
    });

    it('an administrator invites someone, who opens the link, sets a password and lands on the home page', async () => {
      const name = javaScript ? 'Robin Scripted' : 'Robin Plain';
      const email = javaScript ? 'robin.scripted@demoshire.example' : 'robin.plain@demoshire.example';
      const adminContext = await newContext(browser, { javaScript });
      const admin = await adminContext.newPage();
      await signInAs(admin, app.url, 'admin@demoshire.example', DEMO_PASSWORD);
      await visit(admin, `${app.url}/admin/users`);
      await admin.getByRole('button', { name: 'Invite a user' }).click();
      await admin.getByRole('heading', { name: 'Invite a user' }).waitFor();
      await expectAccessible(admin);

      await admin.getByRole('button', { name: 'Create invite link' }).click();
      await admin.getByText('There is a problem').waitFor();
      await expectAccessible(admin);

      await admin.getByLabel('Full name').fill(name);
      await admin.getByLabel('Email address').fill(email);
      await admin.getByLabel('Partner data lead', { exact: true }).check();
      await admin.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Riverside Academy Trust' });
      await admin.getByRole('button', { name: 'Create invite link' }).click();
      await admin.getByRole('heading', { name: 'Invite link created' }).waitFor();
      await expectAccessible(admin);
      const link = (await admin.getByTestId('invite-link').textContent())?.trim() ?? '';
      const invitePath = new URL(link).pathname;
      assert.match(invitePath, /^\/invite\/[\w-]{40,}$/);

      await admin.getByRole('link', { name: `Go to ${name}’s account` }).click();
      await admin.getByRole('heading', { name }).waitFor();
      await expectAccessible(admin);
      await visit(admin, admin.url().replace(/\/?$/, '/access'));
      await visit(admin, admin.url().replace(/\/access$/, '/deactivate'));
      await adminContext.close();

      const guestContext = await newContext(browser, { javaScript });
      const guest = await guestContext.newPage();
      await visit(guest, `${app.url}${invitePath}`);
      await guest.getByRole('heading', { name: 'Set your password' }).waitFor();
      await guest.getByLabel('Password', { exact: true }).fill('too short');
      await guest.getByLabel('Confirm password', { exact: true }).fill('too short');
      await guest.getByRole('button', { name: 'Set password and sign in' }).click();
      await guest.getByText('There is a problem').waitFor();
      assert.match(await guest.title(), /^Error: /);
      assert.ok(await guest.getByText('Password must be 12 characters or more').first().isVisible());
      await expectAccessible(guest);

      await guest.getByLabel('Password', { exact: true }).fill('plenty of words for a password');
      await guest.getByLabel('Confirm password', { exact: true }).fill('plenty of words for a password');
      await guest.getByRole('button', { name: 'Set password and sign in' }).click();
      await guest.getByRole('heading', { name: `Welcome, ${name}` }).waitFor();
      assert.equal(new URL(guest.url()).pathname, '/');
      await expectAccessible(guest);

      await visit(guest, `${app.url}${invitePath}`);
      await guest.getByRole('heading', { name: 'This invite link does not work' }).waitFor();
      await guestContext.close();
    });
  });
}
