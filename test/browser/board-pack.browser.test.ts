import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { previousQuarterEnd, quarterEndOf, quarterLabel } from '../../src/features/reports/pack-compare.ts';
import { todayInLondon } from '../../src/lib/dates.ts';
import { expectAccessible, newContext, signInAs, visit } from '../support/browser.ts';
import { useAppAndBrowser } from '../support/browser-variants.ts';

const current = quarterEndOf(todayInLondon());
const previous = previousQuarterEnd(current);

/** Clicks a download link and returns the file's first bytes and its suggested name. */
async function download(page: Page, name: RegExp): Promise<{ head: string; file: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
  const bytes = await readFile(await file.path());
  return { head: bytes.subarray(0, 5).toString('latin1'), file: file.suggestedFilename() };
}

describe('the strategy manager’s quarterly board pack in a browser', () => {
  const running = useAppAndBrowser();

  // Without JavaScript the manager drafts last quarter's pack; with it, this quarter's, which then
  // compares itself with the one issued first.
  for (const { javaScript, quarter, width } of [
    { javaScript: false, quarter: previous, width: 1280 },
    { javaScript: true, quarter: current, width: 390 },
  ])
    it(`drafts, writes, issues and downloads a pack with JavaScript ${javaScript ? 'on' : 'off'} at ${width} px`, async () => {
      const context = await newContext(running.browser, { javaScript, width });
      const page = await context.newPage();
      await signInAs(page, running.app.url, 'admin@demoshire.example', DEMO_PASSWORD);
      await visit(page, `${running.app.url}/reports/board-packs`);
      await page.getByLabel(quarterLabel(quarter)).check();
      await page.getByRole('button', { name: 'Draft the pack' }).click();
      await page.getByText(`The board pack for ${quarterLabel(quarter)} is drafted`).waitFor();
      await page.getByRole('heading', { name: `Quarterly board pack: ${quarterLabel(quarter)}`, level: 1 }).waitFor();
      await page.getByRole('heading', { name: 'Red, amber and stale actions', level: 2 }).waitFor();
      await expectAccessible(page);

      await page.getByRole('button', { name: 'Write the narrative' }).click();
      await page.getByRole('heading', { name: /^Narrative for the board pack/ }).waitFor();
      await expectAccessible(page);
      await page.getByLabel('Summary').fill(`Recruitment is **improving** (${width} px).`);
      await page.getByLabel('Corrective action').first().fill('A dedicated recruiter starts in July.');
      await page.getByLabel('Ask of the board (optional)').first().fill('Approve the campaign budget');
      await page.getByRole('button', { name: 'Save the narrative' }).click();
      await page.getByText('The narrative is saved').waitFor();
      await page.locator('strong', { hasText: 'improving' }).waitFor();
      await page.getByText('A dedicated recruiter starts in July.').waitFor();
      await expectAccessible(page);

      await page.getByRole('button', { name: 'Issue the pack' }).click();
      await page.getByRole('heading', { name: `Issue the board pack for ${quarterLabel(quarter)}?` }).waitFor();
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Issue the pack' }).click();
      await page.getByText('its figures are frozen').first().waitFor();
      assert.equal(
        await page.getByRole('button', { name: 'Write the narrative' }).count(),
        0,
        'an issued pack is not edited',
      );
      if (quarter === current)
        await page.getByText(`Direction of travel is against the pack issued for ${quarterLabel(previous)}.`).waitFor();
      await expectAccessible(page);

      const docx = await download(page, /as a Word document/);
      assert.equal(docx.head.slice(0, 2), 'PK', 'a DOCX is a zip');
      assert.equal(docx.file, `board-pack-${quarter}.docx`);
      const pdf = await download(page, /as a PDF/);
      assert.equal(pdf.head, '%PDF-');
      assert.equal(pdf.file, `board-pack-${quarter}.pdf`);
      await context.close();
    });
});
