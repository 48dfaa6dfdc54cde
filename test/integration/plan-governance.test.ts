import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, todayInLondon } from '../../src/lib/dates.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { dateFields, idIn } from '../support/plan-forms.ts';

for (const engine of ENGINES) {
  describe(`governance groups and meetings on ${engine}`, () => {
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

    const groupForm = (overrides: Record<string, string> = {}) => ({
      kind: 'steering',
      name: 'Workforce steering group',
      parentId: '',
      termsOfReference: 'Monitors the workforce strategy and its action plan.\nMeets quarterly.',
      ...dateFields('review', 180),
      ...overrides,
    });
    const addGroup = async (overrides: Record<string, string> = {}) => {
      await admin.get('/plan/groups/new');
      return admin.post('/plan/groups/new', groupForm(overrides));
    };
    const count = async (table: 'gov_groups' | 'gov_members' | 'gov_meetings' | 'gov_actions_arising') =>
      (await app.db.kysely.selectFrom(table).select('id').execute()).length;
    const audits = async (entityType: string, id: number) =>
      (
        await app.db.kysely
          .selectFrom('audit_events')
          .select('summary')
          .where('entity_type', '=', entityType)
          .where('entity_id', '=', String(id))
          .orderBy('id')
          .execute()
      ).map((a) => a.summary);

    it('adds a sub-group under its parent, edits it, flags an overdue review, and audits each change', async () => {
      const board = idIn((await addGroup({ kind: 'board', name: 'Test trust board' })).location, 'groups');
      const created = await addGroup({ kind: 'sub-group', name: 'Data group', parentId: String(board) });
      assert.equal(created.status, 303);
      const id = idIn(created.location, 'groups');
      const page = await admin.get(`/plan/groups/${id}`);
      assert.equal(page.status, 200);
      assert.match(page.text, /Sub-group/);
      assert.match(page.text, new RegExp(`href="/plan/groups/${board}">Test trust board</a>`));
      assert.doesNotMatch(page.text, /data-testid="overdue"/);
      await admin.get(`/plan/groups/${id}/edit`);
      const edited = await admin.post(
        `/plan/groups/${id}/edit`,
        groupForm({
          kind: 'sub-group',
          name: 'Workforce data group',
          parentId: String(board),
          ...dateFields('review', -1),
        }),
      );
      assert.equal(edited.status, 303);
      const after = await admin.get(`/plan/groups/${id}`);
      assert.match(after.text, /<h1 class="govuk-heading-l">Workforce data group<\/h1>/);
      assert.match(after.text, /data-testid="overdue">Review overdue/);
      assert.match((await admin.get('/plan/groups')).text, /Review overdue/);
      assert.deepEqual(await audits('gov_group', id), ['Added group Data group', 'Changed group Workforce data group']);
      await admin.get(`/plan/groups/${board}/edit`);
      const loop = await admin.post(
        `/plan/groups/${board}/edit`,
        groupForm({ kind: 'board', name: 'Test trust board', parentId: String(id) }),
      );
      assert.equal(loop.status, 400);
      assert.match(loop.text, /A group cannot report to itself or to one of the groups that report to it/);
      const unchanged = await app.db.kysely
        .selectFrom('gov_groups')
        .select('parent_id')
        .where('id', '=', board)
        .executeTakeFirstOrThrow();
      assert.equal(unchanged.parent_id, null);
    });

    it('refuses bad input with errors that say what to do, changing nothing', async () => {
      const groups = await count('gov_groups');
      const bad = await addGroup({ kind: 'committee', name: ' ', parentId: '999999', 'review-month': '13' });
      assert.equal(bad.status, 400);
      assert.match(bad.text, /href="#name">Enter the group’s name/);
      assert.match(bad.text, /Select whether it is a board, steering group or sub-group/);
      assert.match(bad.text, /Select the group it reports to from the list, or none/);
      assert.match(bad.text, /The review date must be a real date, like 31 3 2027/);
      assert.equal(await count('gov_groups'), groups);

      const id = idIn((await addGroup()).location, 'groups');
      const members = await count('gov_members');
      await admin.get(`/plan/groups/${id}`);
      const noRole = await admin.post(`/plan/groups/${id}/members`, {
        name: 'Sam Patel',
        organisation: 'Demoshire College',
        role: '',
      });
      assert.equal(noRole.status, 400);
      assert.match(noRole.text, /Enter their role in the group, like Chair or Member/);
      assert.equal(await count('gov_members'), members);

      const meetings = await count('gov_meetings');
      await admin.get(`/plan/groups/${id}/meetings/new`);
      const noDate = await admin.post(`/plan/groups/${id}/meetings/new`, {
        decisions: 'Agreed',
        'held-day': '31',
        'held-month': '2',
        'held-year': '2026',
      });
      assert.equal(noDate.status, 400);
      assert.match(noDate.text, /The meeting date must be a real date/);
      assert.equal(await count('gov_meetings'), meetings);
    });

    it('records members and a meeting whose action arising becomes a plan action in one click, linked back', async () => {
      const id = idIn((await addGroup({ name: 'Training providers group', kind: 'sub-group' })).location, 'groups');
      await admin.get(`/plan/groups/${id}`);
      const member = await admin.post(`/plan/groups/${id}/members`, {
        name: 'Sam Patel',
        organisation: 'Demoshire College',
        role: 'Chair',
      });
      assert.equal(member.status, 303);
      assert.match((await admin.get(`/plan/groups/${id}`)).text, /<li>Sam Patel, Demoshire College: Chair<\/li>/);

      await admin.get(`/plan/groups/${id}/meetings/new`);
      const held = await admin.post(`/plan/groups/${id}/meetings/new`, {
        decisions: 'Agreed the training offer\r\nAgreed to survey providers',
        ...dateFields('held', -7),
      });
      assert.equal(held.status, 303);
      const meeting = idIn(held.location, 'meetings');
      const shown = await admin.get(`/plan/meetings/${meeting}`);
      assert.match(shown.text, /<li>Agreed the training offer<\/li>\s*<li>Agreed to survey providers<\/li>/);

      const arising = await admin.post(`/plan/meetings/${meeting}/arising`, {
        what: 'Survey training providers on capacity',
        owner: 'Sam Patel',
        organisation: 'Demoshire College',
        ...dateFields('due', 60),
      });
      assert.equal(arising.status, 303);
      const row = await app.db.kysely
        .selectFrom('gov_actions_arising')
        .selectAll()
        .where('meeting_id', '=', meeting)
        .executeTakeFirstOrThrow();
      assert.equal(row.plan_action_id, null);
      const priority = await app.db.kysely
        .selectFrom('plan_priorities')
        .select('id')
        .where('partnership_id', '=', app.demoPartnershipId)
        .executeTakeFirstOrThrow();
      await admin.get(`/plan/meetings/${meeting}`);
      const actions = async () => (await app.db.kysely.selectFrom('plan_actions').select('id').execute()).length;
      const actionsBefore = await actions();
      const noPriority = await admin.post(`/plan/arising/${row.id}/plan-action`, { priorityId: '' });
      assert.equal(noPriority.status, 400);
      assert.match(noPriority.text, /href="#priorityId">Select the priority this action delivers/);
      assert.match(noPriority.text, /<select class="govuk-select[^"]*" id="priorityId"/);
      assert.equal(await actions(), actionsBefore);
      const added = await admin.post(`/plan/arising/${row.id}/plan-action`, { priorityId: String(priority.id) });
      assert.equal(added.status, 303);
      assert.equal(added.location, `/plan/meetings/${meeting}`);
      const linked = await app.db.kysely
        .selectFrom('gov_actions_arising')
        .select('plan_action_id')
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow();
      const actionId = Number(linked.plan_action_id);
      const action = await app.db.kysely
        .selectFrom('plan_actions')
        .selectAll()
        .where('id', '=', actionId)
        .executeTakeFirstOrThrow();
      assert.equal(action.title, 'Survey training providers on capacity');
      assert.equal(action.lead_name, 'Sam Patel');
      assert.equal(action.due_date, addDays(todayInLondon(), 60));
      assert.equal((await audits('plan_action', actionId)).length, 1);
      assert.deepEqual(await audits('gov_action_arising', row.id), [
        'Action arising from Training providers group on ' +
          addDays(todayInLondon(), -7) +
          ': Survey training providers on capacity',
        `Added to the action plan as action ${actionId}`,
      ]);
      assert.match(
        (await admin.get(`/plan/meetings/${meeting}`)).text,
        new RegExp(`href="/plan/actions/${actionId}">On the action plan`),
      );
      const twice = await admin.post(`/plan/arising/${row.id}/plan-action`, { priorityId: String(priority.id) });
      assert.equal(twice.status, 400);
      assert.match(twice.text, /already on the action plan/);
    });

    it('lets a viewer read governance but not change it', async () => {
      const steering = new TestClient(app.url);
      await steering.signIn('steering@demoshire.example');
      assert.equal((await steering.get('/plan/groups')).status, 200);
      const id = idIn((await addGroup({ name: 'Read-only check' })).location, 'groups');
      const page = await steering.get(`/plan/groups/${id}`);
      assert.equal(page.status, 200);
      assert.doesNotMatch(page.text, /Add member/);
      const before = await count('gov_members');
      const refused = await steering.post(`/plan/groups/${id}/members`, { name: 'X', organisation: 'Y', role: 'Z' });
      assert.equal(refused.status, 403);
      assert.equal((await steering.post(`/plan/groups/${id}/edit`, groupForm({ name: 'Renamed' }))).status, 403);
      assert.equal(await count('gov_members'), before);
      const group = await app.db.kysely
        .selectFrom('gov_groups')
        .select('name')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(group.name, 'Read-only check');
    });
  });
}
