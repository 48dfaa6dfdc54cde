import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { expectAccessible, newContext, signInAs, visit } from '../support/browser.ts';
import { useAppAndBrowser } from '../support/browser-variants.ts';

describe('the plan glossary in a browser', () => {
  const running = useAppAndBrowser();

  for (const width of [1280, 390])
    it(`searches, refuses a duplicate, and deletes after confirming, without JavaScript at ${width} px`, async () => {
      const context = await newContext(running.browser, { javaScript: false, width });
      const page = await context.newPage();
      await signInAs(page, running.app.url, 'admin@demoshire.example', DEMO_PASSWORD);
      await visit(page, `${running.app.url}/plan`);
      await page.getByRole('link', { name: 'Glossary and acronyms' }).click();
      await page.getByRole('heading', { name: 'Glossary and acronyms', level: 1 }).waitFor();
      await expectAccessible(page);

      await page.getByLabel('Search the glossary').fill('early help');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByText(/of \d+ terms match “early help”/).waitFor();
      assert.ok(new URL(page.url()).search.includes('q=early+help'));
      await page.getByText('Early Help Assessment', { exact: true }).waitFor();
      await expectAccessible(page);

      await page.getByRole('link', { name: /Show all/ }).click();
      await page.getByRole('button', { name: 'Add a term' }).click();
      await page.getByLabel('Term or acronym').fill(width === 390 ? 'send' : 'caf');
      await page.getByLabel('What it means').fill('A second entry');
      await page.getByRole('button', { name: 'Save term' }).click();
      await page.getByText('There is a problem').waitFor();
      await page
        .getByText(/is already in the glossary/)
        .first()
        .waitFor();
      await expectAccessible(page);

      const term = `W${width}`;
      await page.getByLabel('Term or acronym').fill(term);
      await page.getByRole('button', { name: 'Save term' }).click();
      await page.getByText(`${term} is added to the glossary`).waitFor();
      await page.getByRole('link', { name: `Delete ${term}` }).click();
      await page.getByRole('heading', { name: `Delete ${term} from the glossary?` }).waitFor();
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Delete term' }).click();
      await page.getByText(`${term} is deleted from the glossary`).waitFor();
      await context.close();
    });
});
