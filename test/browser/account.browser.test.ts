import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { expectAccessible, newContext, signInAs, visit } from '../support/browser.ts';
import { useAppAndBrowser } from '../support/browser-variants.ts';

for (const javaScript of [true, false]) {
  describe(`your account in a browser (JavaScript ${javaScript ? 'on' : 'off'})`, () => {
    const running = useAppAndBrowser();

    it('creates an API token, shows it once, and revokes it', async () => {
      const context = await newContext(running.browser, { javaScript });
      const page = await context.newPage();
      await signInAs(page, running.app.url, 'datalead@demoshire.example', DEMO_PASSWORD);
      await page.getByRole('link', { name: 'Your account' }).click();
      await page.getByRole('heading', { name: 'Your account' }).waitFor();
      await visit(page, `${running.app.url}/account`);
      assert.ok(await page.getByText('You have no API tokens.').isVisible());

      await page.getByRole('button', { name: 'Create token' }).click();
      await page.getByText('There is a problem').waitFor();
      await expectAccessible(page);

      await page.getByLabel('Token name').fill('Spreadsheet macro');
      await page.getByRole('button', { name: 'Create token' }).click();
      await page.getByRole('heading', { name: 'Copy your new API token' }).waitFor();
      const secret = await page.getByLabel('Your API token').inputValue();
      assert.match(secret, /^ow_/);
      assert.match(await page.getByTestId('token-example').innerText(), new RegExp(`Authorization: Bearer ${secret}`));
      await expectAccessible(page);

      await page.getByRole('button', { name: 'I have copied the token' }).click();
      await page.getByRole('heading', { name: 'Your account' }).waitFor();
      assert.ok(!(await page.content()).includes(secret), 'the secret is not shown again');
      const row = page.getByTestId('api-tokens').getByRole('row', { name: /Spreadsheet macro/ });
      assert.match(await row.innerText(), /Active/);

      await row.getByRole('link', { name: 'Revoke the token “Spreadsheet macro”' }).click();
      await page.getByRole('heading', { name: /Are you sure you want to revoke/ }).waitFor();
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Revoke token' }).click();
      await page.getByText('API token “Spreadsheet macro” revoked').waitFor();
      assert.match(await row.innerText(), /Revoked/);
      await expectAccessible(page);
      await context.close();
    });

    it('shows what is wrong when changing the password fails', async () => {
      const context = await newContext(running.browser, { javaScript });
      const page = await context.newPage();
      await signInAs(page, running.app.url, 'viewer@demoshire.example', DEMO_PASSWORD);
      await visit(page, `${running.app.url}/account`);
      await page.getByRole('link', { name: 'Change your password' }).click();
      await page.getByRole('heading', { name: 'Change your password' }).waitFor();
      await expectAccessible(page);

      await page.getByLabel('Current password').fill('not my password');
      await page.getByLabel('New password', { exact: true }).fill('a long new passphrase');
      await page.getByLabel('Confirm new password').fill('a different passphrase');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByText('There is a problem').waitFor();
      assert.match(await page.title(), /^Error: Change your password/);
      assert.ok(await page.getByRole('link', { name: 'The passwords do not match' }).isVisible());
      await expectAccessible(page);

      await page.getByLabel('Current password').fill('not my password');
      await page.getByLabel('New password', { exact: true }).fill('a long new passphrase');
      await page.getByLabel('Confirm new password').fill('a long new passphrase');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByRole('link', { name: 'Your current password is not correct' }).waitFor();
      await expectAccessible(page);
      await context.close();
    });
  });
}
