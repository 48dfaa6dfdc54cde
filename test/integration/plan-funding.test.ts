import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, todayInLondon } from '../../src/lib/dates.ts';
import { systemActor } from '../../src/auth/actor.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';

const on = (offset: number) => {
  const [year, month, day] = addDays(todayInLondon(), offset).split('-');
  return { 'on-day': String(Number(day)), 'on-month': String(Number(month)), 'on-year': year ?? '' };
};

for (const engine of ENGINES) {
  describe(`funding and the pooled budget on ${engine}`, () => {
    let app: TestApp;
    let admin: TestClient;
    let actionId: number;
    let council: number;
    before(async () => {
      app = await startTestApp(engine);
      admin = new TestClient(app.url);
      await admin.signIn('admin@demoshire.example');
      actionId = (
        await app.db.kysely
          .selectFrom('plan_actions')
          .select('id')
          .where('partnership_id', '=', app.demoPartnershipId)
          .executeTakeFirstOrThrow()
      ).id;
      council = (
        await app.db.kysely
          .selectFrom('organisations')
          .select('id')
          .where('partnership_id', '=', app.demoPartnershipId)
          .where('name', '=', 'Demoshire County Council')
          .executeTakeFirstOrThrow()
      ).id;
    });
    after(async () => {
      await app?.close();
    });

    const addStream = async (ringFenced: 'yes' | 'no') => {
      await admin.get('/plan/funding/streams/new');
      const created = await admin.post('/plan/funding/streams/new', {
        name: `Test stream ${ringFenced}`,
        source: 'Grant',
        organisationId: String(council),
        amountPerYear: '10,000',
        conditions: '',
        ringFenced,
      });
      assert.equal(created.status, 303);
      return created.location ?? '';
    };
    const entry = (stream: string, kind: string, amount: string, extra: Record<string, string> = {}) =>
      admin.post(`${stream}/entries`, {
        kind,
        amount,
        organisationId: '',
        actionId: kind === 'contribution' ? '' : String(actionId),
        note: '',
        ...on(-1),
        ...extra,
      });

    it('records a contribution and a spend, and refuses to overspend a ring-fenced stream, saying why', async () => {
      const stream = await addStream('yes');
      await admin.get(stream);
      assert.equal((await entry(stream, 'contribution', '5000')).status, 303);
      assert.equal((await entry(stream, 'spend', '3,000')).status, 303);
      const page = await admin.get(stream);
      assert.match(page.text, /data-testid="balance">£2,000.00</);
      const before = (await app.db.kysely.selectFrom('plan_ledger').select('id').execute()).length;
      const over = await entry(stream, 'spend', '2000.01');
      assert.equal(over.status, 400);
      assert.match(
        over.text,
        /Refused: this would take the stream’s spend to £5,000.01, beyond the £5,000.00 contributed. The stream is ring-fenced/,
      );
      const negative = await entry(stream, 'spend', '-5');
      assert.equal(negative.status, 400);
      assert.match(negative.text, /The cost cannot be negative/);
      const noAction = await entry(stream, 'allocation', '10', { actionId: '' });
      assert.equal(noAction.status, 400);
      assert.match(noAction.text, /Select the plan action the money is for/);
      assert.equal((await app.db.kysely.selectFrom('plan_ledger').select('id').execute()).length, before);
    });

    it('lets an ordinary stream go overdrawn with a warning', async () => {
      const stream = await addStream('no');
      await admin.get(stream);
      await entry(stream, 'contribution', '100');
      const over = await entry(stream, 'spend', '150');
      assert.equal(over.status, 303);
      assert.match(
        (await admin.get(stream)).text,
        /Warning: the stream is now overspent[\s\S]*?data-testid="balance">−£50.00</,
      );
    });

    it('reconciles: stream totals, partner shares and the grand totals agree to the penny', async () => {
      const found = await app.services.planFunding.overview(systemActor(app.demoPartnershipId));
      const ledger = await app.db.kysely
        .selectFrom('plan_ledger')
        .selectAll()
        .where('partnership_id', '=', app.demoPartnershipId)
        .execute();
      const sum = (kind: string) =>
        ledger.filter((e) => e.kind === kind).reduce((a, e) => a + Number(e.amount_pence), 0);
      assert.equal(found.totals.contributed, sum('contribution'));
      assert.equal(found.totals.spent, sum('spend'));
      assert.equal(found.totals.balance, sum('contribution') - sum('spend'));
      const streamSum = (key: 'contributed' | 'allocated' | 'committed' | 'spent' | 'balance') =>
        found.streams.reduce((a, s) => a + s.totals[key], 0);
      for (const key of ['contributed', 'allocated', 'committed', 'spent', 'balance'] as const)
        assert.equal(streamSum(key), found.totals[key], key);
      assert.equal(
        found.partners.reduce((a, p) => a + p.contributed, 0),
        found.totals.contributed,
      );
      assert.equal(
        found.partners.reduce((a, p) => a + p.balance, 0),
        found.totals.balance,
      );
      const page = await admin.get('/plan/funding');
      assert.match(
        page.text,
        new RegExp(
          `data-testid="total-balance">£${(found.totals.balance / 100).toLocaleString('en-GB', { minimumFractionDigits: 2 })}<`,
        ),
      );
      const csv = await admin.get('/plan/funding/download?format=csv');
      assert.equal(csv.status, 200);
      assert.match(csv.text, /^Stream,Source,Partner,Amount a year \(£\),Ring-fenced,Conditions,Contributed/);
      assert.match(csv.text, /Pooled workforce development budget,.*,120000,No,/);
    });

    it('keeps the ledger append-only in the database', async () => {
      await assert.rejects(app.db.kysely.updateTable('plan_ledger').set({ amount_pence: 1 }).execute(), /append-only/);
      await assert.rejects(app.db.kysely.deleteFrom('plan_ledger').execute(), /append-only/);
    });

    it('lets only plan editors record entries', async () => {
      const steering = new TestClient(app.url);
      await steering.signIn('steering@demoshire.example');
      assert.equal((await steering.get('/plan/funding')).status, 200);
      const stream = (
        await app.db.kysely
          .selectFrom('plan_funding_streams')
          .select('id')
          .where('partnership_id', '=', app.demoPartnershipId)
          .executeTakeFirstOrThrow()
      ).id;
      await steering.get(`/plan/funding/streams/${stream}`);
      assert.equal(
        (await steering.post(`/plan/funding/streams/${stream}/entries`, { kind: 'spend', amount: '1' })).status,
        403,
      );
    });
  });
}
