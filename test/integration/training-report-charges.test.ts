/*
 * The quarterly report's charges section (issue 14 points 5 and 9): totals per agency from the
 * charges ledger, a small count hidden with a complement so the total cannot give it away, and
 * an amount hidden wherever its count is.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildReport } from '../../src/features/training/report-service.ts';
import { parseQuarter } from '../../src/features/training/report-quarter.ts';
import { nowIso } from '../../src/lib/time.ts';
import { ENGINES, startTestApp, type TestApp } from '../support/app.ts';

const QUARTER = '2031-Q1'; // April to June 2031: no demo charges fall in it

async function addCharges(app: TestApp, organisationId: number, raised: number, waived: number) {
  const bookings = await app.db.kysely
    .selectFrom('training_bookings')
    .select('id')
    .where('partnership_id', '=', app.demoPartnershipId)
    .orderBy('id', 'desc')
    .limit(raised + waived)
    .offset(organisationId * 50)
    .execute();
  assert.equal(bookings.length, raised + waived);
  await app.db.kysely
    .insertInto('training_charges')
    .values(
      bookings.map((b, i) => ({
        partnership_id: app.demoPartnershipId,
        booking_id: b.id,
        organisation_id: organisationId,
        kind: 'late_arrival',
        amount_pence: 2500,
        incurred_on: '2031-05-01',
        raised_at: nowIso(),
        status: i < raised ? 'raised' : 'waived',
        resolved_at: null,
        resolved_by: '',
        reason: '',
      })),
    )
    .execute();
}

for (const engine of ENGINES) {
  describe(`the quarterly report's charges on ${engine}`, () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp(engine);
    });
    after(async () => {
      await app?.close();
    });

    it('totals charges raised and waived per agency, hiding a small count with a complement and its amount', async () => {
      const organisations = await app.db.kysely
        .selectFrom('organisations')
        .select(['id', 'name'])
        .where('partnership_id', '=', app.demoPartnershipId)
        .orderBy('id')
        .limit(3)
        .execute();
      const [big, small, other] = organisations;
      assert.ok(big && small && other);
      await addCharges(app, big.id, 7, 6);
      await addCharges(app, small.id, 2, 5);
      await addCharges(app, other.id, 8, 9);
      const quarter = parseQuarter(QUARTER);
      assert.ok(quarter);

      const exact = await buildReport(app.db.kysely, app.demoPartnershipId, quarter, 0);
      const exactTable = exact.sections.find((s) => s.slug === 'charges')?.tables[0];
      assert.ok(exactTable);
      const byName = new Map(exactTable.rows.map((r) => [r.label, r.values]));
      assert.deepEqual(byName.get(small.name), {
        raised: 2,
        raisedAmount: '£50.00',
        waived: 5,
        waivedAmount: '£125.00',
      });
      assert.equal(exactTable.totals?.values.raised, 17);
      assert.equal(exactTable.totals?.values.raisedAmount, '£425.00');

      const shown = await buildReport(app.db.kysely, app.demoPartnershipId, quarter, 5);
      const table = shown.sections.find((s) => s.slug === 'charges')?.tables[0];
      assert.ok(table);
      const small5 = table.rows.find((r) => r.label === small.name)?.values;
      assert.equal(small5?.raised, 'c');
      assert.equal(small5?.raisedAmount, 'c');
      assert.equal(small5?.waived, 5);
      assert.equal(table.totals?.values.raised, 17, 'the total is shown');
      const hiddenRaised = table.rows.filter((r) => r.values.raised === 'c').length;
      assert.ok(hiddenRaised >= 2, 'a complement is hidden too, so 17 minus the rest does not give the 2');
      assert.equal(table.suppressedCells, hiddenRaised * 2);
    });
  });
}
