/*
 * The training quarterly report (issue 14, point 9): every figure checked against a brute-force
 * count over the raw rows (sessions, bookings, practitioners) with nothing suppressed; then the
 * served report (page, API, CSV, XLSX, PDF) suppresses small groups and shows the rest unchanged.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { systemActor } from '../../src/auth/actor.ts';
import { londonDateOf } from '../../src/lib/dates.ts';
import { buildReport } from '../../src/features/training/report-service.ts';
import { defaultQuarter, type Quarter } from '../../src/features/training/report-quarter.ts';
import type { ReportTable, TrainingReport } from '../../src/features/training/report-section.ts';
import { jobRoleName } from '../../src/features/training/view-model.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { readTaggedPdf } from '../support/pdf-structure.ts';
import { renderedPage } from '../support/route-test.ts';
import { addPractitioners, insertBookings } from '../support/training.ts';

type Counts = Record<string, number>;
const OUTCOME: Record<string, string> = {
  attended: 'attended',
  partially_attended: 'partial',
  no_show: 'noShow',
  booked: 'holding',
  offered: 'holding',
  cancelled: 'cancelledOnTime',
  cancelled_late: 'cancelledLate',
  waitlisted: 'unmet',
  lapsed: 'unmet',
};
const TOOK = ['attended', 'partial', 'noShow', 'holding'];

/** The report's figures counted the slow way: every raw row read into memory and tallied. */
async function bruteForce(app: TestApp, quarter: Quarter) {
  const db = app.db.kysely;
  const pid = app.demoPartnershipId;
  const sessions = (
    await db.selectFrom('training_sessions').selectAll().where('partnership_id', '=', pid).execute()
  ).filter((s) => londonDateOf(s.starts_at) >= quarter.from && londonDateOf(s.starts_at) < quarter.until);
  const courses = await db
    .selectFrom('training_courses')
    .select(['id', 'title'])
    .where('partnership_id', '=', pid)
    .execute();
  const people = new Map(
    (
      await db
        .selectFrom('training_practitioners')
        .select(['id', 'job_role'])
        .where('partnership_id', '=', pid)
        .execute()
    ).map((p) => [p.id, p.job_role]),
  );
  const organisations = new Map(
    (await db.selectFrom('organisations').select(['id', 'name']).where('partnership_id', '=', pid).execute()).map(
      (o) => [o.id, o.name],
    ),
  );
  const bookings = await db.selectFrom('training_bookings').selectAll().where('partnership_id', '=', pid).execute();
  const ran = sessions.filter((s) => s.status === 'scheduled');
  const ranIds = new Set(ran.map((s) => s.id));
  const totals: Counts = {};
  const byAgency = new Map<string, Counts>();
  const byRole = new Map<string, Counts>();
  const add = (map: Map<string, Counts>, key: string, outcome: string) => {
    const row = map.get(key) ?? {};
    row[outcome] = (row[outcome] ?? 0) + 1;
    row.total = (row.total ?? 0) + 1;
    map.set(key, row);
  };
  for (const b of bookings) {
    const outcome = OUTCOME[b.status];
    if (!outcome || !ranIds.has(b.session_id)) continue;
    totals[outcome] = (totals[outcome] ?? 0) + 1;
    add(byAgency, organisations.get(b.organisation_id) ?? '', outcome);
    add(byRole, jobRoleName(people.get(b.practitioner_id) ?? ''), outcome);
  }
  const perCourse = courses
    .map((c) => {
      const mine = ran.filter((s) => s.course_id === c.id);
      const all = sessions.filter((s) => s.course_id === c.id);
      const taken = (id: number) =>
        bookings.filter((b) => b.session_id === id && TOOK.includes(OUTCOME[b.status] ?? '')).length;
      const unmet = (id: number) => bookings.filter((b) => b.session_id === id && OUTCOME[b.status] === 'unmet').length;
      return {
        title: c.title,
        sessionsRun: mine.length,
        offered: mine.reduce((a, s) => a + s.capacity, 0),
        taken: mine.reduce((a, s) => a + taken(s.id), 0),
        unmet: mine.reduce((a, s) => a + unmet(s.id), 0),
        underMinimum: mine.filter((s) => taken(s.id) < s.minimum).length,
        largest: Math.max(0, ...all.map((s) => s.capacity)),
      };
    })
    .filter((c) => c.sessionsRun > 0);
  return {
    sessionsRun: ran.length,
    sessionsCancelled: sessions.length - ran.length,
    offered: ran.reduce((a, s) => a + s.capacity, 0),
    totals,
    byAgency,
    byRole,
    perCourse,
  };
}

const table = (report: TrainingReport, id: string): ReportTable => {
  const found = report.sections.flatMap((s) => s.tables).find((t) => t.id === id);
  assert.ok(found, `table ${id}`);
  return found;
};
const rowOf = (t: ReportTable, label: string) => {
  const row = t.rows.find((r) => r.label === label);
  assert.ok(row, `${t.id}: row ${label}`);
  return row.values;
};
const overview = (report: TrainingReport, label: string) => rowOf(table(report, 'overview'), label).value;
/** The client's session cookie, for downloads read as bytes. */
const cookieOf = (client: TestClient) =>
  [...(client as unknown as { cookies: Map<string, string> }).cookies].map(([k, v]) => `${k}=${v}`).join('; ');
const pct = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 10 : null);

const TINY = 'Tiny Tots Nursery';

/** The demo, with one session in the quarter cancelled, one below its minimum, and a small agency. */
async function prepare(app: TestApp, quarter: Quarter) {
  const db = app.db.kysely;
  const pid = app.demoPartnershipId;
  const inQuarter = (
    await db
      .selectFrom('training_sessions')
      .select(['id', 'starts_at', 'capacity'])
      .where('partnership_id', '=', pid)
      .execute()
  ).filter((s) => londonDateOf(s.starts_at) >= quarter.from && londonDateOf(s.starts_at) < quarter.until);
  assert.ok(inQuarter.length >= 3, 'the demo has sessions in the last quarter');
  // One session cancelled, one that cannot reach its minimum: both must show in the figures.
  await db.updateTable('training_sessions').set({ status: 'cancelled' }).where('id', '=', inQuarter[0]!.id).execute();
  await db.updateTable('training_sessions').set({ minimum: 1000 }).where('id', '=', inQuarter[1]!.id).execute();
  // A small agency: two people, both attended — a group too small to show.
  const at = new Date().toISOString();
  const org = await db
    .insertInto('organisations')
    .values({
      partnership_id: pid,
      name: TINY,
      type: 'early_years',
      sector: 'private',
      services: '[]',
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertBookings(app, inQuarter[2]!.id, await addPractitioners(app, 2, 'Tiny', org.id), 'attended');
}

async function checkFigures(app: TestApp, quarter: Quarter) {
  const truth = await bruteForce(app, quarter);
  const report = await buildReport(app.db.kysely, app.demoPartnershipId, quarter, 0);
  assert.equal(report.quarter.id, quarter.id);
  assert.equal(overview(report, 'Sessions run'), truth.sessionsRun);
  assert.equal(overview(report, 'Sessions cancelled'), truth.sessionsCancelled);
  assert.ok(truth.sessionsCancelled >= 1);
  assert.equal(overview(report, 'Places offered'), truth.offered);
  const taken = TOOK.reduce((a, k) => a + (truth.totals[k] ?? 0), 0);
  assert.equal(overview(report, 'Places taken'), taken);
  assert.equal(overview(report, 'Fill rate (%)'), pct(taken, truth.offered));
  assert.equal(overview(report, 'Did not attend'), truth.totals.noShow ?? 0);
  assert.equal(overview(report, 'Cancelled late'), truth.totals.cancelledLate ?? 0);
  assert.equal(overview(report, 'Cancelled in time'), truth.totals.cancelledOnTime ?? 0);
  assert.equal(overview(report, 'Attended'), truth.totals.attended ?? 0);
  assert.ok(
    (truth.totals.noShow ?? 0) > 0 && (truth.totals.cancelledLate ?? 0) > 0,
    'the demo has no-shows and late cancellations',
  );
  for (const [id, map] of [
    ['by-agency', truth.byAgency],
    ['by-role', truth.byRole],
  ] as const) {
    const t = table(report, id);
    assert.equal(t.rows.length, map.size, `${id}: one row per group`);
    for (const [label, counts] of map) {
      const values = rowOf(t, label);
      for (const key of ['attended', 'partial', 'noShow', 'holding', 'cancelledOnTime', 'cancelledLate', 'unmet'])
        assert.equal(values[key], counts[key] ?? 0, `${id} ${label} ${key}`);
      assert.equal(values.total, counts.total);
      const took = TOOK.reduce((a, k) => a + (counts[k] ?? 0), 0);
      assert.equal(values.share, pct(took, truth.offered), `${id} ${label} share`);
      const marked = (counts.attended ?? 0) + (counts.partial ?? 0) + (counts.noShow ?? 0);
      assert.equal(values.attendance, pct(counts.attended ?? 0, marked), `${id} ${label} attendance`);
    }
  }
  const courses = table(report, 'courses');
  const demand = table(report, 'demand');
  assert.equal(courses.rows.length, truth.perCourse.length);
  for (const c of truth.perCourse) {
    const values = rowOf(courses, c.title);
    assert.deepEqual(
      [values.sessionsRun, values.offered, values.taken, values.unmet, values.underMinimum, values.fill],
      [c.sessionsRun, c.offered, c.taken, c.unmet, c.underMinimum, pct(c.taken, c.offered)],
      c.title,
    );
    const over = c.taken >= c.offered && c.unmet > 0;
    assert.equal(String(values.verdict).includes('Over-subscribed'), over, `${c.title} over`);
    assert.equal(String(values.verdict).includes('Under-subscribed'), c.underMinimum > 0, `${c.title} under`);
    if (c.unmet > 0) assert.equal(rowOf(demand, c.title).suggested, Math.ceil(c.unmet / c.largest));
    else
      assert.equal(
        demand.rows.find((r) => r.label === c.title),
        undefined,
      );
  }
  assert.ok(
    truth.perCourse.some((c) => c.underMinimum > 0),
    'a session below its minimum',
  );
  assert.ok(
    truth.perCourse.some((c) => c.unmet > 0),
    'unmet demand in the demo',
  );
}

async function checkSuppression(app: TestApp, quarter: Quarter) {
  const truth = await bruteForce(app, quarter);
  const viewer = await app.db.kysely
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'viewer@demoshire.example')
    .executeTakeFirstOrThrow();
  const { secret } = await app.services.tokens.createFor(systemActor(app.demoPartnershipId), viewer.id, 'report test');
  const response = await fetch(`${app.url}/api/v1/training/report?quarter=${quarter.id}`, {
    headers: { authorization: `Bearer ${secret}` },
  });
  assert.equal(response.status, 200);
  const served = (await response.json()) as TrainingReport;
  const agencies = table(served, 'by-agency');
  const tiny = rowOf(agencies, TINY);
  assert.equal(tiny.attended, 'c');
  assert.equal(tiny.total, 'c');
  assert.equal(tiny.share, 'c');
  assert.ok(agencies.suppressedCells >= 2);
  for (const row of agencies.rows) {
    const counts = truth.byAgency.get(row.label) ?? {};
    for (const key of ['attended', 'partial', 'noShow', 'holding', 'cancelledOnTime', 'cancelledLate', 'unmet']) {
      const value = row.values[key];
      const real = counts[key] ?? 0;
      if (value === 'c') assert.ok(real >= 0);
      else assert.equal(value, real, `${row.label} ${key} shown as counted`);
      if (real > 0 && real < 5) assert.equal(value, 'c', `${row.label} ${key}: ${real} is hidden`);
    }
  }
  const bad = await fetch(`${app.url}/api/v1/training/report?quarter=2026-Q9`, {
    headers: { authorization: `Bearer ${secret}` },
  });
  assert.equal(bad.status, 422);
  const contact = await app.db.kysely
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'trainingcontact@demoshire.example')
    .executeTakeFirstOrThrow();
  const denied = await app.services.tokens.createFor(systemActor(app.demoPartnershipId), contact.id, 'contact test');
  const forbidden = await fetch(`${app.url}/api/v1/training/report`, {
    headers: { authorization: `Bearer ${denied.secret}` },
  });
  assert.equal(forbidden.status, 403);
}

async function checkDownloads(app: TestApp, coordinator: TestClient, quarter: Quarter) {
  const page = renderedPage(await coordinator.get(`/training/report?quarter=${quarter.id}`));
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`Training quarterly report`));
  assert.match(page.text, /Bookings by agency/);
  assert.match(page.html, /<svg[^>]+role="img"/);
  const truth = await bruteForce(app, quarter);
  const csv = await coordinator.get(`/training/report/download?quarter=${quarter.id}&format=csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
  const offeredLine = csv.text.split('\r\n').find((l) => l.includes(',Places offered,'));
  assert.ok(offeredLine?.endsWith(`,${truth.offered}`), offeredLine);
  assert.match(csv.text, new RegExp(`${TINY},Attended,c`));
  const xlsx = await fetch(`${app.url}/training/report/download?quarter=${quarter.id}&format=xlsx`, {
    headers: { cookie: cookieOf(coordinator) },
  });
  assert.equal(xlsx.status, 200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
  const sheet = book.getWorksheet('Sessions, places and bookings');
  assert.ok(sheet);
  const offeredRow = sheet.getSheetValues().find((r) => Array.isArray(r) && r[1] === 'Places offered') as unknown[];
  assert.equal(offeredRow?.[2], truth.offered);
  const pdf = await fetch(`${app.url}/training/report/download?quarter=${quarter.id}&format=pdf`, {
    headers: { cookie: cookieOf(coordinator) },
  });
  assert.equal(pdf.status, 200);
  const tagged = readTaggedPdf(Buffer.from(await pdf.arrayBuffer()));
  assert.match(tagged.title ?? '', /Training quarterly report/);
  assert.equal(tagged.lang, 'en-GB');
  assert.equal(tagged.marked, true);
  const bad = renderedPage(await coordinator.get('/training/report?quarter=nonsense'));
  assert.equal(bad.status, 400);
  assert.match(bad.errors.join(' '), /Select a quarter from the list/);
}

for (const engine of ENGINES) {
  describe(`training quarterly report on ${engine}`, () => {
    let app: TestApp;
    let coordinator: TestClient;
    const quarter = defaultQuarter();
    before(async () => {
      app = await startTestApp(engine);
      await prepare(app, quarter);
      coordinator = new TestClient(app.url);
      await coordinator.signIn('training@demoshire.example');
    });
    after(async () => {
      await app?.close();
    });

    it('counts every figure as a brute-force count over the raw rows does', () => checkFigures(app, quarter));
    it('suppresses small groups in what it serves and shows the rest as counted', () => checkSuppression(app, quarter));
    it('serves the page, CSV, XLSX and a tagged PDF with the same figures', () =>
      checkDownloads(app, coordinator, quarter));
  });
}
