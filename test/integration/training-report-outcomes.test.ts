/*
 * The quarterly report's evaluation outcomes and compliance movement (issue 14 points 7–9) on both
 * databases: every figure against a brute-force count over the raw rows (the evaluation counted
 * answer by answer; each person's compliance by the written rule, compliance-rules.ts, on the
 * quarter's first and last day), small groups never shown, and the same figures through the API.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/actor.ts';
import { complianceOf } from '../../src/features/training/compliance-rules.ts';
import { STAGES } from '../../src/features/training/evaluation-stages.ts';
import { defaultQuarter, type Quarter } from '../../src/features/training/report-quarter.ts';
import { buildReport } from '../../src/features/training/report-service.ts';
import type { ReportTable, TrainingReport } from '../../src/features/training/report-section.ts';
import { addDays, londonDateOf } from '../../src/lib/dates.ts';
import { groupKeyer, protectCount, protectDerived, type Tally } from '../../src/lib/disclosure.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { addCourse, addPractitioners, addSession, insertBookings } from '../support/training.ts';
import { latestInPost, trainingEntries } from '../support/training-compliance.ts';

const SMALL_COURSE = 'Evaluation outcomes test course';
const tableOf = (report: TrainingReport, id: string): ReportTable => {
  const found = report.sections.flatMap((s) => s.tables).find((t) => t.id === id);
  assert.ok(found, `table ${id}`);
  return found;
};
const round1 = (x: number) => Math.round(x * 10) / 10;

/** A course of its own with one session in the quarter, three people and three answers straight after: a small group. */
async function prepareEvaluations(app: TestApp, coordinator: TestClient, quarter: Quarter) {
  const courseId = await addCourse(coordinator, SMALL_COURSE);
  const sessionId = await addSession(coordinator, courseId, 10);
  const starts = `${addDays(quarter.from, 20)}T09:30:00.000Z`;
  await app.db.kysely.updateTable('training_sessions').set({ starts_at: starts }).where('id', '=', sessionId).execute();
  const people = await addPractitioners(app, 3, 'Evaluated');
  await insertBookings(app, sessionId, people, 'attended');
  const bookings = await app.db.kysely
    .selectFrom('training_bookings')
    .select('id')
    .where('session_id', '=', sessionId)
    .execute();
  const at = new Date().toISOString();
  await app.db.kysely
    .insertInto('training_evaluations')
    .values(
      bookings.flatMap((b, i) =>
        (['before', 'after'] as const).map((stage) => ({
          partnership_id: app.demoPartnershipId,
          booking_id: b.id,
          session_id: sessionId,
          course_id: courseId,
          stage,
          token_hash: `outcomes-test-${b.id}-${stage}`,
          sent_at: at,
          expires_at: at,
          answered_at: stage === 'after' || i === 0 ? at : null,
          confidence: stage === 'after' || i === 0 ? 2 + i : null,
          usefulness: null,
          applied: null,
          comment: '',
          answered_with: '',
        })),
      ),
    )
    .execute();
}

/** Per course title and stage: sent, returned and the sum of confidence answered, counted row by row. */
async function bruteEvaluations(app: TestApp, quarter: Quarter) {
  const db = app.db.kysely;
  const pid = app.demoPartnershipId;
  const sessions = new Set(
    (await db.selectFrom('training_sessions').selectAll().where('partnership_id', '=', pid).execute())
      .filter((s) => s.status !== 'cancelled')
      .filter((s) => londonDateOf(s.starts_at) >= quarter.from && londonDateOf(s.starts_at) < quarter.until)
      .map((s) => s.id),
  );
  const titles = new Map(
    (await db.selectFrom('training_courses').select(['id', 'title']).execute()).map((c) => [c.id, c.title]),
  );
  const counts = new Map<string, { sent: number; returned: number; sum: number }>();
  for (const e of await db.selectFrom('training_evaluations').selectAll().where('partnership_id', '=', pid).execute()) {
    if (!sessions.has(e.session_id)) continue;
    for (const course of [titles.get(e.course_id) ?? '', 'All courses']) {
      const c = counts.get(`${course}|${e.stage}`) ?? { sent: 0, returned: 0, sum: 0 };
      c.sent += 1;
      if (e.answered_at) {
        c.returned += 1;
        c.sum += e.confidence ?? 0;
      }
      counts.set(`${course}|${e.stage}`, c);
    }
  }
  return counts;
}

async function checkEvaluationFigures(app: TestApp, quarter: Quarter) {
  const truth = await bruteEvaluations(app, quarter);
  const report = await buildReport(app.db.kysely, app.demoPartnershipId, quarter, 0);
  const responses = tableOf(report, 'evaluation-responses');
  const confidence = tableOf(report, 'evaluation-confidence');
  const rows = [...responses.rows, responses.totals!];
  assert.ok(rows.length >= 3, 'courses with evaluations in the quarter');
  assert.equal(rows.length, new Set([...truth.keys()].map((k) => k.split('|')[0])).size, 'a row per course');
  let checked = 0;
  for (const row of rows) {
    const means = [...confidence.rows, confidence.totals!].find((r) => r.label === row.label)?.values;
    assert.ok(means, row.label);
    const mean: Record<string, number | null> = {};
    for (const stage of STAGES) {
      const t = truth.get(`${row.label}|${stage}`) ?? { sent: 0, returned: 0, sum: 0 };
      assert.equal(row.values[`${stage}Sent`], t.sent, `${row.label} ${stage} sent`);
      assert.equal(row.values[`${stage}Returned`], t.returned, `${row.label} ${stage} returned`);
      const rate = t.sent ? round1((100 * t.returned) / t.sent) : null;
      assert.equal(row.values[`${stage}Rate`], rate, `${row.label} ${stage} rate`);
      mean[stage] = t.returned ? round1(t.sum / t.returned) : null;
      assert.equal(means[stage], mean[stage], `${row.label} ${stage} mean`);
      checked += t.sent;
    }
    const change = (a: number | null | undefined, b: number | null | undefined) =>
      a === null || a === undefined || b === null || b === undefined ? null : round1(a - b);
    assert.equal(means.afterChange, change(mean.after, mean.before), `${row.label} change after`);
    assert.equal(means.followUpChange, change(mean.follow_up, mean.before), `${row.label} change at follow-up`);
  }
  assert.ok(checked > 0);
  const small = responses.rows.find((r) => r.label === SMALL_COURSE)?.values;
  assert.deepEqual([small?.beforeSent, small?.beforeReturned, small?.afterReturned], [3, 1, 3]);
  assert.equal(confidence.rows.find((r) => r.label === SMALL_COURSE)?.values.after, 3);
}

async function checkEvaluationSuppression(app: TestApp, report: TrainingReport, quarter: Quarter) {
  const truth = await bruteEvaluations(app, quarter);
  const responses = tableOf(report, 'evaluation-responses');
  const confidence = tableOf(report, 'evaluation-confidence');
  for (const row of [...responses.rows, responses.totals!]) {
    const means = [...confidence.rows, confidence.totals!].find((r) => r.label === row.label)!.values;
    for (const stage of STAGES) {
      const t = truth.get(`${row.label}|${stage}`) ?? { sent: 0, returned: 0, sum: 0 };
      for (const [key, real] of [
        [`${stage}Sent`, t.sent],
        [`${stage}Returned`, t.returned],
      ] as const) {
        const value = row.values[key];
        if (real > 0 && real < 5) assert.equal(value, 'c', `${row.label} ${key}: ${real} is hidden`);
        if (value !== 'c') assert.equal(value, real, `${row.label} ${key} shown as counted`);
      }
      if (row.values[`${stage}Returned`] === 'c') assert.equal(means[stage], 'c', `${row.label} ${stage} mean hidden`);
    }
  }
  const small = responses.rows.find((r) => r.label === SMALL_COURSE)!.values;
  assert.equal(small.afterReturned, 'c');
  assert.equal(small.afterRate, 'c');
  const hidden = responses.rows.filter((r) => r.values.afterReturned === 'c').length;
  assert.ok(hidden >= 2, 'a second course is hidden too, so the total cannot give the small one back');
  assert.ok(responses.suppressedCells >= hidden * 2);
}

type Met = Map<number, boolean>;

/** Whether each person with a requirement meets it on `day`, by the pure rule over all their training. */
async function bruteCompliance(app: TestApp, days: string[]) {
  const db = app.db.kysely;
  const pid = app.demoPartnershipId;
  const reqs = await db.selectFrom('training_requirements').selectAll().where('partnership_id', '=', pid).execute();
  const entries = await trainingEntries(app);
  const people = await db
    .selectFrom('training_practitioners')
    .select(['id', 'organisation_id', 'job_role'])
    .where('partnership_id', '=', pid)
    .execute();
  const met: Met[] = days.map(() => new Map());
  for (const person of people) {
    const req = reqs.find((r) => r.job_role === person.job_role);
    if (!req) continue;
    const rule = { level: req.level, minutes: req.minutes, periodMonths: req.period_months };
    days.forEach((day, i) =>
      met[i]!.set(person.id, complianceOf(rule, entries.get(person.id) ?? [], day).status !== 'lapsed'),
    );
  }
  return { people, met, roles: new Set(reqs.map((r) => r.job_role)) };
}

/** Employees in post in each organisation's latest current return, in roles with a requirement, as tallies. */
async function bruteHeadcounts(app: TestApp, roles: Set<string>) {
  const { inPost, secret } = await latestInPost(app);
  const heads = new Map<number, Tally>();
  for (const [organisationId, workers] of inPost) {
    const counted = workers.filter((w) => roles.has(w.jobRole));
    heads.set(organisationId, { n: counted.length, k: counted.reduce((sum, w) => sum + w.key, 0) });
  }
  return { heads, secret };
}

/** Six people lapsed at the quarter's start in an organisation with a return get a Level 4 day mid-quarter. */
async function prepareCompliance(app: TestApp, quarter: Quarter) {
  const { people, met } = await bruteCompliance(app, [quarter.from]);
  const { heads } = await bruteHeadcounts(app, new Set(people.map((p) => p.job_role)));
  const lapsed = people.filter((p) => heads.has(p.organisation_id) && met[0]!.get(p.id) === false).slice(0, 6);
  assert.equal(lapsed.length, 6, 'the demo has people out of compliance');
  await app.db.kysely
    .insertInto('training_records')
    .values(
      lapsed.map((p) => ({
        partnership_id: app.demoPartnershipId,
        practitioner_id: p.id,
        organisation_id: p.organisation_id,
        source: 'single_agency' as const,
        course: 'Outcomes test: safeguarding refresher',
        completed_on: addDays(quarter.from, 30),
        minutes: 6000,
        level: 'level_4',
        import_id: null,
        recorded_by: null,
        created_at: new Date().toISOString(),
      })),
    )
    .execute();
}

async function checkCompliance(app: TestApp, report: TrainingReport, quarter: Quarter) {
  const end = addDays(quarter.until, -1);
  const { people, met, roles } = await bruteCompliance(app, [quarter.from, end]);
  const { heads, secret } = await bruteHeadcounts(app, roles);
  const key = groupKeyer(secret, 'training-compliance');
  const names = new Map(
    (await app.db.kysely.selectFrom('organisations').select(['id', 'name']).execute()).map((o) => [o.id, o.name]),
  );
  const table = tableOf(report, 'compliance-movement');
  const expect = (orgs: (id: number) => boolean) => {
    const group = (pick: (start: boolean, end: boolean) => boolean) => {
      const ids = people
        .filter((p) => orgs(p.organisation_id) && heads.has(p.organisation_id) && met[0]!.has(p.id))
        .filter((p) => pick(met[0]!.get(p.id)!, met[1]!.get(p.id)!))
        .map((p) => p.id);
      return { exact: ids.length, shown: protectCount({ n: ids.length, k: key(ids.reduce((a, b) => a + b, 0)) }) };
    };
    const head = [...heads]
      .filter(([id]) => orgs(id))
      .reduce((s, [, t]) => ({ n: s.n + t.n, k: s.k + t.k }), { n: 0, k: 0 });
    const headcount = protectCount(head);
    const [start, finish] = [group((s) => s), group((_, e) => e)];
    const share = (c: number) => (headcount > 0 ? protectDerived(Math.round((100 * c) / headcount), [head]) : null);
    return {
      exact: { lapsed: group((s, e) => s && !e).exact, newly: group((s, e) => !s && e).exact },
      values: {
        headcount,
        compliantStart: start.shown,
        percentStart: share(start.shown),
        compliantEnd: finish.shown,
        percentEnd: share(finish.shown),
        lapsed: group((s, e) => s && !e).shown,
        newlyCompliant: group((s, e) => !s && e).shown,
      },
    };
  };
  const check = (values: ReportTable['rows'][number]['values'], want: Record<string, unknown>, label: string) => {
    const { change, ...shown } = values;
    assert.deepEqual(shown, want, label);
    const [from, to] = [shown.percentStart, shown.percentEnd];
    assert.equal(
      change,
      typeof from === 'number' && typeof to === 'number' ? to - from : from === 'c' || to === 'c' ? 'c' : null,
    );
  };
  for (const [id, name] of names) {
    if (!heads.has(id)) continue;
    const row = table.rows.find((r) => r.label === name);
    assert.ok(row, name);
    check(row.values, expect((o) => o === id).values, name);
  }
  const total = expect(() => true);
  check(table.totals!.values, total.values, 'All agencies');
  assert.ok(total.exact.newly >= 6, 'the six given a day of training are newly compliant');
  for (const row of [...table.rows, table.totals!])
    for (const [k, v] of Object.entries(row.values))
      if (typeof v === 'number' && !k.startsWith('percent') && k !== 'change')
        assert.ok(v === 0 || v >= 5, `${row.label} ${k}: ${v} is never a group of 1–4`);
}

async function servedReport(app: TestApp, quarter: Quarter) {
  const viewer = await app.db.kysely
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'viewer@demoshire.example')
    .executeTakeFirstOrThrow();
  const { secret } = await app.services.tokens.createFor(systemActor(app.demoPartnershipId), viewer.id, 'outcomes');
  const response = await fetch(`${app.url}/api/v1/training/report?quarter=${quarter.id}`, {
    headers: { authorization: `Bearer ${secret}` },
  });
  assert.equal(response.status, 200);
  return (await response.json()) as TrainingReport;
}

for (const engine of ENGINES) {
  describe(`the quarterly report's evaluation outcomes and compliance movement on ${engine}`, () => {
    let app: TestApp;
    let coordinator: TestClient;
    const quarter = defaultQuarter();
    before(async () => {
      app = await startTestApp(engine);
      coordinator = new TestClient(app.url);
      await coordinator.signIn('training@demoshire.example');
      await prepareEvaluations(app, coordinator, quarter);
      await prepareCompliance(app, quarter);
    });
    after(async () => {
      await app?.close();
    });

    it('counts evaluations and means per course as a brute-force count does', () =>
      checkEvaluationFigures(app, quarter));

    it('serves both sections through the API, small evaluation groups hidden and compliance protected as the matrix', async () => {
      const served = await servedReport(app, quarter);
      assert.deepEqual(served.sections.map((s) => s.slug).slice(-3), ['evaluation', 'charges', 'compliance']);
      await checkEvaluationSuppression(app, served, quarter);
      await checkCompliance(app, served, quarter);
      const page = await coordinator.get(`/training/report?quarter=${quarter.id}`);
      assert.equal(page.status, 200);
      assert.match(page.text, /Mean confidence by course/);
      assert.match(page.text, /Compliance at the start and end of the quarter by agency/);
    });
  });
}
