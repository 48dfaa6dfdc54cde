import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';

const INJECTION = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[x](javascript:alert(1))',
  '[ok](https://example.org/plan)',
].join('\n\n');

/** No executable markup: no script element, no event-handler attribute, no javascript: link. */
function assertInert(html: string) {
  assert.equal(/<script/i.test(html.replace(/<script[^>]*src="\/assets\/[^"]+"[^>]*><\/script>/g, '')), false);
  assert.equal(/<img[^>]*onerror/i.test(html), false);
  assert.equal(/href="javascript:/i.test(html), false);
}

for (const engine of ENGINES) {
  describe(`strategies with versions, frozen figures and the toolkit checklist on ${engine}`, () => {
    let app: TestApp;
    let admin: TestClient;
    let versionId = 0;
    let strategyId = 0;
    before(async () => {
      app = await startTestApp(engine);
      admin = new TestClient(app.url);
      await admin.signIn('admin@demoshire.example');
    });
    after(async () => {
      await app?.close();
    });

    const section = (id: number, key: string) =>
      app.db.kysely
        .selectFrom('strategy_sections')
        .select('body')
        .where('version_id', '=', id)
        .where('section', '=', key)
        .executeTakeFirst();
    const audits = (entityType: string, id: number) =>
      app.db.kysely
        .selectFrom('audit_events')
        .select('summary')
        .where('entity_type', '=', entityType)
        .where('entity_id', '=', String(id))
        .orderBy('id')
        .execute();
    const priorityCount = async () =>
      (
        await app.db.kysely
          .selectFrom('plan_priorities')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('partnership_id', '=', app.demoPartnershipId)
          .executeTakeFirstOrThrow()
      ).n;
    const demoSlug = async () =>
      (
        await app.db.kysely
          .selectFrom('partnerships')
          .select('slug')
          .where('id', '=', app.demoPartnershipId)
          .executeTakeFirstOrThrow()
      ).slug;
    /** Approves the test's version on 1 December 2026 by the group given. */
    const approve = (groupId: string) =>
      admin.post(`/plan/versions/${versionId}/approve`, {
        groupId,
        'approvedOn-day': '1',
        'approvedOn-month': '12',
        'approvedOn-year': '2026',
      });
    const group = () =>
      app.db.kysely
        .selectFrom('gov_groups')
        .select(['id', 'name'])
        .where('partnership_id', '=', app.demoPartnershipId)
        .orderBy('id')
        .executeTakeFirstOrThrow();

    it('loads the demo strategy: version 1 approved by the board and published with frozen figures, version 2 a draft', async () => {
      const versions = await app.db.kysely
        .selectFrom('strategy_versions as v')
        .innerJoin('strategies as s', 's.id', 'v.strategy_id')
        .leftJoin('gov_groups as g', 'g.id', 'v.approved_by_group_id')
        .select(['v.id', 'v.number', 'v.status', 'v.frozen_figures', 'g.kind', 's.title', 's.start_year', 's.end_year'])
        .where('v.partnership_id', '=', app.demoPartnershipId)
        .orderBy('v.number')
        .execute();
      assert.deepEqual(
        versions.map((v) => [v.title, v.start_year, v.end_year, Number(v.number), v.status, v.kind]),
        [
          ['Children’s Workforce Strategy', 2026, 2029, 1, 'published', 'board'],
          ['Children’s Workforce Strategy', 2026, 2029, 2, 'draft', null],
        ],
      );
      const frozen = JSON.parse(versions[0]?.frozen_figures ?? '{}') as Record<string, string>;
      assert.match(frozen['workforce.headcount'] ?? '', /^[\d,]+$/);
      assert.match(frozen['workforce.turnoverRate'] ?? '', /^\d+\.\d%$/);
      assert.match(frozen['assessment.lowestCells'] ?? '', /\(\d\.\d\)/);
      const answers = await app.db.kysely
        .selectFrom('strategy_checklist')
        .select('id')
        .where('version_id', '=', versions[0]?.id ?? 0)
        .execute();
      assert.equal(answers.length, 22);
      const slug = await demoSlug();
      const list = await admin.get('/plan/strategies');
      assert.match(list.text, new RegExp(`href="/p/${slug}/strategy"`));
      const published = await new TestClient(app.url).get(`/p/${slug}/strategy`);
      assert.equal(published.status, 200);
      assert.match(published.text, new RegExp(`employees in post \\(${frozen['workforce.fteInPost']} FTE\\)`));
    });

    it('adds a strategy with a first draft, refusing a period that ends before it starts', async () => {
      const plan = await admin.get('/plan');
      assert.match(plan.text, /href="\/plan\/strategies">Strategies</);
      await admin.get('/plan/strategies/new');
      const bad = await admin.post('/plan/strategies/new', {
        title: 'Test strategy',
        startYear: '2029',
        endYear: '2026',
      });
      assert.equal(bad.status, 400);
      assert.match(bad.text, /The last year must be the same as or after the first year/);
      const added = await admin.post('/plan/strategies/new', {
        title: 'Test strategy',
        startYear: '2026',
        endYear: '2029',
      });
      assert.equal(added.status, 303);
      const version = await app.db.kysely
        .selectFrom('strategy_versions as v')
        .innerJoin('strategies as s', 's.id', 'v.strategy_id')
        .select(['v.id', 'v.status', 'v.number', 's.id as strategy_id'])
        .where('s.title', '=', 'Test strategy')
        .executeTakeFirstOrThrow();
      assert.deepEqual([version.status, Number(version.number)], ['draft', 1]);
      assert.equal(added.location, `/plan/versions/${version.id}`);
      versionId = version.id;
      strategyId = version.strategy_id;
      const list = await admin.get('/plan/strategies');
      assert.match(list.text, /Test strategy 2026–29/);
      assert.equal((await audits('strategy', strategyId)).length, 1);
    });

    it('refuses an unknown token by name and saves nothing; a known one is saved and shows its current value', async () => {
      const path = `/plan/versions/${versionId}/sections/workforce-data`;
      const editor = await admin.get(path);
      assert.equal(editor.status, 200);
      assert.match(editor.text, /\{\{ workforce\.turnoverRate \}\}/);
      assert.match(editor.text, new RegExp(`data-token="plan.priorityCount">${await priorityCount()}<`));
      const unknown = await admin.post(path, {
        body: 'Turnover is {{ workforce.turnover }} and {{ plan.nothing }}.',
        intent: 'save',
      });
      assert.equal(unknown.status, 400);
      assert.match(
        unknown.text,
        /Workforce data and data issues uses unknown figure tokens \{\{ workforce\.turnover \}\}, \{\{ plan\.nothing \}\}/,
      );
      assert.equal(await section(versionId, 'workforce-data'), undefined);
      const saved = await admin.post(path, {
        body: 'We have **{{ plan.priorityCount }}** priorities.',
        intent: 'save',
      });
      assert.equal(saved.status, 303);
      assert.equal(
        (await section(versionId, 'workforce-data'))?.body,
        'We have **{{ plan.priorityCount }}** priorities.',
      );
      const page = await admin.get(`/plan/versions/${versionId}`);
      assert.match(page.text, new RegExp(`We have <strong>${await priorityCount()}</strong> priorities\\.`));
      assert.ok((await audits('strategy_version', versionId)).some((a) => /Changed Workforce data/.test(a.summary)));
    });

    it('previews without saving, and Markdown cannot inject HTML or script', async () => {
      const path = `/plan/versions/${versionId}/sections/vision`;
      await admin.get(path);
      const preview = await admin.post(path, { body: INJECTION, intent: 'preview' });
      assert.equal(preview.status, 200);
      const shown = /data-testid="preview">([\s\S]*?)<\/div>/.exec(preview.text)?.[1] ?? '';
      assert.match(shown, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.match(shown, /&lt;img src=x onerror=alert\(1\)&gt;/);
      assert.match(shown, /\[x\]\(javascript:alert\(1\)\)/);
      assert.match(shown, /<a href="https:\/\/example.org\/plan" class="govuk-link">ok<\/a>/);
      assertInert(shown);
      assert.equal(await section(versionId, 'vision'), undefined);
      assert.equal((await admin.post(path, { body: INJECTION, intent: 'save' })).status, 303);
      const page = await admin.get(`/plan/versions/${versionId}`);
      const vision = /data-testid="section-vision">([\s\S]*?)<\/div>/.exec(page.text)?.[1] ?? '';
      assert.match(vision, /&lt;script&gt;/);
      assertInert(vision);
    });

    it('moves draft → approved → published only, freezing the figures at approval', async () => {
      const { id: groupId, name } = await group();
      await admin.get(`/plan/versions/${versionId}`);
      const early = await admin.post(`/plan/versions/${versionId}/publish`);
      assert.equal(early.status, 409);
      assert.match(early.text, /Version 1 is draft: only an approved version can be published/);
      const noGroup = await approve('');
      assert.equal(noGroup.status, 400);
      assert.match(noGroup.text, /Select the group that approved this version/);
      const frozenCount = await priorityCount();
      const approved = await approve(String(groupId));
      assert.equal(approved.status, 303);
      const row = await app.db.kysely
        .selectFrom('strategy_versions')
        .selectAll()
        .where('id', '=', versionId)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, 'approved');
      assert.equal(row.approved_on, '2026-12-01');
      assert.equal(JSON.parse(row.frozen_figures ?? '{}')['plan.priorityCount'], String(frozenCount));
      const again = await approve(String(groupId));
      assert.equal(again.status, 409);
      assert.match(again.text, /Version 1 is approved: only a draft can be approved/);
      const edit = await admin.post(`/plan/versions/${versionId}/sections/vision`, { body: 'Changed', intent: 'save' });
      assert.equal(edit.status, 409);
      assert.match(edit.text, /Version 1 is approved: start a new draft to change it/);

      // The data changes after approval: the approved version keeps the old figure, a new draft shows the new one.
      await app.db.kysely
        .insertInto('plan_priorities')
        .values({
          partnership_id: app.demoPartnershipId,
          rank: 99,
          title: 'Added after approval',
          description: '',
          themes: '[]',
          source_assessment_priority_id: null,
          created_at: '2026-12-02T00:00:00Z',
          updated_at: '2026-12-02T00:00:00Z',
        })
        .execute();
      assert.equal(await priorityCount(), frozenCount + 1);
      const page = await admin.get(`/plan/versions/${versionId}`);
      assert.match(page.text, new RegExp(`We have <strong>${frozenCount}</strong> priorities\\.`));
      assert.match(page.text, new RegExp(`Approved by ${name} on 1 December 2026`));

      assert.equal((await admin.post(`/plan/versions/${versionId}/publish`)).status, 303);
      await admin.get(`/plan/strategies/${strategyId}`);
      const draft = await admin.post(`/plan/strategies/${strategyId}/versions`);
      assert.equal(draft.status, 303);
      const second = await app.db.kysely
        .selectFrom('strategy_versions')
        .select(['id', 'status', 'number'])
        .where('strategy_id', '=', strategyId)
        .where('number', '=', 2)
        .executeTakeFirstOrThrow();
      assert.equal(second.status, 'draft');
      assert.equal(
        (await section(second.id, 'workforce-data'))?.body,
        'We have **{{ plan.priorityCount }}** priorities.',
      );
      const secondPage = await admin.get(`/plan/versions/${second.id}`);
      assert.match(secondPage.text, new RegExp(`We have <strong>${frozenCount + 1}</strong> priorities\\.`));
      const twoDrafts = await admin.post(`/plan/strategies/${strategyId}/versions`);
      assert.equal(twoDrafts.status, 409);
      assert.match(twoDrafts.text, /Version 2 is still a draft/);
      const summaries = (await audits('strategy_version', versionId)).map((a) => a.summary);
      assert.ok(summaries.some((s) => /^Approved version 1 of Test strategy .*figures are frozen/.test(s)));
      assert.ok(summaries.some((s) => /^Published version 1 of Test strategy/.test(s)));
    });

    it('shows the latest published version on the public page, with its frozen figures, to anyone', async () => {
      const slug = await demoSlug();
      const anyone = new TestClient(app.url);
      const published = await anyone.get(`/p/${slug}/strategy`);
      assert.equal(published.status, 200);
      const latest = await app.db.kysely
        .selectFrom('strategy_versions')
        .select('frozen_figures')
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('status', '=', 'published')
        .orderBy('published_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      assert.match(published.text, /Test strategy 2026–29/);
      const frozen = JSON.parse(latest.frozen_figures ?? '{}')['plan.priorityCount'];
      assert.match(published.text, new RegExp(`We have <strong>${frozen}</strong> priorities\\.`));
      assert.notEqual(String(await priorityCount()), frozen);
      assert.equal((await anyone.get('/p/no-such-partnership/strategy')).status, 404);
    });

    it('answers the toolkit checklist with evidence and links, refusing an unsafe link and saving nothing then', async () => {
      const path = `/plan/versions/${versionId}/checklist/edit`;
      await admin.get(path);
      const bad = await admin.post(path, {
        'answer-cypp-strategic': 'yes',
        'evidence-cypp-strategic': 'Section 3 of the CYPP',
        'links-cypp-strategic': 'javascript:alert(1)',
      });
      assert.equal(bad.status, 400);
      assert.match(bad.text, /Question 1: “javascript:alert\(1\)” is not a web address: start it with https:\/\//);
      const none = await app.db.kysely
        .selectFrom('strategy_checklist')
        .select('id')
        .where('version_id', '=', versionId)
        .execute();
      assert.equal(none.length, 0);
      const saved = await admin.post(path, {
        'answer-cypp-strategic': 'yes',
        'evidence-cypp-strategic': 'Section 3 of the CYPP',
        'links-cypp-strategic': 'https://example.org/cypp',
        'answer-consulted': 'partly',
        'answer-funding-gaps': 'no',
      });
      assert.equal(saved.status, 303);
      const summary = await admin.get(`/plan/versions/${versionId}/checklist`);
      assert.match(summary.text, /The checklist is saved: 1 yes, 1 partly, 1 no, 19 not answered/);
      assert.match(summary.text, /data-testid="answer-cypp-strategic"><strong>Yes<\/strong>: Section 3 of the CYPP/);
      assert.match(summary.text, /href="https:\/\/example.org\/cypp"/);
      const version = await admin.get(`/plan/versions/${versionId}`);
      assert.match(version.text, /Toolkit checklist<\/a>: 1 yes, 1 partly, 1 no, 19 not answered/);
      assert.ok(
        (await audits('strategy_version', versionId)).some((a) =>
          /Answered the toolkit checklist .*\(3 of 22/.test(a.summary),
        ),
      );
    });

    it('lets a viewer read but change nothing', async () => {
      const viewer = new TestClient(app.url);
      await viewer.signIn('viewer@demoshire.example');
      assert.equal((await viewer.get(`/plan/versions/${versionId}`)).status, 200);
      assert.equal((await viewer.get(`/plan/versions/${versionId}/checklist`)).status, 200);
      const before = await app.db.kysely.selectFrom('strategy_versions').selectAll().orderBy('id').execute();
      for (const path of [
        '/plan/strategies/new',
        `/plan/strategies/${strategyId}/versions`,
        `/plan/versions/${versionId}/sections/vision`,
        `/plan/versions/${versionId}/publish`,
        `/plan/versions/${versionId}/checklist/edit`,
      ]) {
        const response = await viewer.post(path, { title: 'x', startYear: '2026', endYear: '2027', body: 'x' });
        assert.equal(response.status, 403, path);
      }
      assert.deepEqual(await app.db.kysely.selectFrom('strategy_versions').selectAll().orderBy('id').execute(), before);
    });

    it('promotes a priority for improvement into the plan once, linked to its theme and cell', async () => {
      const round = await app.db.kysely
        .selectFrom('assessment_rounds')
        .select('id')
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('status', '=', 'closed')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      await admin.get(`/assessment/rounds/${round.id}/results`);
      const marked = await admin.post(`/assessment/rounds/${round.id}/priorities`, {
        cell: '5:4',
        note: 'Training reaches too few',
      });
      assert.equal(marked.status, 303);
      const source = await app.db.kysely
        .selectFrom('assessment_priorities')
        .select('id')
        .where('round_id', '=', round.id)
        .where('note', '=', 'Training reaches too few')
        .executeTakeFirstOrThrow();
      const results = await admin.get(`/assessment/rounds/${round.id}/results`);
      assert.match(results.text, new RegExp(`action="/plan/promotions/${source.id}"`));
      const promoted = await admin.post(`/plan/promotions/${source.id}`);
      assert.equal(promoted.status, 303);
      const priority = await app.db.kysely
        .selectFrom('plan_priorities')
        .selectAll()
        .where('source_assessment_priority_id', '=', source.id)
        .executeTakeFirstOrThrow();
      assert.equal(promoted.location, `/plan/priorities/${priority.id}`);
      assert.equal(priority.themes, '[5]');
      assert.match(priority.title, /^High quality, appropriately trained workforce: get it working/i);
      assert.match(priority.description, /Training reaches too few/);
      const again = await admin.post(`/plan/promotions/${source.id}`);
      assert.equal(again.status, 400);
      assert.match(again.text, new RegExp(`This priority is already in the plan as priority ${priority.rank}`));
      const rows = await app.db.kysely
        .selectFrom('plan_priorities')
        .select('id')
        .where('source_assessment_priority_id', '=', source.id)
        .execute();
      assert.equal(rows.length, 1);
      assert.ok(
        (await audits('plan_priority', priority.id)).some((a) =>
          /^Promoted a priority for improvement/.test(a.summary),
        ),
      );
      const viewer = new TestClient(app.url);
      await viewer.signIn('viewer@demoshire.example');
      await viewer.get('/');
      assert.equal((await viewer.post(`/plan/promotions/${source.id}`)).status, 403);
      assert.doesNotMatch((await viewer.get(`/assessment/rounds/${round.id}/results`)).text, /\/plan\/promotions\//);
    });
  });
}
