import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/actor.ts';
import { addDays, todayInLondon } from '../../src/lib/dates.ts';
import { ENGINES, startTestApp, type TestApp } from '../support/app.ts';
import { type ApiCall, auditRows, fieldsOf, planApiClient } from '../support/plan-api.ts';

const today = todayInLondon();

for (const engine of ENGINES) {
  describe(`the plan's API: indicators, funding, governance and glossary on ${engine}`, () => {
    let app: TestApp;
    let api: ApiCall;
    before(async () => {
      app = await startTestApp(engine);
      api = await planApiClient(app, ['partnership_admin', 'viewer']);
    });
    after(async () => {
      await app?.close();
    });

    it('adds an indicator, sets a target, records a value, signs off a quarter and then refuses a change to it', async () => {
      const indicator = {
        name: 'Staff who would recommend us',
        definition: 'Share of staff survey respondents',
        unit: '%',
        polarity: 'higher',
        source: 'manual',
      };
      const bad = await api('partnership_admin', 'POST', '/plan/indicators', { ...indicator, tolerancePercent: 150 });
      assert.equal(bad.status, 422);
      assert.deepEqual(fieldsOf(bad), ['body.tolerancePercent']);
      const created = await api('partnership_admin', 'POST', '/plan/indicators', { ...indicator, baseline: 60 });
      assert.equal(created.status, 201);
      assert.equal(created.body.points.length, 12);
      const id = created.body.id;
      const list = await api('viewer', 'GET', '/plan/indicators');
      const quarter = (list.body.quarters as string[]).filter((q) => !list.body.signedOff.includes(q)).at(-1) ?? '';
      const year = Number(quarter.slice(0, 4)) - (Number(quarter.slice(5, 7)) <= 3 ? 1 : 0);
      const target = await api('partnership_admin', 'PUT', `/plan/indicators/${id}/targets/${year}`, { target: 70 });
      assert.equal(target.status, 200);
      const value = await api('partnership_admin', 'PUT', `/plan/indicators/${id}/values/${quarter}`, { value: 66 });
      assert.equal(value.status, 200);
      const point = value.body.points.find((p: { quarterEnd: string }) => p.quarterEnd === quarter);
      assert.deepEqual([point.value, point.target, point.rag, point.signedOff], [66, 70, 'amber', false]);
      const notQuarter = await api('partnership_admin', 'PUT', `/plan/indicators/${id}/values/2020-02-03`, {
        value: 1,
      });
      assert.deepEqual(fieldsOf(notQuarter), ['path.quarterEnd']);
      const live = (list.body.indicators as { id: number; source: string }[]).find((i) => i.source !== 'manual');
      const typedLive = await api('partnership_admin', 'PUT', `/plan/indicators/${live?.id}/values/${quarter}`, {
        value: 5,
      });
      assert.deepEqual(fieldsOf(typedLive), ['body.value']);

      const turnover = await api('viewer', 'GET', `/plan/indicators/${live?.id}`);
      const census = await app.services.profile.getProfile(systemActor(app.demoPartnershipId));
      for (const p of turnover.body.points as { quarterEnd: string; value: number | null }[]) {
        const date = census.options.censusDates.filter((d) => d <= p.quarterEnd).at(-1);
        const own = date
          ? await app.services.profile.getProfile(systemActor(app.demoPartnershipId), { censusDate: date })
          : null;
        assert.equal(p.value, own ? own.measures.turnoverRate : null, `the live value for ${p.quarterEnd}`);
      }
      assert.ok(turnover.body.points.filter((p: { value: number | null }) => p.value !== null).length >= 2);
      const signed = await api('partnership_admin', 'POST', '/plan/indicators/sign-off', { quarterEnd: quarter });
      assert.equal(signed.status, 200);
      assert.equal(signed.body.frozen, list.body.indicators.length);
      const twice = await api('partnership_admin', 'POST', '/plan/indicators/sign-off', { quarterEnd: quarter });
      assert.deepEqual(fieldsOf(twice), ['body.quarterEnd']);
      const frozen = await api('partnership_admin', 'PUT', `/plan/indicators/${id}/values/${quarter}`, { value: 90 });
      assert.deepEqual(fieldsOf(frozen), ['path.quarterEnd']);
      const read = await api('viewer', 'GET', `/plan/indicators/${id}`);
      const after = read.body.points.find((p: { quarterEnd: string }) => p.quarterEnd === quarter);
      assert.deepEqual([after.value, after.signedOff], [66, true]);
      assert.deepEqual(
        (await auditRows(app, 'plan_indicator', id)).map((r) => r.action),
        ['create', 'update', 'update'],
      );
      assert.equal((await auditRows(app, 'plan_indicators', quarter)).length, 1);
      const retuned = await api('partnership_admin', 'PATCH', `/plan/indicators/${id}`, { tolerancePercent: 5 });
      assert.equal(retuned.status, 200);
      assert.deepEqual(
        [retuned.body.tolerancePercent, retuned.body.baseline, retuned.body.name],
        [5, 60, indicator.name],
      );
      const frozenPoint = retuned.body.points.find((p: { quarterEnd: string }) => p.quarterEnd === quarter);
      assert.deepEqual([frozenPoint.value, frozenPoint.rag], [66, 'red'], 'still 66, now red: more than 5% off target');
      assert.deepEqual(fieldsOf(await api('partnership_admin', 'PATCH', `/plan/indicators/${id}`, { unit: ' ' })), [
        'body.unit',
      ]);
      assert.equal((await auditRows(app, 'plan_indicator', id)).length, 4);
      assert.equal((await api('viewer', 'POST', '/plan/indicators/sign-off', { quarterEnd: quarter })).status, 403);
    });

    it('adds a ring-fenced stream, records a contribution and a spend, and refuses an overspend naming the amount', async () => {
      const orgs = await app.services.organisations.list(systemActor(app.demoPartnershipId));
      const council = orgs[0]?.id;
      const action = (await api('viewer', 'GET', '/plan/actions')).body[0].id;
      const bad = await api('partnership_admin', 'POST', '/plan/funding/streams', {
        name: 'Academy grant',
        source: 'DfE',
        amountPerYearPence: -5,
        ringFenced: true,
      });
      assert.deepEqual(fieldsOf(bad), ['body.amountPerYearPence']);
      const stream = await api('partnership_admin', 'POST', '/plan/funding/streams', {
        name: 'Academy grant',
        source: 'DfE',
        organisationId: council,
        amountPerYearPence: 500_000,
        ringFenced: true,
      });
      assert.equal(stream.status, 201);
      const id = stream.body.stream.id;
      assert.equal(stream.body.stream.ringFenced, true);
      const entry = (kind: string, amountPence: number) =>
        api('partnership_admin', 'POST', `/plan/funding/streams/${id}/entries`, {
          kind,
          amountPence,
          actionId: kind === 'contribution' ? null : action,
          organisationId: council,
          onDate: addDays(today, -1),
        });
      assert.equal((await entry('contribution', 500_000)).status, 201);
      const over = await entry('spend', 600_000);
      assert.equal(over.status, 422);
      assert.deepEqual(fieldsOf(over), ['body.amountPence']);
      assert.match(over.body.errors[0].message, /ring-fenced/);
      const spend = await entry('spend', 150_000);
      assert.equal(spend.status, 201);
      assert.deepEqual([spend.body.stream.totals.balance, spend.body.overspent], [350_000, false]);
      const read = await api('viewer', 'GET', `/plan/funding/streams/${id}`);
      assert.deepEqual(
        read.body.entries.map((e: { kind: string; amountPence: number }) => [e.kind, e.amountPence]),
        [
          ['contribution', 500_000],
          ['spend', 150_000],
        ],
      );
      const overview = await api('viewer', 'GET', '/plan/funding');
      const streams = overview.body.streams as { totals: { balance: number } }[];
      assert.equal(
        overview.body.totals.balance,
        streams.reduce((sum, s) => sum + s.totals.balance, 0),
      );
      const ledgerIds = await app.db.kysely
        .selectFrom('plan_ledger')
        .select('id')
        .where('stream_id', '=', id)
        .execute();
      for (const row of ledgerIds) assert.equal((await auditRows(app, 'plan_ledger', row.id)).length, 1);
      assert.equal((await api('viewer', 'POST', '/plan/funding/streams', stream.body)).status, 403);
      const changed = await api('partnership_admin', 'PATCH', `/plan/funding/streams/${id}`, {
        amountPerYearPence: 600_000,
      });
      assert.equal(changed.status, 200);
      assert.deepEqual(
        [changed.body.stream.amountPerYearPence, changed.body.stream.ringFenced, changed.body.stream.totals.balance],
        [600_000, true, 350_000],
      );
      const negative = await api('partnership_admin', 'PATCH', `/plan/funding/streams/${id}`, {
        amountPerYearPence: -1,
      });
      assert.deepEqual(fieldsOf(negative), ['body.amountPerYearPence']);
      assert.deepEqual(
        (await auditRows(app, 'plan_funding_stream', id)).map((r) => r.action),
        ['create', 'update'],
      );
      assert.equal((await api('viewer', 'PATCH', `/plan/funding/streams/${id}`, { name: 'x' })).status, 403);
    });

    it('adds and changes a group, a member, a meeting and an action arising, which goes on the plan once', async () => {
      const bad = await api('partnership_admin', 'POST', '/plan/groups', {
        kind: 'committee',
        name: 'Recruitment sub-group',
        termsOfReference: 'Recruitment',
        reviewOn: '2027-13-01',
      });
      assert.equal(bad.status, 422);
      assert.deepEqual(fieldsOf(bad).sort(), ['body.kind', 'body.reviewOn']);
      const group = await api('partnership_admin', 'POST', '/plan/groups', {
        kind: 'sub-group',
        name: 'Recruitment sub-group',
        termsOfReference: 'Recruitment across the partnership',
        reviewOn: addDays(today, 200),
      });
      assert.equal(group.status, 201);
      const id = group.body.group.id;
      const self = await api('partnership_admin', 'PATCH', `/plan/groups/${id}`, { parentId: id });
      assert.deepEqual(fieldsOf(self), ['body.parentId']);
      const renamed = await api('partnership_admin', 'PATCH', `/plan/groups/${id}`, { name: 'Recruitment group' });
      assert.equal(renamed.body.group.name, 'Recruitment group');
      assert.equal(renamed.body.group.termsOfReference, 'Recruitment across the partnership');
      const member = await api('partnership_admin', 'POST', `/plan/groups/${id}/members`, {
        name: 'Sam Patel',
        organisation: 'Demoshire County Council',
        role: 'Chair',
      });
      assert.equal(member.body.members[0].role, 'Chair');
      const meeting = await api('partnership_admin', 'POST', `/plan/groups/${id}/meetings`, {
        heldOn: addDays(today, -7),
        decisions: ['Agree the recruitment campaign', 'Report to the board'],
      });
      assert.equal(meeting.status, 201);
      assert.equal(meeting.body.meeting.decisions.length, 2);
      const meetingId = meeting.body.meeting.id;
      const arising = await api('partnership_admin', 'POST', `/plan/meetings/${meetingId}/actions-arising`, {
        what: 'Draft the campaign brief',
        owner: 'Sam Patel',
        organisation: 'Demoshire County Council',
        dueOn: addDays(today, 30),
      });
      const arisingId = arising.body.arising[0].id;
      const priorityId = (await api('viewer', 'GET', '/plan/priorities')).body[0].id;
      const onPlan = await api('partnership_admin', 'POST', `/plan/actions-arising/${arisingId}/plan-action`, {
        priorityId,
      });
      assert.equal(onPlan.status, 201);
      const action = await api('viewer', 'GET', `/plan/actions/${onPlan.body.actionId}`);
      assert.equal(action.body.action.title, 'Draft the campaign brief');
      const again = await api('partnership_admin', 'POST', `/plan/actions-arising/${arisingId}/plan-action`, {
        priorityId,
      });
      assert.deepEqual(fieldsOf(again), ['body.priorityId']);
      const read = await api('viewer', 'GET', `/plan/meetings/${meetingId}`);
      assert.equal(read.body.arising[0].planActionId, onPlan.body.actionId);
      assert.deepEqual(
        (await auditRows(app, 'gov_group', id)).map((r) => r.action),
        ['create', 'update'],
      );
      assert.equal((await auditRows(app, 'gov_action_arising', arisingId)).length, 2);
      assert.equal((await auditRows(app, 'plan_action', onPlan.body.actionId)).length, 1);
      assert.equal((await api('viewer', 'POST', `/plan/groups/${id}/members`, member.body.members[0])).status, 403);
    });

    it('adds, finds, changes and removes a glossary term, refusing a duplicate in other capitals', async () => {
      const created = await api('partnership_admin', 'POST', '/plan/glossary', {
        term: 'ICB',
        expansion: 'Integrated care board',
        definition: 'The NHS body that plans health services',
      });
      assert.equal(created.status, 201);
      const id = created.body.id;
      const twice = await api('partnership_admin', 'POST', '/plan/glossary', { term: 'icb', definition: 'Again' });
      assert.equal(twice.status, 422);
      assert.deepEqual(fieldsOf(twice), ['body.term']);
      assert.match(twice.body.errors[0].message, /ICB is already in the glossary/);
      const found = await api('viewer', 'GET', '/plan/glossary?q=integrated care');
      assert.ok(found.body.some((t: { term: string }) => t.term === 'ICB'));
      assert.deepEqual((await api('viewer', 'GET', '/plan/glossary?q=no+such+words')).body, []);
      const changed = await api('partnership_admin', 'PATCH', `/plan/glossary/${id}`, {
        expansion: 'Integrated Care Board',
      });
      assert.equal(changed.body.definition, 'The NHS body that plans health services');
      assert.equal((await api('viewer', 'DELETE', `/plan/glossary/${id}`)).status, 403);
      assert.equal((await api('partnership_admin', 'DELETE', `/plan/glossary/${id}`)).status, 200);
      assert.equal((await api('viewer', 'GET', `/plan/glossary/${id}`)).status, 404);
      assert.deepEqual(
        (await auditRows(app, 'plan_glossary', id)).map((r) => r.action),
        ['create', 'update', 'delete'],
      );
    });
  });
}
