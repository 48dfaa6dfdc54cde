import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { todayInLondon } from '../../src/lib/dates.ts';
import { ENGINES, startTestApp, type TestApp } from '../support/app.ts';
import { type ApiCall, auditRows, fieldsOf, planApiClient } from '../support/plan-api.ts';

type Figure = { token: string; value: string };
const priorityCount = (version: { figures: Figure[] }) =>
  version.figures.find((f) => f.token === '{{ plan.priorityCount }}')?.value;

for (const engine of ENGINES) {
  describe(`strategies through the API on ${engine}`, () => {
    let app: TestApp;
    let api: ApiCall;
    before(async () => {
      app = await startTestApp(engine);
      api = await planApiClient(app, ['partnership_admin', 'viewer']);
    });
    after(async () => {
      await app?.close();
    });

    it('adds a strategy, writes a section, approves it with its figures frozen, publishes it and starts the next draft', async () => {
      const refused = await api('partnership_admin', 'POST', '/plan/strategies', {
        title: 'Workforce strategy',
        startYear: 2029,
        endYear: 2027,
      });
      assert.equal(refused.status, 422);
      assert.ok(fieldsOf(refused).every((f) => f.startsWith('body.')));
      const made = await api('partnership_admin', 'POST', '/plan/strategies', {
        title: 'Workforce strategy',
        startYear: 2027,
        endYear: 2030,
      });
      assert.equal(made.status, 201);
      const versionId: number = made.body.versionId;

      const unknown = await api('partnership_admin', 'PUT', `/plan/versions/${versionId}/sections/vision`, {
        markdown: 'We have {{ workforce.nonsense }} people.',
      });
      assert.equal(unknown.status, 422);
      assert.deepEqual(fieldsOf(unknown), ['body.markdown']);
      assert.match(JSON.stringify(unknown.body), /workforce\.nonsense/);
      const saved = await api('partnership_admin', 'PUT', `/plan/versions/${versionId}/sections/vision`, {
        markdown: 'The plan has {{ plan.priorityCount }} priorities. <script>alert(1)</script>',
      });
      assert.equal(saved.status, 200);
      const vision = saved.body.sections.find((s: { key: string }) => s.key === 'vision');
      assert.doesNotMatch(vision.html, /<script/);
      assert.match(vision.html, /&lt;script&gt;/);
      const countAtApproval = priorityCount(saved.body);
      assert.match(vision.html, new RegExp(`The plan has ${countAtApproval} priorities`));

      const group = await app.db.kysely
        .selectFrom('gov_groups')
        .select('id')
        .where('partnership_id', '=', app.demoPartnershipId)
        .executeTakeFirstOrThrow();
      const noGroup = await api('partnership_admin', 'POST', `/plan/versions/${versionId}/approve`, {
        groupId: 999999,
        approvedOn: todayInLondon(),
      });
      assert.deepEqual(fieldsOf(noGroup), ['body.groupId']);
      const approved = await api('partnership_admin', 'POST', `/plan/versions/${versionId}/approve`, {
        groupId: group.id,
        approvedOn: todayInLondon(),
      });
      assert.equal(approved.status, 200);
      assert.equal(approved.body.status, 'approved');

      const extra = await api('partnership_admin', 'POST', '/plan/priorities', {
        title: 'A priority added after approval',
        description: 'Changes the live count',
        rank: 20,
      });
      assert.equal(extra.status, 201);
      const frozen = await api('viewer', 'GET', `/plan/versions/${versionId}`);
      assert.equal(priorityCount(frozen.body), countAtApproval);
      const locked = await api('partnership_admin', 'PUT', `/plan/versions/${versionId}/sections/vision`, {
        markdown: 'Too late',
      });
      assert.equal(locked.status, 409);

      const published = await api('partnership_admin', 'POST', `/plan/versions/${versionId}/publish`);
      assert.equal(published.body.status, 'published');
      const draft = await api('partnership_admin', 'POST', `/plan/strategies/${made.body.id}/versions`);
      assert.equal(draft.status, 201);
      assert.equal(draft.body.number, 2);
      const live = await api('viewer', 'GET', `/plan/versions/${draft.body.id}`);
      assert.equal(Number(priorityCount(live.body)), Number(countAtApproval) + 1);
      const second = await api('partnership_admin', 'POST', `/plan/strategies/${made.body.id}/versions`);
      assert.equal(second.status, 409);

      const listed = await api('viewer', 'GET', '/plan/strategies');
      const mine = listed.body.find((s: { id: number }) => s.id === made.body.id);
      assert.deepEqual(
        mine.versions.map((v: { status: string }) => v.status),
        ['draft', 'published'],
      );
      assert.equal((await api('viewer', 'POST', `/plan/versions/${draft.body.id}/publish`)).status, 403);
      assert.equal((await auditRows(app, 'strategy', made.body.id)).length, 1);
      assert.ok((await auditRows(app, 'strategy_version', versionId)).length >= 3);
    });
  });
}
