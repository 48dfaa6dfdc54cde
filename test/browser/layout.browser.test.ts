/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/*
 * Issue 10 points 10 and 11: sign out is visible and readable on every page, at desktop and
 * phone widths, with JavaScript on (in the mobile menu) and off; the service does not present
 * itself as GOV.UK (no crown, crest, logotype or GDS Transport; "© partnership" is plain text).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Page } from 'playwright-core';
import { visit } from '../support/browser.ts';
import { forEachVariant } from '../support/browser-variants.ts';
import { contrastOf, expectNoUncertainContrast } from './layout-checks.ts';

const WIDTHS = [1280, 390];
const PAGES = ['/', '/assessment', '/workforce', '/account', '/admin'];

async function openMenuIfCollapsed(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: 'Menu' });
  if (await toggle.isVisible()) {
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  }
}

forEachVariant(
  (width, javaScript) => `header and footer at ${width} px (JavaScript ${javaScript ? 'on' : 'off'})`,
  WIDTHS,
  (variant) => {
    it('shows a readable sign out on every page, then signs out', async () => {
      const { context, page } = await variant.signedIn('admin@demoshire.example');
      for (const path of PAGES) {
        await visit(page, `${variant.app.url}${path}`);
        await expectNoUncertainContrast(page);
        await openMenuIfCollapsed(page);
        const signOut = page.getByRole('button', { name: 'Sign out' });
        assert.ok(await signOut.isVisible(), `sign out hidden on ${path}`);
        const ratio = await contrastOf(signOut);
        assert.ok(ratio >= 4.5, `sign out contrast ${ratio.toFixed(2)}:1 on ${path}`);
        assert.ok(await page.getByRole('link', { name: 'Your account' }).isVisible());
      }
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'You have signed out' }).waitFor();
      await context.close();
    });

    it('has no crown, crest, GOV.UK logotype or GDS Transport, and a plain partnership copyright', async () => {
      const { context, page } = await variant.signedIn('steering@demoshire.example');
      await visit(page, `${variant.app.url}/`);
      assert.equal(await page.locator('.govuk-footer__crown, .govuk-header__logotype, .govuk-logo').count(), 0);
      assert.equal(await page.locator('svg[aria-label="GOV.UK"], img[src*="crest"], img[src*="crown"]').count(), 0);
      assert.equal(await page.locator('a[href*="crown-copyright"]').count(), 0);
      assert.equal(await page.locator('link[rel~="icon"][href*="favicon"]').count(), 0);
      const header = page.locator('.govuk-generic-header');
      assert.equal((await header.innerText()).trim(), "Demoshire Children's Trust");
      assert.equal(await page.locator('.govuk-service-navigation__service-name').innerText(), 'One Workforce');
      const copyright = page.getByText("© Demoshire Children's Trust", { exact: true });
      assert.ok(await copyright.isVisible());
      assert.equal(await copyright.evaluate((el) => el.closest('a')), null);
      const ogl = page.getByRole('link', { name: 'Open Government Licence v3.0' });
      assert.ok(await ogl.isVisible());
      const fonts = await page.evaluate(() =>
        [...document.querySelectorAll('h1, p, a, button, li')].map((el) => getComputedStyle(el).fontFamily),
      );
      assert.ok(fonts.length > 5);
      for (const font of fonts) assert.doesNotMatch(font, /GDS Transport/);
      assert.ok(
        fonts.every((font) => /arial/i.test(font)),
        fonts.join(' | '),
      );
      const fontFaces = await page.evaluate(() => [...document.fonts].map((face) => face.family));
      assert.deepEqual(fontFaces, []);
      await context.close();
    });
  },
);
