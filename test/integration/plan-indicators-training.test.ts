/*
 * Success indicators live from training (issue 15 point 7, docs/adr/0035) on both databases:
 * each source's value at a quarter end against a brute-force count from the tables (compliance by
 * the written rule, protected as the matrix protects it; attendance and people trained from the
 * bookings), the same figure the training report shows, frozen at sign-off while the data change,
 * suppressed when the count is small, and the source named on the page and in the API.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/actor.ts';
import { disclosureSecret } from '../../src/db/disclosure-secrets.ts';
import { quarterEnds } from '../../src/features/plan/indicator-rules.ts';
import { trainingValue } from '../../src/features/plan/indicators-training.ts';
import { complianceOf } from '../../src/features/training/compliance-rules.ts';
import { londonTime } from '../../src/features/training/forms.ts';
import { quarterOf } from '../../src/features/training/report-quarter.ts';
import { todayInLondon } from '../../src/lib/dates.ts';
import { groupKeyer, protectCount, protectDerived } from '../../src/lib/disclosure.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { type ApiCall, planApiClient } from '../support/plan-api.ts';
import { addPractitioners, insertBookings } from '../support/training.ts';

/** Attended in full, marked on a register, and distinct people attending, for sessions that ran in the quarter. */
async function bruteBookings(app: TestApp, quarterEnd: string) {
  const quarter = quarterOf(quarterEnd);
  const [from, until] = [londonTime(quarter.from, '00:00'), londonTime(quarter.until, '00:00')];
  const rows = await app.db.kysely
    .selectFrom('training_bookings as b')
    .innerJoin('training_sessions as s', 's.id', 'b.session_id')
    .select(['b.practitioner_id', 'b.status', 's.starts_at', 's.status as session_status', 's.partnership_id'])
    .execute();
  const held = rows.filter(
    (r) =>
      r.partnership_id === app.demoPartnershipId &&
      r.session_status === 'scheduled' &&
      r.starts_at >= from &&
      r.starts_at < until,
  );
  const attended = held.filter((r) => r.status === 'attended');
  const marked = held.filter((r) => ['attended', 'partially_attended', 'no_show'].includes(r.status));
  return {
    attended: attended.length,
    marked: marked.length,
    people: new Set(attended.map((r) => r.practitioner_id)).size,
  };
}

/** The compliance matrix's partnership-wide percentage at `day`, from the raw rows by the written rule. */
async function bruteCompliance(app: TestApp, day: string) {
  const db = app.db.kysely;
  const p = app.demoPartnershipId;
  const reqs = await db.selectFrom('training_requirements').selectAll().where('partnership_id', '=', p).execute();
  const returns = await db
    .selectFrom('workforce_returns')
    .select(['id', 'organisation_id', 'census_date'])
    .where('partnership_id', '=', p)
    .where('status', '=', 'current')
    .execute();
  const latest = new Map<number, string>();
  for (const r of returns)
    if ((latest.get(r.organisation_id) ?? '') < r.census_date) latest.set(r.organisation_id, r.census_date);
  const latestIds = returns.filter((r) => latest.get(r.organisation_id) === r.census_date).map((r) => r.id);
  const cells = await db.selectFrom('workforce_profile_cells').selectAll().where('partnership_id', '=', p).execute();
  const head = { n: 0, k: 0 };
  for (const c of cells)
    if (
      latestIds.includes(c.return_id) &&
      c.kind === 'group' &&
      c.status === 'current' &&
      c.employment_type === 'employee' &&
      reqs.some((r) => r.job_role === c.job_role)
    ) {
      head.n += Number(c.n);
      head.k += Number(c.key_sum);
    }
  const people = await db.selectFrom('training_practitioners').selectAll().where('partnership_id', '=', p).execute();
  const records = await db.selectFrom('training_records').selectAll().where('partnership_id', '=', p).execute();
  const sessions = await db
    .selectFrom('training_bookings as b')
    .innerJoin('training_sessions as s', 's.id', 'b.session_id')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .select(['b.practitioner_id', 's.starts_at', 'c.duration_minutes', 'c.level'])
    .where('b.partnership_id', '=', p)
    .where('b.status', '=', 'attended')
    .execute();
  let n = 0;
  let ids = 0;
  for (const person of people) {
    const req = reqs.find((r) => r.job_role === person.job_role);
    if (!req || !latest.has(person.organisation_id)) continue;
    const entries = [
      ...records
        .filter((r) => r.practitioner_id === person.id)
        .map((r) => ({ on: r.completed_on, minutes: r.minutes, level: r.level })),
      ...sessions
        .filter((s) => s.practitioner_id === person.id)
        .map((s) => ({ on: s.starts_at.slice(0, 10), minutes: s.duration_minutes, level: s.level })),
    ];
    const rule = { level: req.level, minutes: req.minutes, periodMonths: req.period_months };
    if (complianceOf(rule, entries, day).status === 'lapsed') continue;
    n += 1;
    ids += person.id;
  }
  const key = groupKeyer(await disclosureSecret(db, p), 'training-compliance');
  const compliant = protectCount({ n, k: key(ids) });
  const shownHead = protectCount(head);
  const percent = shownHead > 0 ? protectDerived(Math.round((100 * compliant) / shownHead), [head]) : null;
  return { percent, exact: head.n ? (100 * n) / head.n : null };
}

/** A session of a demo course that ran in the quarter ending `quarterEnd`, with bookings of each outcome. */
async function sessionInQuarter(app: TestApp, quarterEnd: string, outcomes: Record<string, number>, prefix: string) {
  const course = await app.db.kysely
    .selectFrom('training_courses')
    .select('id')
    .where('partnership_id', '=', app.demoPartnershipId)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const startsAt = londonTime(`${quarterOf(quarterEnd).from.slice(0, 8)}15`, '09:30');
  const at = new Date().toISOString();
  const session = await app.db.kysely
    .insertInto('training_sessions')
    .values({
      partnership_id: app.demoPartnershipId,
      course_id: course.id,
      venue: 'Hall',
      access_info: '',
      online_link: '',
      trainers: '',
      capacity: 40,
      minimum: 0,
      booking_opens_on: '2020-01-01',
      booking_closes_on: startsAt.slice(0, 10),
      cancellation_cutoff_days: 0,
      offer_hours: 48,
      auto_promote: 1,
      starts_at: startsAt,
      status: 'scheduled',
      cancel_reason: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [status, count] of Object.entries(outcomes))
    await insertBookings(app, session.id, await addPractitioners(app, count, `${prefix} ${status}`), status as never);
  return session.id;
}

for (const engine of ENGINES) {
  describe(`success indicators live from training on ${engine}`, () => {
    let app: TestApp;
    let api: ApiCall;
    const quarters = quarterEnds(todayInLondon(), 8);
    const latest = quarters.at(-1) as string;
    const earlier = quarters.at(-3) as string;
    const ids: Record<string, number> = {};
    const pointAt = async (source: string, quarterEnd: string) => {
      const reply = await api('partnership_admin', 'GET', `/plan/indicators/${ids[source]}`);
      assert.equal(reply.status, 200);
      return reply.body.points.find((p: { quarterEnd: string }) => p.quarterEnd === quarterEnd);
    };
    before(async () => {
      app = await startTestApp(engine);
      api = await planApiClient(app, ['partnership_admin']);
      await sessionInQuarter(app, latest, { attended: 8, partially_attended: 6, no_show: 6 }, 'Latest');
      for (const [source, unit] of [
        ['training.compliance', '%'],
        ['training.attendance', '%'],
        ['training.peopleTrained', 'people'],
      ] as const) {
        const created = await api('partnership_admin', 'POST', '/plan/indicators', {
          name: `Test ${source}`,
          definition: 'From training',
          unit,
          polarity: 'higher',
          source,
        });
        assert.equal(created.status, 201);
        ids[source] = created.body.id;
      }
    });
    after(async () => {
      await app?.close();
    });

    it('works out attendance and people trained against a brute-force count, the report’s own figure', async () => {
      for (const quarterEnd of [latest, earlier]) {
        const truth = await bruteBookings(app, quarterEnd);
        const attendance = await pointAt('training.attendance', quarterEnd);
        const people = await pointAt('training.peopleTrained', quarterEnd);
        if (quarterEnd === latest) {
          assert.equal(attendance.suppressed, false);
          assert.equal(attendance.value, Math.round((truth.attended / truth.marked) * 1000) / 10);
        } else if (!attendance.suppressed && truth.marked > 0)
          assert.equal(attendance.value, Math.round((truth.attended / truth.marked) * 1000) / 10);
        const small = truth.people > 0 && truth.people < app.config.suppressionThreshold;
        assert.equal(people.suppressed, small, `${truth.people} people trained`);
        assert.equal(people.value, small ? null : truth.people);
      }
      const report = await app.services.trainingReport.report(systemActor(app.demoPartnershipId), quarterOf(latest).id);
      const overview = report.sections.find((s) => s.slug === 'overview')?.tables[0]?.rows ?? [];
      const rate = overview.find((r) => r.label === 'Attendance rate (%)')?.values.value;
      assert.equal((await pointAt('training.attendance', latest)).value, rate, 'one number: the report’s');
      assert.ok((await pointAt('training.peopleTrained', latest)).value >= 8);
    });

    it('works out compliance at each quarter end as the matrix does, against the written rule', async () => {
      for (const quarterEnd of [latest, earlier]) {
        const truth = await bruteCompliance(app, quarterEnd);
        const point = await pointAt('training.compliance', quarterEnd);
        assert.equal(point.suppressed, truth.percent === 'c');
        assert.equal(point.value, typeof truth.percent === 'number' ? truth.percent : null);
      }
      const now = await bruteCompliance(app, latest);
      assert.equal(typeof now.percent, 'number', 'the demo’s compliance is shown, not withheld');
      const matrix = await app.services.training.compliance.partnershipMatrix(
        systemActor(app.demoPartnershipId),
        latest,
      );
      assert.equal(matrix.grand.percent, now.percent, 'one number: the matrix’s grand total');
    });

    it('suppresses a small count of people', async () => {
      const tiny = await trainingValue(app.db.kysely, app.demoPartnershipId, 'training.peopleTrained', latest, 1000);
      assert.deepEqual(tiny, { value: null, suppressed: true });
      const shown = await trainingValue(app.db.kysely, app.demoPartnershipId, 'training.peopleTrained', latest, 1);
      assert.equal(shown.value, (await bruteBookings(app, latest)).people);
    });

    it('freezes the values at sign-off even when the training data change, and names the source', async () => {
      const before = await Promise.all(Object.keys(ids).map((s) => pointAt(s, latest)));
      const signed = await api('partnership_admin', 'POST', '/plan/indicators/sign-off', { quarterEnd: latest });
      assert.equal(signed.status, 200);
      await sessionInQuarter(app, latest, { attended: 7, no_show: 9 }, 'After sign-off');
      await sessionInQuarter(app, earlier, { attended: 7 }, 'Still open');
      const afterSignOff = await Promise.all(Object.keys(ids).map((s) => pointAt(s, latest)));
      assert.deepEqual(
        afterSignOff.map((p) => [p.value, p.suppressed, p.signedOff]),
        before.map((p) => [p.value, p.suppressed, true]),
      );
      assert.notEqual((await bruteBookings(app, latest)).people, before[2].value, 'the data did change');
      const open = await pointAt('training.peopleTrained', earlier);
      assert.equal(open.value, (await bruteBookings(app, earlier)).people, 'an open quarter stays live');
      const one = await api('partnership_admin', 'GET', `/plan/indicators/${ids['training.compliance']}`);
      assert.equal(one.body.source, 'training.compliance');
      assert.equal(one.body.sourceLabel, 'Live from training: compliance');
      const admin = new TestClient(app.url);
      await admin.signIn('admin@demoshire.example');
      const page = await admin.get(`/plan/indicators/${ids['training.attendance']}`);
      assert.equal(page.status, 200);
      assert.match(page.text, /Live from training: attendance/);
      const demo = await app.db.kysely
        .selectFrom('plan_indicators')
        .select('source')
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('source', 'like', 'training.%')
        .execute();
      assert.ok(demo.length >= 4, 'the demo has training indicators besides the test’s three');
    });
  });
}
