import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, todayInLondon } from '../../src/lib/dates.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';

const day = (offset: number) => {
  const [year, month, dayOfMonth] = addDays(todayInLondon(), offset).split('-');
  return { day: String(Number(dayOfMonth)), month: String(Number(month)), year: year ?? '' };
};
const dateFields = (name: string, offset: number) => {
  const d = day(offset);
  return { [`${name}-day`]: d.day, [`${name}-month`]: d.month, [`${name}-year`]: d.year };
};

async function signedIn(app: TestApp, who: string): Promise<TestClient> {
  const client = new TestClient(app.url);
  await client.signIn(`${who}@demoshire.example`);
  return client;
}

const idIn = (location: string | null, kind: string): number => {
  const id = new RegExp(`^/plan/${kind}/(\\d+)$`).exec(location ?? '')?.[1];
  assert.ok(id, `redirected to a ${kind} page, not ${location}`);
  return Number(id);
};

for (const engine of ENGINES) {
  describe(`the action plan on ${engine}`, () => {
    let app: TestApp;
    let admin: TestClient;
    let priorityId: number;
    let dataLeadId: number;
    before(async () => {
      app = await startTestApp(engine);
      admin = await signedIn(app, 'admin');
      await admin.get('/plan/priorities/new');
      const created = await admin.post('/plan/priorities/new', {
        title: 'A high quality, appropriately trained workforce',
        description: 'Multi-agency training and a common induction.',
        rank: '1',
        themes: ['5', '7'],
      });
      assert.equal(created.status, 303);
      priorityId = idIn(created.location, 'priorities');
      const lead = await app.db.kysely
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'datalead@demoshire.example')
        .executeTakeFirstOrThrow();
      dataLeadId = lead.id;
    });
    after(async () => {
      await app?.close();
    });

    const actionForm = (overrides: Record<string, string | string[]> = {}) => ({
      title: 'Develop and implement a programme of multi-agency training',
      priorityId: String(priorityId),
      objectiveId: '',
      themes: ['5'],
      stages: ['3', '4'],
      outcomes: 'Improved multi-agency working',
      successCriteria: '200 staff trained',
      leadUserId: '',
      leadName: 'Tim Woodward',
      leadOrganisation: 'Demoshire County Council',
      cost: '1,000',
      fundingStream: 'Pooled budget',
      ...dateFields('start', -60),
      ...dateFields('due', 30),
      ...overrides,
    });
    const addAction = async (client: TestClient, overrides: Record<string, string | string[]> = {}) => {
      await client.get('/plan/actions/new');
      return client.post('/plan/actions/new', actionForm(overrides));
    };
    const actionCount = async () =>
      Number(
        (
          await app.db.kysely
            .selectFrom('plan_actions')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('partnership_id', '=', app.demoPartnershipId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const audit = (entityType: string) =>
      app.db.kysely
        .selectFrom('audit_events')
        .selectAll()
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('entity_type', '=', entityType)
        .orderBy('id')
        .execute();

    it('adds a priority with a SMART objective, each audited', async () => {
      const page = await admin.get(`/plan/priorities/${priorityId}`);
      assert.equal(page.status, 200);
      assert.match(
        page.text,
        /High quality, appropriately trained workforce; Capacity to deliver and keep children safe/,
      );
      await admin.get(`/plan/priorities/${priorityId}/objectives/new`);
      const bad = await admin.post(`/plan/priorities/${priorityId}/objectives/new`, {
        what: 'Train staff',
        measure: '',
        target: '80%',
        owner: 'Workforce group',
        ...dateFields('due', 10),
        'due-month': '13',
      });
      assert.equal(bad.status, 400);
      assert.match(bad.text, /href="#measure">Enter how it will be measured/);
      assert.match(bad.text, /href="#due">The date it is due must be a real date, like 31 3 2027/);
      const saved = await admin.post(`/plan/priorities/${priorityId}/objectives/new`, {
        what: 'Every practitioner completes the common induction',
        measure: 'Share of new starters inducted within 3 months',
        target: '90%',
        owner: 'Workforce development group',
        ...dateFields('due', 200),
      });
      assert.equal(saved.status, 303);
      const shown = await admin.get(`/plan/priorities/${priorityId}`);
      assert.match(shown.text, /Every practitioner completes the common induction[\s\S]*?90%/);
      assert.equal((await audit('plan_priority')).length, 1);
      assert.equal((await audit('plan_objective')).length, 1);
    });

    it('refuses a due date before the start, a negative cost and a missing lead, changing nothing', async () => {
      const before = await actionCount();
      const bad = await addAction(admin, { ...dateFields('due', -90), cost: '-5', leadName: '', priorityId: '999999' });
      assert.equal(bad.status, 400);
      assert.match(bad.text, /href="#due">The due date must be the same as or after the start date/);
      assert.match(bad.text, /href="#cost">The cost cannot be negative: enter 0 or more/);
      assert.match(bad.text, /href="#leadName">Enter the lead’s name, or select someone with an account/);
      assert.match(bad.text, /href="#priorityId">Select the priority this action delivers/);
      assert.equal(await actionCount(), before);
    });

    it('works the RAG out from the dates and progress: amber behind schedule, blue when complete, all updates kept', async () => {
      const created = await addAction(admin);
      assert.equal(created.status, 303);
      const id = idIn(created.location, 'actions');
      let page = await admin.get(`/plan/actions/${id}`);
      assert.match(page.text, /data-testid="rag">Red</, 'no progress with 67% of the time gone is red');
      assert.equal(
        (await admin.post(`/plan/actions/${id}/updates`, { progress: '45', narrative: 'Two cohorts trained' })).status,
        303,
      );
      page = await admin.get(`/plan/actions/${id}`);
      assert.match(page.text, /data-testid="rag">Amber</);
      assert.match(page.text, /Your update is added: 45% done, Amber/);
      assert.equal(
        (await admin.post(`/plan/actions/${id}/updates`, { progress: '60', narrative: 'Third cohort' })).status,
        303,
      );
      assert.match((await admin.get(`/plan/actions/${id}`)).text, /data-testid="rag">Green</);
      assert.equal(
        (await admin.post(`/plan/actions/${id}/updates`, { progress: '100', narrative: 'Done' })).status,
        303,
      );
      page = await admin.get(`/plan/actions/${id}`);
      assert.match(page.text, /data-testid="rag">Complete</);
      const updates = await app.db.kysely
        .selectFrom('plan_action_updates')
        .selectAll()
        .where('action_id', '=', id)
        .execute();
      assert.deepEqual(
        updates.map((u) => Number(u.progress)),
        [45, 60, 100],
      );
      const list = await admin.get('/plan/actions');
      assert.match(list.text, /data-testid="complete-actions"[\s\S]*?multi-agency training/);
      const refused = await admin.post(`/plan/actions/${id}/updates`, { progress: '101', narrative: 'x' });
      assert.equal(refused.status, 400);
      assert.match(refused.text, /Enter progress as a whole number from 0 to 100/);
      assert.equal(
        (await app.db.kysely.selectFrom('plan_action_updates').selectAll().where('action_id', '=', id).execute())
          .length,
        3,
      );
    });

    it('marks overdue actions red, future ones not started, and lists stale and red ones as exceptions', async () => {
      const overdue = idIn(
        (await addAction(admin, { title: 'Overdue action', ...dateFields('start', -30), ...dateFields('due', -1) }))
          .location,
        'actions',
      );
      const future = idIn(
        (await addAction(admin, { title: 'Future action', ...dateFields('start', 10), ...dateFields('due', 100) }))
          .location,
        'actions',
      );
      const stale = idIn(
        (await addAction(admin, { title: 'Long quiet action', ...dateFields('start', -50), ...dateFields('due', 400) }))
          .location,
        'actions',
      );
      assert.match((await admin.get(`/plan/actions/${overdue}`)).text, /data-testid="rag">Red</);
      assert.match((await admin.get(`/plan/actions/${future}`)).text, /data-testid="rag">Not started</);
      const stalePage = await admin.get(`/plan/actions/${stale}`);
      assert.match(
        stalePage.text,
        /data-testid="rag">Green<\/strong> <strong class="govuk-tag govuk-tag--purple">Stale</,
      );
      const exceptions = await admin.get('/plan/actions/exceptions');
      assert.equal(exceptions.status, 200);
      assert.match(exceptions.text, /Overdue action/);
      assert.match(exceptions.text, /Long quiet action/);
      assert.doesNotMatch(exceptions.text, /Future action/);
    });

    it('needs a reason to override the RAG, and audits the override', async () => {
      const id = idIn((await addAction(admin, { title: 'Action to override' })).location, 'actions');
      const noReason = await admin.post(`/plan/actions/${id}/rag`, { rag: 'green', reason: ' ' });
      assert.equal(noReason.status, 400);
      assert.match(noReason.text, /Enter the reason for overriding the worked-out RAG/);
      const saved = await admin.post(`/plan/actions/${id}/rag`, {
        rag: 'green',
        reason: 'Funding confirmed; catching up',
      });
      assert.equal(saved.status, 303);
      const page = await admin.get(`/plan/actions/${id}`);
      assert.match(page.text, /data-testid="rag">Green</);
      assert.match(page.text, /Set by hand: Funding confirmed; catching up/);
      const events = (await audit('plan_action')).filter((e) => e.entity_id === String(id));
      const override = events.find((e) => e.action === 'override');
      assert.ok(override);
      assert.deepEqual(JSON.parse(override.before_json ?? '{}').rag, 'red');
      assert.deepEqual(JSON.parse(override.after_json ?? '{}'), {
        rag: 'green',
        override: 'green',
        reason: 'Funding confirmed; catching up',
      });
    });

    it('lets an action lead update their own actions and nothing more', async () => {
      const theirs = idIn(
        (await addAction(admin, { title: 'Data standards', leadUserId: String(dataLeadId), leadName: '' })).location,
        'actions',
      );
      const other = idIn((await addAction(admin, { title: 'Someone else’s action' })).location, 'actions');
      const lead = await signedIn(app, 'datalead');
      const mine = await lead.get('/plan/my-actions');
      assert.equal(mine.status, 200);
      assert.match(mine.text, /Data standards/);
      assert.doesNotMatch(mine.text, /Someone else’s action/);
      await lead.get(`/plan/actions/${theirs}`);
      assert.equal(
        (await lead.post(`/plan/actions/${theirs}/updates`, { progress: '70', narrative: 'Protocol agreed' })).status,
        303,
      );
      assert.equal(
        (await lead.post(`/plan/actions/${other}/updates`, { progress: '70', narrative: 'Not mine' })).status,
        403,
      );
      assert.equal((await lead.post(`/plan/actions/${theirs}/rag`, { rag: 'green', reason: 'x' })).status, 403);
      assert.equal((await lead.get(`/plan/actions/${theirs}/edit`)).status, 403);
      assert.equal((await lead.get('/plan/actions/new')).status, 403);
      const updates = await app.db.kysely
        .selectFrom('plan_action_updates')
        .selectAll()
        .where('action_id', 'in', [theirs, other])
        .execute();
      assert.deepEqual(
        updates.map((u) => [u.action_id, u.author_label]),
        [[theirs, updates[0]?.author_label]],
      );
      const steering = await signedIn(app, 'steering');
      assert.equal((await steering.get('/plan/actions')).status, 200);
      assert.equal((await steering.get('/plan/actions/new')).status, 403);
      await steering.get(`/plan/actions/${theirs}`);
      assert.equal(
        (await steering.post(`/plan/actions/${theirs}/updates`, { progress: '80', narrative: 'x' })).status,
        403,
      );
    });

    it('exports the plan as CSV and XLSX with formula-like text neutralised', async () => {
      await addAction(admin, { title: '=HYPERLINK("http://evil.example","x")' });
      const hostile = await addAction(admin, {
        title: '<script>alert(1)</script>',
        outcomes: '<img src=x onerror=alert(1)>',
      });
      const shown = await admin.get(hostile.location ?? '');
      assert.equal(shown.status, 200);
      assert.match(shown.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.match(shown.text, /&lt;img src=x onerror=alert\(1\)&gt;/);
      assert.doesNotMatch(shown.text, /<script>alert/);
      const csv = await admin.get('/plan/actions/download?format=csv');
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
      assert.match(csv.text, /^Reference,Priority,Action,Links to OCW Framework/);
      assert.match(csv.text, /"'=HYPERLINK\(""http:\/\/evil.example"",""x""\)"/);
      const xlsx = await admin.get('/plan/actions/download?format=xlsx');
      assert.equal(xlsx.status, 200);
      assert.match(xlsx.headers.get('content-type') ?? '', /spreadsheetml/);
    });
  });
}
