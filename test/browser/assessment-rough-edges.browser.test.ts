/*
 * Issue 10 points 13 and 4 in a browser: compare's errors and heat map of differences, a cell's
 * own page with its evidence, the rainbow's key and the import form's date, at desktop and phone
 * widths with JavaScript on and off, with axe on every page.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { expectAccessible, visit } from '../support/browser.ts';
import { forEachVariant } from '../support/browser-variants.ts';

forEachVariant(
  (width, javaScript) => `self-assessment pages at ${width} px (JavaScript ${javaScript ? 'on' : 'off'})`,
  [1280, 390],
  (variant) => {
    it('compares with errors then a heat map of differences, and opens a cell with its evidence', async () => {
      const { context, page } = await variant.signedIn('admin@demoshire.example');

      await visit(page, `${variant.app.url}/assessment`);
      await page.getByRole('button', { name: 'Import a past round' }).click();
      await page.getByRole('group', { name: 'When the round was held' }).waitFor();
      await expectAccessible(page);

      await visit(page, `${variant.app.url}/assessment/compare`);
      await page.getByRole('button', { name: 'Compare' }).click();
      await page.getByText('There is a problem').waitFor();
      assert.ok(await page.getByRole('link', { name: 'Select the earlier round to compare' }).isVisible());
      await expectAccessible(page);
      await page.getByLabel('Earlier round').selectOption({ label: 'Baseline 2025' });
      await page.getByLabel('Later round').selectOption({ label: 'Re-assessment 2026' });
      await page.getByRole('button', { name: 'Compare' }).click();
      await page.getByTestId('difference-map').waitFor();
      assert.equal(await page.getByTestId('difference-map').locator('tbody td.ow-diff').count(), 64);
      await expectAccessible(page);

      await visit(page, `${variant.app.url}/assessment`);
      await page.getByRole('link', { name: 'Results of Baseline 2025' }).click();
      const key = page.getByTestId('rainbow-key');
      await key.waitFor();
      assert.equal(await key.getByRole('listitem').count(), 9);
      await page.getByRole('link', { name: /Shared identity, purpose and vision × Define what’s needed/ }).click();
      await page.getByRole('heading', { name: 'Shared identity, purpose and vision × Define what’s needed' }).waitFor();
      assert.ok(await page.getByTestId('cell-statistics').isVisible());
      assert.ok(await page.getByTestId('evidence').isVisible());
      await expectAccessible(page);
      await context.close();
    });
  },
);
