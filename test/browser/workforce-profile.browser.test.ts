import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { SECTIONS } from '../../src/features/workforce/profile/sections/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { expectAccessible, sharedBrowser, newContext, signInAs, visit } from '../support/browser.ts';

const SECTION_NAMES = ['Summary', ...SECTIONS.map((s) => s.title)];

/** Follows every link in the profile's sub-navigation, checking each page keeps the filters and passes axe. */
async function visitEverySection(page: Page, expectedQuery: Record<string, string>): Promise<void> {
  for (const name of SECTION_NAMES) {
    await page
      .getByRole('navigation', { name: 'Workforce profile sections' })
      .getByRole('link', { name, exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: name === 'Summary' ? 'Workforce profile' : name }).waitFor();
    const params = new URL(page.url()).searchParams;
    for (const [key, value] of Object.entries(expectedQuery))
      assert.equal(params.get(key), value, `${name} keeps ${key}`);
    assert.match(await page.locator('.ow-profile-filter-summary').innerText(), /Filters applied: (?!None)/);
    await expectAccessible(page);
  }
}

for (const javaScript of [true, false]) {
  describe(`workforce profile in a browser (JavaScript ${javaScript ? 'on' : 'off'})`, () => {
    let app: TestApp;
    let browser: Browser;
    before(async () => {
      app = await startTestApp('sqlite');
      browser = await sharedBrowser();
    });
    after(async () => {
      await app?.close();
    });

    it('lets a steering group member filter the profile and read every section', async () => {
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      await signInAs(page, app.url, 'steering@demoshire.example', DEMO_PASSWORD);
      await visit(page, `${app.url}/workforce/profile`);
      const headcount = await page.locator('[data-measure="headcount"]').innerText();
      assert.ok(
        Number(headcount.replace(/,/g, '')) > 100,
        `the demo returns give real numbers (headcount ${headcount})`,
      );

      await page.getByLabel('Service', { exact: true }).selectOption({ label: 'Social care' });
      await page.getByLabel('Employment type').selectOption({ label: 'Employee' });
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL(/service=social_care/);
      assert.match(
        await page.locator('.ow-profile-filter-summary').innerText(),
        /Service: Social care; Employment type: Employee/,
      );
      assert.equal(
        await page.getByLabel('Service', { exact: true }).inputValue(),
        'social_care',
        'the form keeps the choice',
      );
      await expectAccessible(page);

      await visitEverySection(page, { service: 'social_care', employmentType: 'employee' });
      const downloads = await page.getByRole('link', { name: /^Download CSV/ }).count();
      assert.ok(downloads >= 1, 'every table has a CSV download');

      await page.emulateMedia({ media: 'print' });
      assert.equal(
        await page.getByRole('button', { name: 'Apply filters' }).isVisible(),
        false,
        'print hides the filters',
      );
      assert.equal(
        await page
          .getByRole('link', { name: /^Download CSV/ })
          .first()
          .isVisible(),
        false,
        'print hides downloads',
      );
      assert.ok(await page.locator('table').first().isVisible(), 'print keeps the tables');
      await context.close();
    });

    // One pass is enough for the data lead: the JavaScript-off pass above covers the same pages' markup.
    if (javaScript)
      it('shows a partner data lead only their own organisation, on every section', async () => {
        const context = await newContext(browser, { javaScript });
        const page = await context.newPage();
        await signInAs(page, app.url, 'datalead@demoshire.example', DEMO_PASSWORD);
        await visit(page, `${app.url}/workforce/profile?employmentType=employee&managersOnly=yes`);
        assert.match(await page.locator('.govuk-caption-l').innerText(), /Little Acorns Nurseries Ltd only/);
        assert.equal(
          await page.getByLabel('Organisation', { exact: true }).count(),
          0,
          'no list of other organisations',
        );
        assert.ok(await page.getByLabel('Managers only').isChecked());
        await visitEverySection(page, { employmentType: 'employee', managersOnly: 'yes' });
        await context.close();
      });

    it('lets a partnership administrator change the profile settings', async () => {
      const context = await newContext(browser, { javaScript });
      const page = await context.newPage();
      await signInAs(page, app.url, 'admin@demoshire.example', DEMO_PASSWORD);
      await visit(page, `${app.url}/workforce/profile/settings`);
      await page.getByLabel('Retirement age').fill('sixty');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByText('There is a problem').waitFor();
      assert.match(await page.title(), /^Error: /);
      await expectAccessible(page);
      await page.getByLabel('Retirement age').fill('67');
      await page.getByLabel('Neighbour 1', { exact: true }).selectOption({ label: 'Nottinghamshire (E10000024)' });
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByText('The workforce profile settings are saved').waitFor();
      await expectAccessible(page);
      await visit(page, `${app.url}/workforce/profile/projections`);
      assert.match(await page.locator('main').innerText(), /People reach retirement at 67\./);
      await context.close();
    });
  });
}
