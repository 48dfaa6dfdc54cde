/*
 * Charges (issue 14, point 5) and substitution (point 3): the partnership's charging rules,
 * charges raised on a late cancellation, a no-show and a late arrival, withdrawn when the register
 * is corrected, waived by a substitution or by a coordinator with a reason (audited), and the
 * quarterly statement per agency, checked against a brute-force sum, as CSV, XLSX and PDF.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ical, { type VEvent } from 'node-ical';
import { chargesForQuarter } from '../../src/features/training/charges-service.ts';
import { quarter, quarterOf } from '../../src/features/training/charges-quarters.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { renderedPage } from '../support/route-test.ts';
import {
  addCourse,
  addPractitioners,
  addSession,
  bookingStatus,
  firstOrganisationId,
  outboxFor,
} from '../support/training.ts';

const bookingId = (location: string | null) => Number(/\/training\/bookings\/(\d+)$/.exec(location ?? '')?.[1]);

for (const engine of ENGINES) {
  describe(`training charges and substitution on ${engine}`, () => {
    let app: TestApp;
    let coordinator: TestClient;
    let courseId: number;
    let organisationId: number;
    const charges = (booking: number) =>
      app.db.kysely.selectFrom('training_charges').selectAll().where('booking_id', '=', booking).execute();
    const book = async (sessionId: number, person: number) => {
      await coordinator.get(`/training/sessions/${sessionId}`);
      const response = await coordinator.post(`/training/sessions/${sessionId}/book`, { practitioner: String(person) });
      assert.equal(response.status, 303);
      return bookingId(response.location);
    };
    const startSession = (sessionId: number, start: string) =>
      app.db.kysely.updateTable('training_sessions').set({ starts_at: start }).where('id', '=', sessionId).execute();

    before(async () => {
      app = await startTestApp(engine);
      coordinator = new TestClient(app.url);
      await coordinator.signIn('training@demoshire.example');
      courseId = await addCourse(coordinator, 'Charged course');
      organisationId = await firstOrganisationId(app);
    });
    after(async () => {
      await app?.close();
    });

    it('sets the charging rules, refusing amounts that are not money', async () => {
      await coordinator.get('/training/charges/settings');
      const bad = renderedPage(
        await coordinator.post('/training/charges/settings', {
          late_cancel_days: 'five',
          late_cancel_amount: '£50',
          no_show_amount: 'lots',
          late_minutes: '15',
          late_arrival_amount: '25',
        }),
      );
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.errors, [
        'Enter the late cancellation period in working days as a whole number from 0 to 60',
        'Enter the charge for not attending in pounds, for example 50 or 25.50 (0 for no charge)',
      ]);
      const saved = await coordinator.post('/training/charges/settings', {
        late_cancel_days: '5',
        late_cancel_amount: '50',
        no_show_amount: '75.50',
        late_minutes: '15',
        late_arrival_amount: '25',
      });
      assert.equal(saved.status, 303);
      const row = await app.db.kysely
        .selectFrom('training_charge_settings')
        .selectAll()
        .where('partnership_id', '=', app.demoPartnershipId)
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        [row.late_cancel_days, row.late_cancel_pence, row.no_show_pence, row.late_minutes, row.late_arrival_pence],
        [5, 5000, 7550, 15, 2500],
      );
    });

    it('charges a late cancellation but not one in good time', async () => {
      const soon = await addSession(coordinator, courseId, 10, 2);
      const later = await addSession(coordinator, courseId, 10, 40);
      const [a, b] = await addPractitioners(app, 2, 'Canceller', organisationId);
      const late = await book(soon, a!);
      const early = await book(later, b!);
      for (const id of [late, early]) {
        await coordinator.get(`/training/bookings/${id}`);
        assert.equal((await coordinator.post(`/training/bookings/${id}/cancel`, { reason: 'Clash' })).status, 303);
      }
      const [charge] = await charges(late);
      assert.equal(charge?.kind, 'late_cancellation');
      assert.equal(charge?.amount_pence, 5000);
      assert.equal(charge?.status, 'raised');
      assert.equal(charge?.organisation_id, organisationId);
      assert.deepEqual(await charges(early), [], 'a cancellation in good time is not charged');
    });

    it('hands a place to a colleague: booked at once with an invite, the original cancelled, the charge waived', async () => {
      const soon = await addSession(coordinator, courseId, 10, 2);
      const [a, colleague, stranger] = await addPractitioners(app, 2, 'Swapper', organisationId).then(async (ids) => [
        ...ids,
        ...(await addPractitioners(app, 1, 'Outsider', organisationId + 1)),
      ]);
      const original = await book(soon, a!);
      const page = await coordinator.get(`/training/bookings/${original}/substitute`);
      assert.equal(page.status, 200);
      const other = renderedPage(
        await coordinator.post(`/training/bookings/${original}/substitute`, { email: 'outsider1@demoshire.example' }),
      );
      assert.equal(other.status, 400);
      assert.match(other.errors.join(' '), /registered in the same organisation/);
      assert.ok(stranger);
      const moved = await coordinator.post(`/training/bookings/${original}/substitute`, {
        email: 'swapper2@demoshire.example',
      });
      assert.equal(moved.status, 303);
      const replacement = bookingId(moved.location);
      assert.equal(await bookingStatus(app, original), 'substituted');
      assert.equal(await bookingStatus(app, replacement), 'booked');
      const history = await app.db.kysely
        .selectFrom('training_booking_events')
        .select(['booking_id', 'to_status', 'reason'])
        .where('booking_id', 'in', [original, replacement])
        .orderBy('id')
        .execute();
      assert.deepEqual(
        history.map((h) => [h.booking_id, h.to_status]),
        [
          [original, 'booked'],
          [replacement, 'booked'],
          [original, 'substituted'],
        ],
      );
      assert.match(history[1]?.reason ?? '', /approval carries over/);
      const [confirmation] = await outboxFor(app, 'swapper2@demoshire.example');
      const event = Object.values(ical.sync.parseICS(confirmation?.calendar ?? '')).find(
        (c): c is VEvent => c?.type === 'VEVENT',
      );
      assert.equal(event?.uid, `training-booking-${replacement}@one-workforce`);
      const cancelled = (await outboxFor(app, 'swapper1@demoshire.example')).find(
        (m) => m.template === 'training-cancelled',
      );
      assert.match(cancelled?.calendar ?? '', /METHOD:CANCEL/);
      const [waived] = await charges(original);
      assert.deepEqual(
        [waived?.kind, waived?.status, waived?.reason],
        ['late_cancellation', 'waived', 'A colleague took the place (substitution)'],
      );
      assert.equal(colleague !== undefined, true);
      const again = renderedPage(
        await coordinator.post(`/training/bookings/${original}/substitute`, { email: 'swapper2@demoshire.example' }),
      );
      assert.equal(again.status, 400, 'a substituted booking cannot be handed on again');
    });

    it('charges a no-show and a late arrival from the register, and withdraws them when corrected', async () => {
      const sessionId = await addSession(coordinator, courseId, 10, 20);
      const [a, b] = await addPractitioners(app, 2, 'Register', organisationId);
      const absent = await book(sessionId, a!);
      const lateComer = await book(sessionId, b!);
      await startSession(sessionId, '2026-05-12T08:30:00.000Z');
      await coordinator.get(`/training/sessions/${sessionId}/register`);
      await coordinator.post(`/training/sessions/${sessionId}/register`, {
        [`mark-${absent}`]: 'no_show',
        [`mark-${lateComer}`]: 'attended',
      });
      const [noShow] = await charges(absent);
      assert.deepEqual([noShow?.kind, noShow?.amount_pence, noShow?.incurred_on], ['no_show', 7550, '2026-05-12']);
      await coordinator.get(`/training/sessions/${sessionId}/late-arrivals`);
      const refused = renderedPage(
        await coordinator.post(`/training/sessions/${sessionId}/late-arrivals`, { [`late-${lateComer}`]: 'ten' }),
      );
      assert.equal(refused.status, 400);
      await coordinator.post(`/training/sessions/${sessionId}/late-arrivals`, { [`late-${lateComer}`]: '10' });
      assert.deepEqual(await charges(lateComer), [], '10 minutes is within the 15 allowed');
      await coordinator.post(`/training/sessions/${sessionId}/late-arrivals`, { [`late-${lateComer}`]: '40' });
      assert.deepEqual(
        (await charges(lateComer)).map((c) => [c.kind, c.amount_pence, c.status]),
        [['late_arrival', 2500, 'raised']],
      );
      await coordinator.get(`/training/sessions/${sessionId}/register`);
      await coordinator.post(`/training/sessions/${sessionId}/register`, { [`mark-${absent}`]: 'attended' });
      assert.equal((await charges(absent))[0]?.status, 'withdrawn');
    });

    it('waives a charge only with a reason, and audits it', async () => {
      const [raised] = await app.db.kysely
        .selectFrom('training_charges')
        .select(['id', 'booking_id'])
        .where('status', '=', 'raised')
        .where('kind', '=', 'late_cancellation')
        .where('partnership_id', '=', app.demoPartnershipId)
        .orderBy('id', 'desc')
        .limit(1)
        .execute();
      assert.ok(raised);
      await coordinator.get(`/training/charges/${raised.id}`);
      const blank = renderedPage(await coordinator.post(`/training/charges/${raised.id}`, { reason: '  ' }));
      assert.equal(blank.status, 400);
      assert.deepEqual(blank.errors, ['Enter why the charge is waived']);
      const waived = await coordinator.post(`/training/charges/${raised.id}`, { reason: 'Called to court' });
      assert.equal(waived.status, 303);
      const row = await app.db.kysely
        .selectFrom('training_charges')
        .selectAll()
        .where('id', '=', raised.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        [row.status, row.reason, row.resolved_by],
        ['waived', 'Called to court', 'Chris Taylor <training@demoshire.example>'],
      );
      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .select('summary')
        .where('entity_type', '=', 'training_charge')
        .where('summary', 'like', 'Waived the charge%')
        .execute();
      assert.equal(audit.length, 1);
      assert.match(audit[0]?.summary ?? '', /Called to court/);
      const twice = renderedPage(await coordinator.post(`/training/charges/${raised.id}`, { reason: 'Again' }));
      assert.equal(twice.status, 400);
    });

    it('totals the quarterly statement per agency exactly as a brute-force sum', async () => {
      const bookings = await app.db.kysely
        .selectFrom('training_bookings')
        .select(['id', 'organisation_id'])
        .where('partnership_id', '=', app.demoPartnershipId)
        .orderBy('id')
        .limit(300)
        .execute();
      let seed = 7;
      const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
      const kinds = ['late_cancellation', 'no_show', 'late_arrival'] as const;
      const statuses = ['raised', 'waived', 'withdrawn'] as const;
      const rows = bookings.map((b, i) => ({
        partnership_id: app.demoPartnershipId,
        booking_id: b.id,
        organisation_id: b.organisation_id,
        kind: kinds[i % 3]!,
        amount_pence: 2500 + Math.floor(next() * 30) * 250,
        incurred_on: `2025-${String(4 + Math.floor(next() * 9)).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`,
        raised_at: '2025-04-01T00:00:00.000Z',
        status: statuses[Math.floor(next() * 3)]!,
        resolved_at: null,
        resolved_by: '',
        reason: '',
      }));
      await app.db.kysely.deleteFrom('training_charges').where('incurred_on', '<', '2026-01-01').execute();
      await app.db.kysely
        .insertInto('training_charges')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .execute();
      const stored = await app.db.kysely
        .selectFrom('training_charges')
        .selectAll()
        .where('partnership_id', '=', app.demoPartnershipId)
        .execute();
      for (const code of ['2025-Q1', '2025-Q2', '2025-Q3']) {
        const q = quarter(code);
        const expected = new Map<number, number[]>();
        for (const c of stored) {
          if (c.incurred_on < q.from || c.incurred_on > q.to || c.status === 'withdrawn') continue;
          const sums = expected.get(c.organisation_id) ?? [0, 0, 0, 0];
          const at = c.status === 'raised' ? 0 : 2;
          sums[at]! += 1;
          sums[at + 1]! += c.amount_pence;
          expected.set(c.organisation_id, sums);
        }
        const totals = await chargesForQuarter(app.db.kysely, app.demoPartnershipId, code);
        assert.ok(totals.length > 0, `${code} has charges`);
        assert.deepEqual(
          new Map(totals.map((t) => [t.organisationId, [t.raisedCount, t.raisedPence, t.waivedCount, t.waivedPence]])),
          expected,
          code,
        );
        assert.deepEqual(await app.services.training.charges.chargesForQuarter(app.demoPartnershipId, code), totals);
      }
      assert.equal(quarterOf('2025-05-12').code, '2025-Q1');

      const csv = await coordinator.get('/training/charges/statement?quarter=2025-Q2&format=csv');
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
      const csvLines = csv.text.trim().split(/\r?\n/).slice(1);
      const inQuarter = stored.filter(
        (c) => c.incurred_on >= '2025-07-01' && c.incurred_on <= '2025-09-30' && c.status !== 'withdrawn',
      );
      assert.equal(csvLines.length, inQuarter.length);
      const csvDue = csvLines
        .filter((l) => l.includes(',Due,'))
        .reduce((sum, l) => sum + Math.round(Number(/,(\d+\.\d\d),Due,/.exec(l)?.[1]) * 100), 0);
      assert.equal(
        csvDue,
        inQuarter.filter((c) => c.status === 'raised').reduce((s, c) => s + c.amount_pence, 0),
      );
      const xlsx = await coordinator.get('/training/charges/statement?quarter=2025-Q2&format=xlsx');
      assert.equal(xlsx.status, 200);
      assert.match(xlsx.headers.get('content-disposition') ?? '', /training-charges-2025-Q2\.xlsx/);
      const pdf = await coordinator.get('/training/charges/statement?quarter=2025-Q2&format=pdf');
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers.get('content-type'), 'application/pdf');
      assert.match(pdf.text.slice(0, 8), /^%PDF-1\.7/);
      const listed = renderedPage(await coordinator.get('/training/charges?quarter=2025-Q2'));
      assert.equal(listed.status, 200);
      assert.match(listed.text, /Q2 2025-26 \(1 July 2025 to 30 September 2025\)/);
      const practitioner = new TestClient(app.url);
      await practitioner.signIn('practitioner@demoshire.example');
      assert.equal((await practitioner.get('/training/charges')).status, 403);
    });
  });
}
