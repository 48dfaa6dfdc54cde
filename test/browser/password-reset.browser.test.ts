import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectAccessible, newContext, signInAs, visit } from '../support/browser.ts';
import { emailedLink, useAppInboxAndBrowser } from '../support/email-journeys.ts';

const NEW_PASSWORD = 'lantern meadow pebble orchard';

for (const javaScript of [true, false]) {
  describe(`forgotten password in a browser (JavaScript ${javaScript ? 'on' : 'off'})`, () => {
    const env = useAppInboxAndBrowser();

    it('resets the password with the link from the received email, then signs in with it', async () => {
      const { app, browser } = env;
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      await visit(page, `${app.url}/sign-in`);
      await page.getByRole('link', { name: 'Forgotten your password?' }).click();
      await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
      await expectAccessible(page);

      await page.getByRole('button', { name: 'Send reset link' }).click();
      await page.getByText('There is a problem').waitFor();
      assert.match(await page.title(), /^Error: /);
      await expectAccessible(page);

      await page.getByLabel('Email address').fill('viewer@demoshire.example');
      await page.getByRole('button', { name: 'Send reset link' }).click();
      await page.getByRole('heading', { name: 'Check your email' }).waitFor();
      await expectAccessible(page);

      const { link, subject, delivered } = await emailedLink(env, 'viewer@demoshire.example', '/password-reset/');
      assert.equal(delivered, 1);
      assert.equal(subject, 'Reset your One Workforce password');
      await visit(page, `${app.url}${link}`);
      await page.getByRole('heading', { name: 'Create a new password' }).waitFor();

      await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
      await page.getByLabel('Confirm new password', { exact: true }).fill('not the same');
      await page.getByRole('button', { name: 'Reset password' }).click();
      await page.getByText('The passwords do not match').first().waitFor();
      await expectAccessible(page);

      await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
      await page.getByLabel('Confirm new password', { exact: true }).fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Reset password' }).click();
      await page.getByText('Your password has been reset').waitFor();
      assert.match(page.url(), /\/sign-in$/);
      await expectAccessible(page);

      await signInAs(page, app.url, 'viewer@demoshire.example', NEW_PASSWORD);
      await page.getByRole('heading', { name: /^Welcome, / }).waitFor();

      await visit(page, `${app.url}${link}`);
      await page.getByRole('heading', { name: 'This password reset link does not work' }).waitFor();
      await context.close();
    });
  });
}
