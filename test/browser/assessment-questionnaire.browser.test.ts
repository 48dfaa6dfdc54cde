import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { expectAccessible, newContext, signInAs, visit } from '../support/browser.ts';
import { useAppAndBrowser } from '../support/browser-variants.ts';

const STAGES = [
  'Define what’s needed',
  'Get the right people to help',
  'Develop it',
  'Get it working across the workforce',
  'Ensure it makes a difference',
  'Make it user friendly',
  'Get it established day-to-day',
  'Regularly review and improve',
];
const LEVELS = ['1 – Very low', '2 – Low', '3 – Moderate', '4 – High', '5 – Very high'];

/** Fills in one theme page: stage 8 of theme 2 is "don't know", everything else a score. */
async function answerTheme(page: Page, theme: number): Promise<void> {
  for (const [i, stage] of STAGES.entries()) {
    const group = page.getByRole('group', { name: `Stage ${i + 1}: ${stage}` });
    const answer = theme === 2 && i === 7 ? 'Don’t know' : (LEVELS[(theme + i) % 5] as string);
    await group.getByLabel(answer, { exact: true }).check();
  }
}

describe('the self-assessment questionnaire in a browser', () => {
  const running = useAppAndBrowser();

  it('an administrator issues a personal link, and a respondent without JavaScript answers everything through it', async () => {
    const adminContext = await newContext(running.browser, { javaScript: true });
    const admin = await adminContext.newPage();
    await signInAs(admin, running.app.url, 'admin@demoshire.example', DEMO_PASSWORD);

    await visit(admin, `${running.app.url}/assessment`);
    await admin.getByRole('heading', { name: 'Rounds' }).waitFor();
    await admin.getByRole('link', { name: 'The framework and its wording' }).click();
    await admin.getByRole('heading', { name: 'One Children’s Workforce Tool' }).waitFor();
    await expectAccessible(admin);
    await admin.getByRole('button', { name: 'Change the wording' }).click();
    await admin.getByRole('heading', { name: 'Change the framework’s wording' }).waitFor();
    await expectAccessible(admin);

    await visit(admin, `${running.app.url}/assessment`);
    await admin.getByRole('button', { name: 'Create a round' }).click();
    await admin.getByRole('heading', { name: 'Create a self-assessment round' }).waitFor();
    await expectAccessible(admin);
    await admin.getByLabel('Name').fill('Browser round 2026');
    await admin.getByRole('button', { name: 'Create round' }).click();
    await admin.getByText('There is a problem').waitFor();
    await expectAccessible(admin);
    const today = new Date();
    const opens = admin.getByRole('group', { name: 'Opening date' });
    await opens.getByLabel('Day').fill(String(today.getUTCDate()));
    await opens.getByLabel('Month').fill(String(today.getUTCMonth() + 1));
    await opens.getByLabel('Year').fill(String(today.getUTCFullYear()));
    const closes = admin.getByRole('group', { name: 'Closing date' });
    await closes.getByLabel('Day').fill('31');
    await closes.getByLabel('Month').fill('12');
    await closes.getByLabel('Year').fill(String(today.getUTCFullYear() + 1));
    await admin.getByRole('group', { name: 'Organisations' }).getByLabel('Demoshire Police').check();
    await admin.getByRole('button', { name: 'Create round' }).click();
    await admin.getByRole('heading', { name: 'Browser round 2026' }).waitFor();
    assert.ok(await admin.getByText('Browser round 2026 is created as a draft').isVisible());
    await expectAccessible(admin);

    await admin.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Demoshire Police' });
    await admin.getByLabel('Frontline practitioners').check();
    await admin.getByLabel('Number of links').fill('1');
    await admin.getByRole('button', { name: 'Issue links' }).click();
    await admin.getByText('1 personal link issued for Demoshire Police').waitFor();
    await admin.getByRole('button', { name: 'Open the round' }).click();
    await admin.getByText('Browser round 2026 is open').waitFor();
    await expectAccessible(admin);
    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByRole('link', { name: /Download all links/ }).click(),
    ]);
    const csv = await readFile(await download.path(), 'utf8');
    const link = /(http:\/\/\S+?\/respond\/[\w-]+)/.exec(csv)?.[1];
    assert.ok(link, csv);
    assert.match(csv, /Demoshire Police,Personal link,Frontline practitioners,/);

    const respondentContext = await newContext(running.browser, { javaScript: false });
    const respondent = await respondentContext.newPage();
    await respondent.setViewportSize({ width: 375, height: 800 });
    await visit(respondent, link);
    await respondent.getByRole('heading', { name: 'Browser round 2026' }).waitFor();
    await respondent.getByRole('button', { name: 'Start now' }).click();

    for (let theme = 1; theme <= 8; theme++) {
      await respondent.getByText(`Theme ${theme} of 8`).waitFor();
      await expectAccessible(respondent);
      if (theme === 1) {
        await respondent.getByRole('button', { name: 'Save and continue' }).click();
        await respondent.getByText('There is a problem').waitFor();
        await expectAccessible(respondent);
      }
      await answerTheme(respondent, theme);
      if (theme === 2) {
        // Save and come back later, then return through the same link.
        await respondent.getByRole('button', { name: 'Save and come back later' }).click();
        await respondent.getByRole('heading', { name: 'Your answers are saved' }).waitFor();
        await expectAccessible(respondent);
        await visit(respondent, link);
        await respondent.getByText('You have already started').waitFor();
        await respondent.getByRole('button', { name: 'Continue' }).click();
        await respondent.getByText('Theme 3 of 8').waitFor();
        await respondent.getByRole('link', { name: 'Back', exact: true }).click();
        await respondent.getByText('Theme 2 of 8').waitFor();
        assert.ok(
          await respondent
            .getByRole('group', { name: 'Stage 8: Regularly review and improve' })
            .getByLabel('Don’t know')
            .isChecked(),
        );
      }
      if (theme === 3)
        await respondent.getByLabel('Evidence (optional)').fill('Minutes of the integrated working board, May 2026');
      await respondent.getByRole('button', { name: 'Save and continue' }).click();
    }

    await respondent.getByRole('heading', { name: 'Check your answers before sending them' }).waitFor();
    await expectAccessible(respondent);
    const changeRow = respondent
      .locator('.govuk-summary-list__row', { hasText: 'Regularly review and improve' })
      .nth(1);
    assert.match(await changeRow.innerText(), /Don’t know/);
    await changeRow.getByRole('link', { name: /Change/ }).click();
    await respondent.getByText('Theme 2 of 8').waitFor();
    await respondent
      .getByRole('group', { name: 'Stage 8: Regularly review and improve' })
      .getByLabel('Not applicable')
      .check();
    await respondent.getByRole('button', { name: 'Save and continue' }).click();
    await respondent.getByRole('heading', { name: 'Check your answers before sending them' }).waitFor();
    assert.match(
      await respondent
        .locator('.govuk-summary-list__row', { hasText: 'Regularly review and improve' })
        .nth(1)
        .innerText(),
      /Not applicable/,
    );
    assert.ok(await respondent.getByText('Minutes of the integrated working board, May 2026').isVisible());
    await respondent.getByRole('button', { name: 'Send your answers' }).click();
    await respondent.getByRole('heading', { name: 'Your answers have been sent' }).waitFor();
    await expectAccessible(respondent);

    await visit(respondent, link);
    await respondent.getByRole('heading', { name: 'You have already answered this self-assessment' }).waitFor();

    await admin.reload();
    const summary = admin.locator('.govuk-summary-list__row', { hasText: 'Responses sent' });
    assert.match(await summary.innerText(), /Responses sent\s+1/);
    const police = admin.getByRole('row', { name: /Demoshire Police/ });
    assert.match(await police.innerText(), /Demoshire Police\s+1\s+0\s+1\s+1\s+No/);
    await expectAccessible(admin);
    const roundUrl = admin.url();
    await visit(admin, `${roundUrl}/focus-groups/new`);
    await admin.getByRole('heading', { name: 'Record a focus group' }).waitFor();
    const results = await admin.goto(`${roundUrl}/results`);
    // The results page is the results engineer's (and checked with axe in their tests): here, only that the answer counts.
    if (results && results.status() === 200) {
      assert.match(await admin.getByTestId('response-count').innerText(), /^1 submitted response\b/);
    }
    await adminContext.close();
    await respondentContext.close();
  });

  it('an administrator changes a round that already has answers, without JavaScript, through its change links', async () => {
    const context = await newContext(running.browser, { javaScript: false });
    const admin = await context.newPage();
    await signInAs(admin, running.app.url, 'admin@demoshire.example', DEMO_PASSWORD);
    await visit(admin, `${running.app.url}/assessment`);
    await admin.getByRole('link', { name: 'Re-assessment 2026', exact: true }).click();
    await admin.getByRole('heading', { name: 'Re-assessment 2026' }).waitFor();
    await admin.getByRole('link', { name: 'Change closing date' }).click();
    await admin.getByRole('heading', { name: 'Change the round’s details' }).waitFor();
    assert.match(
      await admin.locator('.govuk-warning-text').innerText(),
      /responses have already been sent or started\. Changing the organisations, sectors or who is asked does not remove them/,
    );
    assert.equal(await admin.getByLabel('Name').inputValue(), 'Re-assessment 2026');
    await expectAccessible(admin);

    const closes = admin.getByRole('group', { name: 'Closing date' });
    await closes.getByLabel('Year').fill('2020');
    await admin.getByLabel('Name').fill('Baseline 2025');
    await admin.getByRole('button', { name: 'Save changes' }).click();
    await admin.getByText('There is a problem').waitFor();
    await expectAccessible(admin);
    assert.ok(await admin.getByRole('link', { name: 'There is already a round called Baseline 2025' }).isVisible());
    assert.ok(
      await admin
        .getByRole('link', { name: 'The closing date must be the same as or after the opening date' })
        .isVisible(),
    );
    assert.equal(await closes.getByLabel('Year').inputValue(), '2020', 'what was typed is kept');

    const today = new Date();
    await admin.getByLabel('Name').fill('Re-assessment 2026 (extended)');
    await closes.getByLabel('Day').fill('31');
    await closes.getByLabel('Month').fill('1');
    await closes.getByLabel('Year').fill(String(today.getUTCFullYear() + 2));
    await admin.getByRole('group', { name: 'Who is asked' }).getByLabel('Leaders and managers').check();
    await admin.getByRole('button', { name: 'Save changes' }).click();
    await admin.getByText('Changes to Re-assessment 2026 (extended) are saved').waitFor();
    await expectAccessible(admin);
    assert.match(
      await admin.locator('.govuk-summary-list__row', { hasText: 'Closing date' }).innerText(),
      new RegExp(`31 January ${today.getUTCFullYear() + 2}`),
    );
    assert.match(
      await admin.locator('.govuk-summary-list__row', { hasText: 'Who is asked' }).innerText(),
      /Leaders and managers\s*Change/,
    );
    assert.match(
      await admin.locator('.govuk-summary-list__row', { hasText: 'Responses sent' }).innerText(),
      /Responses sent\s+6/,
      'answers already sent are kept',
    );
    assert.match(await admin.locator('.govuk-summary-list__row', { hasText: 'Status' }).innerText(), /Open/);
    await context.close();
  });
});
