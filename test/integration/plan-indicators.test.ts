import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { todayInLondon } from '../../src/lib/dates.ts';
import { financialYear, quarterEnds } from '../../src/features/plan/indicator-rules.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';

for (const engine of ENGINES) {
  describe(`success indicators on ${engine}`, () => {
    let app: TestApp;
    let admin: TestClient;
    const quarters = quarterEnds(todayInLondon(), 8);
    const latest = quarters.at(-1) as string;
    before(async () => {
      app = await startTestApp(engine);
      admin = new TestClient(app.url);
      await admin.signIn('admin@demoshire.example');
    });
    after(async () => {
      await app?.close();
    });

    const indicatorId = async (name: string) =>
      (
        await app.db.kysely
          .selectFrom('plan_indicators')
          .select('id')
          .where('partnership_id', '=', app.demoPartnershipId)
          .where('name', '=', name)
          .executeTakeFirstOrThrow()
      ).id;
    const latestRow = (text: string) =>
      [...text.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].at(-1)?.[1] ?? '';

    it('lists the demo’s 15 indicators with live workforce figures', async () => {
      const page = await admin.get('/plan/indicators');
      assert.equal(page.status, 200);
      assert.match(page.text, /15 indicators, quarter ending/);
      const turnover = await admin.get(`/plan/indicators/${await indicatorId('Turnover rate')}`);
      assert.match(turnover.text, /Turnover rate \(workforce profile\)/);
      assert.match(latestRow(turnover.text), /numeric">\d+(\.\d)?<\/td>/, 'a live value for the latest quarter');
    });

    it('rates a value on target, within the tolerance, or off target', async () => {
      await admin.get('/plan/indicators/new');
      const bad = await admin.post('/plan/indicators/new', {
        name: '',
        definition: 'x',
        unit: '%',
        polarity: 'sideways',
        source: 'nowhere',
        tolerance: '10',
      });
      assert.equal(bad.status, 400);
      assert.match(bad.text, /Select whether higher or lower is better/);
      assert.match(bad.text, /Select where the values come from/);
      const created = await admin.post('/plan/indicators/new', {
        name: 'Supervision on time',
        definition: 'Share of supervisions held on time',
        unit: '%',
        polarity: 'higher',
        source: 'manual',
        baseline: '80',
        tolerance: '10',
      });
      assert.equal(created.status, 303);
      const path = created.location ?? '';
      await admin.get(path);
      assert.equal(
        (await admin.post(`${path}/targets`, { year: String(financialYear(latest)), target: '100' })).status,
        303,
      );
      for (const [value, words] of [
        ['100', 'On target'],
        ['95', 'Near target'],
        ['89', 'Off target'],
      ]) {
        assert.equal((await admin.post(`${path}/values`, { quarterEnd: latest, value })).status, 303);
        assert.match(
          latestRow((await admin.get(path)).text),
          new RegExp(`>${value}<[\\s\\S]*?>100<[\\s\\S]*?${words}`),
        );
      }
      const notNumber = await admin.post(`${path}/values`, { quarterEnd: latest, value: 'lots' });
      assert.equal(notNumber.status, 400);
      assert.match(notNumber.text, /The value must be a number, like 12.5/);
      const live = await admin.post(`/plan/indicators/${await indicatorId('Turnover rate')}/values`, {
        quarterEnd: latest,
        value: '3',
      });
      assert.equal(live.status, 400);
      assert.match(live.text, /values come from the workforce profile; they cannot be typed/);
    });

    it('freezes every value when a quarter is signed off, live ones included', async () => {
      const turnover = await indicatorId('Turnover rate');
      const before = latestRow((await admin.get(`/plan/indicators/${turnover}`)).text);
      await admin.get('/plan/indicators');
      const signed = await admin.post('/plan/indicators/sign-off', { quarterEnd: latest });
      assert.equal(signed.status, 303);
      const frozen = await app.db.kysely
        .selectFrom('plan_indicator_values')
        .selectAll()
        .where('indicator_id', '=', turnover)
        .where('quarter_end', '=', latest)
        .executeTakeFirstOrThrow();
      assert.ok(frozen.signed_off_at);
      assert.match(before, new RegExp(`>${Number(frozen.value)}<`), 'the frozen value is the one shown live');
      // The page now reads the frozen value, not the profile: change it underneath and see it.
      await app.db.kysely
        .updateTable('plan_indicator_values')
        .set({ value: 99.9 })
        .where('indicator_id', '=', turnover)
        .where('quarter_end', '=', latest)
        .execute();
      const after = latestRow((await admin.get(`/plan/indicators/${turnover}`)).text);
      assert.match(after, />99.9</);
      assert.match(after, /Signed off/);
      const again = await admin.post('/plan/indicators/sign-off', { quarterEnd: latest });
      assert.equal(again.status, 400);
      assert.match(again.text, /That quarter is already signed off/);
      const manual = await indicatorId('Employee satisfaction');
      const locked = await admin.post(`/plan/indicators/${manual}/values`, { quarterEnd: latest, value: '80' });
      assert.equal(locked.status, 400);
      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .select('action')
        .where('entity_type', '=', 'plan_indicators')
        .execute();
      assert.deepEqual(
        audit.map((a) => a.action),
        ['sign-off'],
      );
    });

    it('lets only plan editors sign off', async () => {
      const viewer = new TestClient(app.url);
      await viewer.signIn('viewer@demoshire.example');
      assert.equal((await viewer.get('/plan/indicators')).status, 200);
      await viewer.get('/plan/indicators');
      assert.equal((await viewer.post('/plan/indicators/sign-off', { quarterEnd: quarters[0] ?? '' })).status, 403);
    });
  });
}
