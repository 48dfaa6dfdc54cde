import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { expectAccessible, newContext, signInAs, visit } from '../support/browser.ts';
import { useAppAndBrowser } from '../support/browser-variants.ts';

for (const javaScript of [true, false]) {
  describe(`administration in a browser (JavaScript ${javaScript ? 'on' : 'off'})`, () => {
    const running = useAppAndBrowser();

    it('adds, views and changes a partner organisation', async () => {
      const context = await newContext(running.browser, { javaScript });
      const page = await context.newPage();
      await signInAs(page, running.app.url, 'admin@demoshire.example', DEMO_PASSWORD);

      await visit(page, `${running.app.url}/admin`);
      await page.getByRole('heading', { name: 'Administration' }).waitFor();
      assert.equal(await page.getByRole('link', { name: 'Partnerships' }).count(), 0);
      await page.getByRole('link', { name: 'Organisations' }).click();
      await page.getByRole('heading', { name: 'Organisations', level: 1 }).waitFor();
      await expectAccessible(page);

      await page.getByRole('button', { name: 'Add an organisation' }).click();
      await page.getByRole('heading', { name: 'Add an organisation' }).waitFor();
      await expectAccessible(page);
      await page.getByLabel('Name').fill('Hillside Family Centre');
      await page.getByRole('button', { name: 'Add organisation' }).click();
      await page.getByText('There is a problem').waitFor();
      assert.match(await page.title(), /^Error: /);
      await expectAccessible(page);
      assert.equal(await page.getByLabel('Name').inputValue(), 'Hillside Family Centre');
      await page.getByRole('link', { name: 'Select the type of organisation' }).click();

      await page.getByLabel('Voluntary or community organisation').check();
      await page.getByRole('group', { name: 'Sector' }).getByLabel('Voluntary').check();
      const services = page.getByRole('group', { name: 'Services' });
      await services.getByLabel('Early years and childcare').check();
      await services.getByLabel('Health').check();
      await page.getByRole('button', { name: 'Add organisation' }).click();
      await page.getByRole('heading', { name: 'Hillside Family Centre' }).waitFor();
      assert.ok(await page.getByText('Hillside Family Centre is added').isVisible());
      await expectAccessible(page);

      await page.getByRole('link', { name: 'Change sector' }).click();
      await page.getByRole('heading', { name: 'Change organisation details' }).waitFor();
      await expectAccessible(page);
      await page.getByRole('group', { name: 'Sector' }).getByLabel('Independent').check();
      await page.getByRole('group', { name: 'Services' }).getByLabel('Health').uncheck();
      await page.getByRole('group', { name: 'Services' }).getByLabel('Youth', { exact: true }).check();
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Changes to Hillside Family Centre are saved').waitFor();
      const sector = page.locator('.govuk-summary-list__row', { hasText: 'Sector' });
      assert.match(await sector.innerText(), /Independent/);
      const serviceRow = page.locator('.govuk-summary-list__row', { hasText: 'Services' });
      assert.match(await serviceRow.innerText(), /Early years and childcare\s+Youth/);
      await expectAccessible(page);

      await visit(page, `${running.app.url}/admin/organisations`);
      assert.ok(await page.getByRole('link', { name: 'Hillside Family Centre' }).isVisible());
      await context.close();
    });

    it('lets a system administrator add a partnership and work in it', async () => {
      const context = await newContext(running.browser, { javaScript });
      const page = await context.newPage();
      await signInAs(page, running.app.url, 'sysadmin@demoshire.example', DEMO_PASSWORD);
      for (const path of ['/admin', '/admin/partnerships', '/admin/partnerships/new'])
        await visit(page, `${running.app.url}${path}`);
      await page.getByRole('button', { name: 'Add partnership' }).click();
      await page.getByText('There is a problem').waitFor();
      await expectAccessible(page);
      await page.getByLabel('Name').fill('Westshire Partnership');
      await page.getByRole('button', { name: 'Add partnership' }).click();
      await page.getByText('Westshire Partnership is added').waitFor();
      await expectAccessible(page);
      await page.getByRole('button', { name: /^Work in this partnership\s+\(Westshire Partnership\)$/ }).click();
      await page.getByText('You are now working in Westshire Partnership').waitFor();
      assert.equal(new URL(page.url()).pathname, '/');
      await expectAccessible(page);
      await context.close();
    });
  });
}
