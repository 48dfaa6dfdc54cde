import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { dateFields, idIn } from '../support/plan-forms.ts';

for (const engine of ENGINES) {
  describe(`the risk register on ${engine}`, () => {
    let app: TestApp;
    let admin: TestClient;
    before(async () => {
      app = await startTestApp(engine);
      admin = new TestClient(app.url);
      await admin.signIn('admin@demoshire.example');
    });
    after(async () => {
      await app?.close();
    });

    const riskForm = (overrides: Record<string, string> = {}) => ({
      title: 'Recruitment and retention of experienced staff',
      priorityId: '',
      cause: 'Competition from neighbouring authorities',
      effect: 'Vacancies filled by agency staff',
      owner: 'Service managers',
      likelihood: '4',
      impact: '4',
      targetLikelihood: '2',
      targetImpact: '2',
      controls: '',
      contingency: 'Coaching, mentoring and career pathways',
      ...dateFields('review', 90),
      ...overrides,
    });
    const addRisk = async (overrides: Record<string, string> = {}) => {
      await admin.get('/plan/risks/new');
      return admin.post('/plan/risks/new', riskForm(overrides));
    };
    const addAction = async (title: string) => {
      const priority = await app.db.kysely
        .selectFrom('plan_priorities')
        .select('id')
        .where('partnership_id', '=', app.demoPartnershipId)
        .executeTakeFirstOrThrow();
      await admin.get('/plan/actions/new');
      const created = await admin.post('/plan/actions/new', {
        title,
        priorityId: String(priority.id),
        outcomes: 'Fewer leavers',
        leadName: 'Principal Social Worker',
        leadOrganisation: 'Demoshire County Council',
        ...dateFields('start', -10),
        ...dateFields('due', 100),
      });
      return idIn(created.location, 'actions');
    };
    const riskCount = async () =>
      (
        await app.db.kysely
          .selectFrom('plan_risks')
          .select('id')
          .where('partnership_id', '=', app.demoPartnershipId)
          .execute()
      ).length;
    const residual = async (id: number) =>
      /data-testid="residual">(\d+)</.exec((await admin.get(`/plan/risks/${id}`)).text)?.[1];

    it('refuses a likelihood of 0 or 6 and a target above the risk, changing nothing', async () => {
      const before = await riskCount();
      const zero = await addRisk({ likelihood: '0', impact: '6', targetImpact: '1' });
      assert.equal(zero.status, 400);
      assert.match(zero.text, /href="#likelihood">Likelihood must be a whole number from 1 to 5/);
      assert.match(zero.text, /href="#impact">Impact must be a whole number from 1 to 5/);
      const above = await addRisk({ likelihood: '2', targetLikelihood: '3' });
      assert.equal(above.status, 400);
      assert.match(above.text, /The target likelihood cannot be higher than the likelihood now/);
      assert.equal(await riskCount(), before);
    });

    it('lets the residual score fall only as far as the linked actions are complete, keeping history and audit', async () => {
      const id = idIn((await addRisk()).location, 'risks');
      assert.equal(await residual(id), '16');
      const first = await addAction('Exit interviews for every leaver');
      const second = await addAction('Mentoring for newly qualified social workers');
      await admin.get(`/plan/risks/${id}`);
      assert.equal((await admin.post(`/plan/risks/${id}/actions`, { actionId: String(first) })).status, 303);
      assert.equal((await admin.post(`/plan/risks/${id}/actions`, { actionId: String(second) })).status, 303);
      const twice = await admin.post(`/plan/risks/${id}/actions`, { actionId: String(second) });
      assert.equal(twice.status, 400);
      assert.match(twice.text, /is already linked to this risk/);
      assert.equal(await residual(id), '16', 'linked but not complete: no mitigation claimed');
      await admin.post(`/plan/actions/${first}/updates`, { progress: '100', narrative: 'Done' });
      assert.equal(await residual(id), '9', 'half the actions complete: likelihood 3 × impact 3');
      await admin.post(`/plan/actions/${second}/updates`, { progress: '100', narrative: 'Done' });
      assert.equal(await residual(id), '4', 'every action complete: the target, 2 × 2');
      await admin.post(`/plan/risks/${id}/actions/remove`, { actionId: String(second) });
      assert.equal(await residual(id), '4', 'the one linked action is complete');
      const history = await app.db.kysely
        .selectFrom('plan_risk_history')
        .selectAll()
        .where('risk_id', '=', id)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        history.map((h) => [h.event.split(' ')[0], Number(h.residual_score)]),
        [
          ['Added', 16],
          ['Linked', 16],
          ['Linked', 16],
          ['Unlinked', 4],
        ],
      );
      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .select('summary')
        .where('entity_type', '=', 'plan_risk')
        .where('entity_id', '=', String(id))
        .execute();
      assert.equal(audit.length, 4);
    });

    it('shows the register with both 5×5 heat maps and their tables', async () => {
      const page = await admin.get('/plan/risks');
      assert.equal(page.status, 200);
      assert.match(page.text, /<svg [^>]*role="img" aria-labelledby="inherent-map-title inherent-map-desc"/);
      assert.match(page.text, /data-testid="residual-grid"/);
      const rows = await app.db.kysely
        .selectFrom('plan_risks')
        .select(['likelihood', 'impact'])
        .where('partnership_id', '=', app.demoPartnershipId)
        .execute();
      const highCorner = rows.filter((r) => Number(r.likelihood) === 5 && Number(r.impact) === 4).length;
      const inherentGrid = /data-testid="inherent-grid"[\s\S]*?<\/table>/.exec(page.text)?.[0] ?? '';
      assert.match(
        inherentGrid,
        new RegExp(
          `5 Almost certain</th>(?:\\s*<td[^>]*>\\d+<span[^>]*> \\(\\w+\\)</span></td>){3}\\s*<td[^>]*>${highCorner}<`,
        ),
      );
    });

    it('lets only plan editors change the register', async () => {
      const id = idIn((await addRisk({ title: 'A risk to protect' })).location, 'risks');
      for (const who of ['steering', 'datalead']) {
        const client = new TestClient(app.url);
        await client.signIn(`${who}@demoshire.example`);
        assert.equal((await client.get(`/plan/risks/${id}`)).status, 200);
        assert.equal((await client.get('/plan/risks/new')).status, 403);
        assert.equal((await client.post(`/plan/risks/${id}/actions`, { actionId: '1' })).status, 403);
      }
    });
  });
}
