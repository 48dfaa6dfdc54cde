import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { countSubmittedAnswers } from '../../src/features/assessment/questionnaire-repository.ts';
import { ensureDefaultFramework } from '../../src/features/assessment/repository.ts';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { nowIso } from '../../src/lib/time.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { expectAccessible, sharedBrowser, newContext, signInAs, visit } from '../support/browser.ts';

const HEREFORDSHIRE = fileURLToPath(new URL('../fixtures/herefordshire-2009.csv', import.meta.url));

/** A live round with 12 submitted responses from two organisations. */
async function seedRound(app: TestApp): Promise<number> {
  const db = app.db.kysely;
  const pid = app.demoPartnershipId;
  const at = nowIso();
  const { id } = await db
    .insertInto('assessment_rounds')
    .values({
      partnership_id: pid,
      framework_id: await ensureDefaultFramework(db, pid),
      name: 'Re-assessment 2027',
      kind: 'live',
      status: 'open',
      opens_on: null,
      closes_on: null,
      audience_json: '{}',
      focus_group_counting: 'one',
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const orgs = await db
    .selectFrom('organisations')
    .select(['id', 'type', 'sector'])
    .where('partnership_id', '=', pid)
    .orderBy('id')
    .limit(2)
    .execute();
  for (let i = 0; i < 12; i += 1) {
    const org = orgs[i % 2] as { id: number; type: string; sector: string };
    const response = await db
      .insertInto('assessment_responses')
      .values({
        partnership_id: pid,
        round_id: id,
        organisation_id: org.id,
        organisation_type: org.type,
        sector: org.sector,
        respondent_type: i < 8 ? 'frontline' : 'leader',
        source: 'personal',
        participants: 1,
        status: 'submitted',
        submitted_at: at,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const answers = [];
    for (let t = 1; t <= 8; t += 1)
      for (let s = 1; s <= 8; s += 1) {
        const dontKnow = (i + t + s) % 9 === 0;
        answers.push({
          partnership_id: pid,
          round_id: id,
          response_id: response.id,
          theme: t,
          stage: s,
          score: dontKnow ? null : ((i + t * s) % 5) + 1,
          answer_kind: dontKnow ? ('dont_know' as const) : ('score' as const),
        });
      }
    await db.insertInto('assessment_answers').values(answers).execute();
  }
  await countSubmittedAnswers(db, pid, id);
  return id;
}

describe('self-assessment results in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let roundId: number;
  before(async () => {
    app = await startTestApp('sqlite');
    browser = await sharedBrowser();
    roundId = await seedRound(app);
  });
  after(async () => {
    await app?.close();
  });

  it('lets an administrator import a past round, read results, mark a priority and compare (JavaScript on)', async () => {
    const context = await newContext(browser, { javaScript: true });
    const page = await context.newPage();
    await signInAs(page, app.url, 'admin@demoshire.example', DEMO_PASSWORD);

    await visit(page, `${app.url}/assessment/rounds/import`);
    const bad = join(mkdtempSync(join(tmpdir(), 'ow-import-')), 'bad.csv');
    writeFileSync(bad, 'Theme,1,2,3,4,5,6,7,8\n"Shared identity, purpose and vision",9,2,3,4,5,4,3,2\n');
    await page.getByLabel('Name of the round').fill('Herefordshire June 2009');
    await page.getByLabel('Day').fill('30');
    await page.getByLabel('Month').fill('6');
    await page.getByLabel('Year').fill('2009');
    await page.getByLabel('Table of mean scores').setInputFiles(bad);
    await page.getByRole('button', { name: 'Import round' }).click();
    await page.getByText('There is a problem').waitFor();
    assert.ok(await page.getByText('Row 2, column B: 9 is outside the scale of 1 to 5').isVisible());
    assert.equal(await page.getByLabel('Name of the round').inputValue(), 'Herefordshire June 2009');
    await expectAccessible(page);
    await page.getByLabel('Table of mean scores').setInputFiles(HEREFORDSHIRE);
    await page.getByRole('button', { name: 'Import round' }).click();
    await page.getByRole('heading', { name: 'Results: Herefordshire June 2009' }).waitFor();
    assert.ok(await page.getByText('Herefordshire June 2009 is imported').isVisible());
    const highest = page.getByTestId('highest').getByRole('listitem').first();
    assert.equal(
      await highest.innerText(),
      'Shared identity, purpose and vision × Get it working across the workforce: 4.3',
    );
    assert.match(
      await page.getByTestId('lowest').getByRole('listitem').first().innerText(),
      /Capacity to deliver and keep children safe × Get the right people to help: 2.2/,
    );
    await expectAccessible(page);

    await visit(page, `${app.url}/assessment/rounds/${roundId}/results`);
    assert.equal(await page.getByTestId('heat-map').locator('tbody td.ow-heat').count(), 64);
    assert.ok(await page.getByRole('img', { name: 'Rainbow of Re-assessment 2027' }).isVisible());
    await page.getByText('Statistics for every cell').click();
    assert.ok(await page.getByTestId('cell-statistics').isVisible());
    assert.match(await page.getByTestId('response-count').innerText(), /12 submitted responses/);
    await page.getByLabel('Theme or cell').selectOption({ label: 'Complementary roles (whole theme)' });
    await page.getByLabel('Why it is a priority').fill('Roles overlap between health visiting and early help');
    await page.getByRole('button', { name: 'Add priority' }).click();
    await page.getByText('The priority is added').waitFor();
    assert.match(await page.getByTestId('priorities').innerText(), /Complementary roles: Roles overlap/);
    await expectAccessible(page);

    await visit(page, `${app.url}/assessment/compare`);
    await page.getByLabel('Earlier round').selectOption({ label: 'Herefordshire June 2009' });
    await page.getByLabel('Later round').selectOption({ label: 'Re-assessment 2027' });
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.getByTestId('compare-summary').waitFor();
    assert.equal(await page.locator('svg[role="img"]').count(), 2);
    await expectAccessible(page);
    await context.close();
  });

  it('shows a steering member the results and comparison without JavaScript, and no administration', async () => {
    const context = await newContext(browser, { javaScript: false });
    const page = await context.newPage();
    await signInAs(page, app.url, 'steering@demoshire.example', DEMO_PASSWORD);
    await visit(page, `${app.url}/assessment/rounds/${roundId}/results`);
    assert.equal(await page.getByTestId('heat-map').locator('tbody td.ow-heat').count(), 64);
    assert.equal(await page.getByRole('button', { name: 'Add priority' }).count(), 0);
    await page.getByText('Statistics for every cell').click();
    assert.ok(await page.getByTestId('cell-statistics').isVisible());
    await visit(page, `${app.url}/assessment/compare?to=${roundId}`);
    await page.getByLabel('Earlier round').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.getByTestId('compare-summary').waitFor();
    await expectAccessible(page);
    const refused = await page.goto(`${app.url}/assessment/rounds/import`);
    assert.equal(refused?.status(), 403);
    await context.close();
  });
});
