import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { planApiOperations } from '../../src/api/plan-operations.ts';
import { addDays, todayInLondon } from '../../src/lib/dates.ts';
import { ENGINES, startTestApp, type TestApp } from '../support/app.ts';
import { type ApiCall, auditRows, fieldsOf, planApiClient } from '../support/plan-api.ts';

const today = todayInLondon();

for (const engine of ENGINES) {
  describe(`the plan's API: priorities, actions and risks on ${engine}`, () => {
    let app: TestApp;
    let api: ApiCall;
    let priorityId: number;
    let actionId: number;
    before(async () => {
      app = await startTestApp(engine);
      api = await planApiClient(app, ['partnership_admin', 'viewer', 'data_lead', 'practitioner']);
    });
    after(async () => {
      await app?.close();
    });

    it('lists every plan operation in the OpenAPI document with the capability it needs', async () => {
      const doc = (await (await fetch(`${app.url}/api/v1/openapi.json`)).json()) as {
        paths: Record<string, Record<string, { operationId: string; description: string; tags: string[] }>>;
      };
      const operations = planApiOperations(app.services);
      assert.ok(operations.length >= 40, `${operations.length} plan operations`);
      for (const op of operations) {
        const documented = doc.paths[op.path.replace(/:(\w+)/g, '{$1}')]?.[op.method];
        assert.equal(documented?.operationId, op.operationId, op.operationId);
        assert.deepEqual(documented?.tags, ['Strategy and action plan']);
        for (const capability of [op.capability].flat())
          assert.match(documented?.description ?? '', new RegExp(`\`${capability}\``), op.operationId);
      }
      const ids = operations.map((o) => o.operationId);
      for (const id of ['listPlanActions', 'addPlanActionUpdate', 'overridePlanActionRag', 'linkPlanRiskAction'])
        assert.ok(ids.includes(id), id);
      assert.equal(doc.paths['/plan/actions/{id}/updates']?.post?.description.includes('`plan:update-own`'), true);
    });

    it('adds, reads and changes a priority and its objective; refuses a bad rank, naming the field; audits each change', async () => {
      const refused = await api('partnership_admin', 'POST', '/plan/priorities', {
        title: 'Retention',
        description: 'Keep people',
        rank: 0,
      });
      assert.equal(refused.status, 422);
      assert.deepEqual(fieldsOf(refused), ['body.rank']);
      const missing = await api('partnership_admin', 'POST', '/plan/priorities', { title: 'Retention' });
      assert.equal(missing.status, 422);
      assert.ok(fieldsOf(missing).includes('body.description'));

      const created = await api('partnership_admin', 'POST', '/plan/priorities', {
        title: 'Retention of social workers',
        description: 'Keep experienced social workers in post',
        rank: 9,
        themes: [3],
      });
      assert.equal(created.status, 201);
      assert.equal(created.body.riskAppetite, 12);
      priorityId = created.body.id;
      const changed = await api('partnership_admin', 'PATCH', `/plan/priorities/${priorityId}`, { riskAppetite: 8 });
      assert.equal(changed.status, 200);
      assert.equal(changed.body.title, 'Retention of social workers');
      assert.equal(changed.body.riskAppetite, 8);

      const late = await api('partnership_admin', 'POST', `/plan/priorities/${priorityId}/objectives`, {
        what: 'Reduce turnover',
        measure: 'Turnover rate',
        target: 'Below 15%',
        dueDate: '2027-02-30',
        owner: 'Workforce group',
      });
      assert.equal(late.status, 422);
      assert.deepEqual(fieldsOf(late), ['body.dueDate']);
      const objective = await api('partnership_admin', 'POST', `/plan/priorities/${priorityId}/objectives`, {
        what: 'Reduce turnover',
        measure: 'Turnover rate',
        target: 'Below 15%',
        dueDate: '2027-03-31',
        owner: 'Workforce group',
      });
      assert.equal(objective.status, 201);
      const patched = await api('partnership_admin', 'PATCH', `/plan/objectives/${objective.body.id}`, {
        target: 'Below 14%',
      });
      assert.equal(patched.body.target, 'Below 14%');
      assert.equal(patched.body.dueDate, '2027-03-31');
      const read = await api('viewer', 'GET', `/plan/priorities/${priorityId}`);
      assert.equal(read.status, 200);
      assert.equal(read.body.objectives[0].target, 'Below 14%');
      assert.deepEqual(
        (await auditRows(app, 'plan_priority', priorityId)).map((r) => r.action),
        ['create', 'update'],
      );
      assert.equal((await auditRows(app, 'plan_objective', objective.body.id)).length, 2);
      assert.equal((await api('viewer', 'POST', '/plan/priorities', created.body)).status, 403);
      assert.equal((await api('practitioner', 'GET', '/plan/priorities')).status, 403);
    });

    it('adds and changes an action, refuses bad dates and a negative cost by field, and turns it amber with an update', async () => {
      const base = {
        title: 'Run exit interviews with every leaver',
        priorityId,
        outcomes: 'Reasons for leaving known',
        leadName: 'Principal Social Worker',
        leadOrganisation: 'Demoshire County Council',
        startDate: addDays(today, -60),
        dueDate: addDays(today, -61),
        costPence: -1000,
      };
      const refused = await api('partnership_admin', 'POST', '/plan/actions', base);
      assert.equal(refused.status, 422);
      assert.deepEqual(fieldsOf(refused).sort(), ['body.costPence', 'body.dueDate']);
      assert.match(
        refused.body.errors.find((e: { field: string }) => e.field === 'body.dueDate').message,
        /after the start/,
      );
      const before = (await api('viewer', 'GET', '/plan/actions')).body.length;
      const created = await api('partnership_admin', 'POST', '/plan/actions', {
        ...base,
        dueDate: addDays(today, 30),
        costPence: 250_000,
      });
      assert.equal(created.status, 201);
      assert.equal(created.body.rag, 'red');
      const id = created.body.id;
      actionId = id;
      assert.equal((await api('viewer', 'GET', '/plan/actions')).body.length, before + 1);

      const changed = await api('partnership_admin', 'PATCH', `/plan/actions/${id}`, { title: 'Exit interviews' });
      assert.equal(changed.status, 200);
      assert.equal(changed.body.costPence, 250_000);
      assert.equal(changed.body.leadName, 'Principal Social Worker');
      const amber = await api('partnership_admin', 'POST', `/plan/actions/${id}/updates`, {
        progress: 40,
        narrative: 'Most teams started',
      });
      assert.equal(amber.status, 201);
      assert.equal(amber.body.rag, 'amber');
    });

    it('overrides an action’s RAG only with a reason, filters the action plan, and audits each change', async () => {
      const id = actionId;
      const noReason = await api('partnership_admin', 'PUT', `/plan/actions/${id}/rag-override`, { rag: 'green' });
      assert.deepEqual(fieldsOf(noReason), ['body.reason']);
      const badColour = await api('partnership_admin', 'PUT', `/plan/actions/${id}/rag-override`, { rag: 'pink' });
      assert.deepEqual(fieldsOf(badColour), ['body.rag']);
      const green = await api('partnership_admin', 'PUT', `/plan/actions/${id}/rag-override`, {
        rag: 'green',
        reason: 'Board agreed the new date',
      });
      assert.equal(green.body.rag, 'green');
      assert.equal(green.body.workedOutRag, 'amber');
      assert.equal(green.body.overrideReason, 'Board agreed the new date');
      const cleared = await api('partnership_admin', 'PUT', `/plan/actions/${id}/rag-override`, { rag: null });
      assert.equal(cleared.body.rag, 'amber');

      const reds = (await api('viewer', 'GET', '/plan/actions?rag=red')).body as { rag: string }[];
      assert.ok(reds.length > 0 && reds.every((a) => a.rag === 'red'));
      const exceptions = (await api('viewer', 'GET', '/plan/actions?exceptions=true')).body as {
        rag: string;
        stale: boolean;
      }[];
      assert.ok(exceptions.every((a) => a.rag === 'red' || a.rag === 'amber' || a.stale));
      assert.ok(exceptions.some((a) => a.rag === 'amber'));
      const mine = (await api('viewer', 'GET', `/plan/actions?priorityId=${priorityId}`)).body as { id: number }[];
      assert.deepEqual(
        mine.map((a) => a.id),
        [id],
      );
      assert.deepEqual(fieldsOf(await api('viewer', 'GET', '/plan/actions?rag=pink')), ['query.rag']);
      const read = await api('viewer', 'GET', `/plan/actions/${id}`);
      assert.equal(read.body.updates[0].narrative, 'Most teams started');
      assert.equal(read.body.canUpdate, false);
      assert.deepEqual(
        (await auditRows(app, 'plan_action', id)).map((r) => r.action),
        ['create', 'update', 'override', 'update'],
      );
      assert.equal(
        (
          await api('viewer', 'POST', '/plan/actions', {
            title: 'Viewer action',
            priorityId,
            outcomes: 'x',
            leadName: 'x',
            leadOrganisation: 'x',
            startDate: today,
            dueDate: addDays(today, 30),
          })
        ).status,
        403,
      );
      assert.equal((await api('viewer', 'PATCH', `/plan/actions/${id}`, { title: 'x' })).status, 403);
      assert.equal((await api('partnership_admin', 'GET', '/plan/actions/999999')).status, 404);
    });

    it('limits an action lead to their own actions', async () => {
      const mine = await api('data_lead', 'GET', '/plan/actions/mine');
      assert.equal(mine.status, 200);
      const me = (await api('data_lead', 'GET', '/me')).body.userId;
      assert.ok(mine.body.length > 0);
      assert.ok(mine.body.every((a: { leadUserId: number }) => a.leadUserId === me));
      const own = mine.body[0].id;
      const update = await api('data_lead', 'POST', `/plan/actions/${own}/updates`, {
        progress: 55,
        narrative: 'Halfway',
      });
      assert.equal(update.status, 201);
      assert.equal(update.body.progress, 55);
      const audit = await auditRows(
        app,
        'plan_action_update',
        (
          await app.db.kysely
            .selectFrom('plan_action_updates')
            .select('id')
            .where('action_id', '=', own)
            .orderBy('id', 'desc')
            .executeTakeFirstOrThrow()
        ).id,
      );
      assert.equal(audit.length, 1);
      const others = (await api('data_lead', 'GET', '/plan/actions')).body.filter(
        (a: { leadUserId: number | null }) => a.leadUserId !== me,
      );
      const other = others[0].id;
      const refused = await api('data_lead', 'POST', `/plan/actions/${other}/updates`, {
        progress: 99,
        narrative: 'x',
      });
      assert.equal(refused.status, 403);
      assert.equal((await api('data_lead', 'GET', `/plan/actions/${other}`)).body.action.progress, others[0].progress);
      assert.equal((await api('data_lead', 'PATCH', `/plan/actions/${own}`, { title: 'Mine now' })).status, 403);
      assert.equal((await api('data_lead', 'PUT', `/plan/actions/${own}/rag-override`, { rag: null })).status, 403);
      assert.equal(
        (await api('viewer', 'POST', `/plan/actions/${other}/updates`, { progress: 1, narrative: 'x' })).status,
        403,
      );
      assert.equal((await api('practitioner', 'GET', '/plan/actions/mine')).status, 403);
    });

    it('adds a risk, refuses likelihood 6, links an action and shows the residual score fall as it completes', async () => {
      const risk = {
        title: 'Agency social workers fill vacancies',
        cause: 'Shortage',
        effect: 'Higher cost',
        owner: 'Head of service',
        likelihood: 6,
        impact: 0,
        targetLikelihood: 2,
        targetImpact: 2,
        contingency: 'Pay cap',
        reviewOn: addDays(today, 90),
      };
      const refused = await api('partnership_admin', 'POST', '/plan/risks', risk);
      assert.equal(refused.status, 422);
      assert.deepEqual(fieldsOf(refused).sort(), ['body.impact', 'body.likelihood']);
      const created = await api('partnership_admin', 'POST', '/plan/risks', { ...risk, likelihood: 4, impact: 4 });
      assert.equal(created.status, 201);
      assert.equal(created.body.residual.score, 16);
      const id = created.body.id;
      const action = await api('partnership_admin', 'POST', '/plan/actions', {
        title: 'Grow our own social workers',
        priorityId,
        outcomes: 'Fewer agency staff',
        leadName: 'Workforce lead',
        leadOrganisation: 'Demoshire County Council',
        startDate: addDays(today, -10),
        dueDate: addDays(today, 100),
      });
      const linked = await api('partnership_admin', 'POST', `/plan/risks/${id}/actions`, { actionId: action.body.id });
      assert.equal(linked.status, 200);
      assert.equal(linked.body.linkedActions, 1);
      assert.equal(linked.body.residual.score, 16);
      const again = await api('partnership_admin', 'POST', `/plan/risks/${id}/actions`, { actionId: action.body.id });
      assert.deepEqual(fieldsOf(again), ['body.actionId']);
      await api('partnership_admin', 'POST', `/plan/actions/${action.body.id}/updates`, {
        progress: 100,
        narrative: 'Done',
      });
      const read = await api('viewer', 'GET', `/plan/risks/${id}`);
      assert.equal(read.body.risk.residual.score, 4);
      assert.deepEqual(
        read.body.actions.map((a: { id: number; rag: string }) => [a.id, a.rag]),
        [[action.body.id, 'blue']],
      );
      assert.deepEqual(
        read.body.history.map((h: { residualScore: number }) => h.residualScore),
        [16, 16],
      );
      const changed = await api('partnership_admin', 'PATCH', `/plan/risks/${id}`, { impact: 3, targetImpact: 1 });
      assert.equal(changed.body.inherentScore, 12);
      assert.equal(changed.body.cause, 'Shortage');
      const unlinked = await api('partnership_admin', 'DELETE', `/plan/risks/${id}/actions/${action.body.id}`);
      assert.equal(unlinked.body.linkedActions, 0);
      const unknown = await api('partnership_admin', 'DELETE', `/plan/risks/${id}/actions/999999`);
      assert.deepEqual(fieldsOf(unknown), ['path.actionId']);
      assert.deepEqual(
        (await auditRows(app, 'plan_risk', id)).map((r) => r.action),
        ['create', 'update', 'update', 'update'],
      );
      assert.equal((await api('viewer', 'PATCH', `/plan/risks/${id}`, { impact: 1 })).status, 403);
    });

    it('refuses a body that is not JSON, naming the body', async () => {
      const response = await fetch(`${app.url}/api/v1/plan/glossary`, { method: 'POST', body: 'term=X' });
      assert.equal(response.status, 401);
      const reply = await api('partnership_admin', 'POST', '/plan/actions');
      assert.equal(reply.status, 422);
      assert.deepEqual(fieldsOf(reply), ['body']);
    });
  });
}
