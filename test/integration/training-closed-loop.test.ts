/*
 * The closed loop (issue 14, point 10): a course is linked to OCWT themes in the catalogue form;
 * the self-assessment results page shows each theme's courses and the training delivered since
 * the round before (sessions run, people trained, small numbers as c), and comparing two rounds
 * shows the same beside each theme's change — each figure checked against a brute-force count.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { londonDateOf, todayInLondon } from '../../src/lib/dates.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { renderedPage } from '../support/route-test.ts';
import { systemActor } from '../../src/auth/actor.ts';
import { addCourse, addPractitioners, insertBookings } from '../support/training.ts';

/** Sessions run and distinct people who attended, per theme, from the raw rows, between two dates (inclusive). */
async function bruteForce(app: TestApp, from: string, to: string) {
  const db = app.db.kysely;
  const pid = app.demoPartnershipId;
  const now = new Date().toISOString();
  const courses = await db
    .selectFrom('training_courses')
    .select(['id', 'themes', 'title'])
    .where('partnership_id', '=', pid)
    .execute();
  const sessions = (
    await db.selectFrom('training_sessions').selectAll().where('partnership_id', '=', pid).execute()
  ).filter(
    (s) =>
      s.status === 'scheduled' &&
      londonDateOf(s.starts_at) >= from &&
      londonDateOf(s.starts_at) <= to &&
      s.starts_at <= now,
  );
  const bookings = await db
    .selectFrom('training_bookings')
    .select(['session_id', 'practitioner_id', 'status'])
    .where('partnership_id', '=', pid)
    .execute();
  const result = new Map<number, { courses: string[]; sessions: number; people: number | 'c' }>();
  for (let theme = 1; theme <= 8; theme++) {
    const linked = courses.filter((c) => (JSON.parse(c.themes) as string[]).includes(String(theme)));
    const ids = new Set(linked.map((c) => c.id));
    const mine = sessions.filter((s) => ids.has(s.course_id));
    const sessionIds = new Set(mine.map((s) => s.id));
    const people = new Set(
      bookings.filter((b) => sessionIds.has(b.session_id) && b.status === 'attended').map((b) => b.practitioner_id),
    ).size;
    result.set(theme, {
      courses: linked.map((c) => c.title).sort(),
      sessions: mine.length,
      people: people > 0 && people < 5 ? 'c' : people,
    });
  }
  return result;
}

/** The rows of a table on the page, by their data-theme: the cells' text. */
function themeCells(html: string, testId: string): Map<number, string[]> {
  const table = new RegExp(`data-testid="${testId}"[\\s\\S]*?</table>`).exec(html)?.[0] ?? '';
  const rows = new Map<number, string[]>();
  for (const m of table.matchAll(/<tr class="govuk-table__row" data-theme="(\d)">([\s\S]*?)<\/tr>/g)) {
    const cells = [...(m[2] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) =>
      (c[1] ?? '')
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    );
    rows.set(Number(m[1]), cells);
  }
  return rows;
}

interface Rounds {
  baseline: number;
  reassessment: number;
  baselineDate: string;
}

/** The demo's two rounds; no demo course addresses "Complementary roles" (6): the test's own course will, with 3 people trained. */
async function prepare(app: TestApp): Promise<Rounds> {
  const db = app.db.kysely;
  const pid = app.demoPartnershipId;
  const rounds = await db
    .selectFrom('assessment_rounds')
    .select(['id', 'name', 'closes_on'])
    .where('partnership_id', '=', pid)
    .execute();
  const base = rounds.find((r) => r.name === 'Baseline 2025');
  for (const c of await db
    .selectFrom('training_courses')
    .select(['id', 'themes'])
    .where('partnership_id', '=', pid)
    .execute())
    await db
      .updateTable('training_courses')
      .set({ themes: JSON.stringify((JSON.parse(c.themes) as string[]).filter((t) => t !== '6')) })
      .where('id', '=', c.id)
      .execute();
  return {
    baseline: base?.id ?? 0,
    baselineDate: base?.closes_on ?? '',
    reassessment: rounds.find((r) => r.name === 'Re-assessment 2026')?.id ?? 0,
  };
}

async function linkCourse(app: TestApp, coordinator: TestClient): Promise<number> {
  const courseId = await addCourse(coordinator, 'Roles across the partnership');
  await coordinator.get(`/training/courses/${courseId}/edit`);
  const form = {
    title: 'Roles across the partnership',
    description: 'Who does what.',
    level: 'level_2',
    delivery: 'face_to_face',
    hours: '3',
    cost: '0',
    approval: 'none',
  };
  const refused = renderedPage(await coordinator.post(`/training/courses/${courseId}/edit`, { ...form, themes: '9' }));
  assert.equal(refused.status, 400);
  assert.match(refused.errors.join(' '), /Select self-assessment themes from the list/);
  const saved = await coordinator.post(`/training/courses/${courseId}/edit`, { ...form, themes: ['6', '4'] });
  assert.equal(saved.status, 303);
  const stored = await app.db.kysely
    .selectFrom('training_courses')
    .select('themes')
    .where('id', '=', courseId)
    .executeTakeFirstOrThrow();
  assert.deepEqual(JSON.parse(stored.themes), ['6', '4']);
  const page = renderedPage(await coordinator.get(`/training/courses/${courseId}`));
  assert.match(page.text, /Self-assessment themes\s+Complementary roles, Integrated working practices/);
  // One past session of it with three people who attended.
  const at = new Date().toISOString();
  const start = new Date(Date.now() - 20 * 86_400_000).toISOString();
  const session = await app.db.kysely
    .insertInto('training_sessions')
    .values({
      partnership_id: app.demoPartnershipId,
      course_id: courseId,
      venue: 'Hall',
      access_info: '',
      online_link: '',
      trainers: '',
      capacity: 10,
      minimum: 0,
      booking_opens_on: '2026-01-01',
      booking_closes_on: start.slice(0, 10),
      cancellation_cutoff_days: 0,
      offer_hours: 48,
      auto_promote: 1,
      starts_at: start,
      status: 'scheduled',
      cancel_reason: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertBookings(app, session.id, await addPractitioners(app, 3, 'Loop'), 'attended');
  await insertBookings(app, session.id, await addPractitioners(app, 3, 'Later'), 'booked');
  return session.id;
}

async function checkResultsPage(
  app: TestApp,
  steering: TestClient,
  { reassessment, baselineDate }: Rounds,
  trainedInTheme6: number | 'c' = 'c',
) {
  const page = await steering.get(`/assessment/rounds/${reassessment}/results`);
  assert.equal(page.status, 200);
  const truth = await bruteForce(app, baselineDate, todayInLondon());
  const rows = themeCells(page.text, 'training-by-theme');
  assert.equal(rows.size, 8);
  for (const [theme, expected] of truth) {
    const [, courses, sessions, people] = rows.get(theme) ?? [];
    assert.equal(sessions, String(expected.sessions), `theme ${theme} sessions`);
    assert.equal(people, String(expected.people), `theme ${theme} people`);
    for (const title of expected.courses) assert.ok(courses?.includes(title), `theme ${theme} lists ${title}`);
  }
  assert.equal(truth.get(6)?.people, trainedInTheme6, 'theme 6 people (three are too few to show)');
  assert.equal(truth.get(6)?.sessions, 1);
  assert.ok(Number(truth.get(5)?.people) > 100, 'the demo trained many in theme 5');
}

async function checkComparison(app: TestApp, steering: TestClient, { baseline, reassessment, baselineDate }: Rounds) {
  const page = await steering.get(`/assessment/compare?from=${baseline}&to=${reassessment}`);
  assert.equal(page.status, 200);
  const truth = await bruteForce(app, baselineDate, todayInLondon());
  const rows = themeCells(page.text, 'theme-changes');
  assert.equal(rows.size, 8);
  for (const [theme, expected] of truth) {
    const cells = rows.get(theme) ?? [];
    assert.match(cells[3] ?? '', /Improved|Declined|Same|Not comparable/);
    assert.deepEqual(cells.slice(4), [String(expected.sessions), String(expected.people)], `theme ${theme}`);
  }
}

/**
 * The counts are kept by their data version (docs/adr/0047): a repeat view is served from the
 * cache, and attendance marked on the register after a view shows on the next one.
 */
async function checkMarkedAfterView(
  app: TestApp,
  coordinator: TestClient,
  steering: TestClient,
  rounds: Rounds,
  sessionId: number,
) {
  const report = app.services.trainingReport;
  const actor = systemActor(app.demoPartnershipId);
  const first = await report.forRound(actor, rounds.reassessment);
  const { hits, misses } = report.themeCountStats();
  assert.deepEqual(await report.forRound(actor, rounds.reassessment), first);
  assert.deepEqual(report.themeCountStats(), { hits: hits + 1, misses, size: 1 }, 'served again, not counted again');
  await checkResultsPage(app, steering, rounds, 'c');

  const booked = await app.db.kysely
    .selectFrom('training_bookings')
    .select('id')
    .where('session_id', '=', sessionId)
    .where('status', '=', 'booked')
    .execute();
  assert.equal(booked.length, 3);
  await coordinator.get(`/training/sessions/${sessionId}/register`);
  const marked = await coordinator.post(
    `/training/sessions/${sessionId}/register`,
    Object.fromEntries(booked.map((b) => [`mark-${b.id}`, 'attended'])),
  );
  assert.equal(marked.status, 303);
  await checkResultsPage(app, steering, rounds, 6);
  const after = await report.forRound(actor, rounds.reassessment);
  assert.equal(after?.themes.find((t) => t.theme === 6)?.peopleTrained, 6);
  assert.equal(report.themeCountStats().misses, misses + 1, 'the change made a new version');
}

for (const engine of ENGINES) {
  describe(`the closed loop on ${engine}`, () => {
    let app: TestApp;
    let coordinator: TestClient;
    let steering: TestClient;
    let rounds: Rounds;
    let sessionId = 0;
    before(async () => {
      app = await startTestApp(engine);
      rounds = await prepare(app);
      coordinator = new TestClient(app.url);
      await coordinator.signIn('training@demoshire.example');
      steering = new TestClient(app.url);
      await steering.signIn('steering@demoshire.example');
    });
    after(async () => {
      await app?.close();
    });

    it('links a course to themes in the catalogue form, refusing a theme not in the list', async () => {
      sessionId = await linkCourse(app, coordinator);
    });
    it('shows each theme’s courses and the training since the round before on the results page', () =>
      checkResultsPage(app, steering, rounds));
    it('shows the training between two rounds beside each theme’s change', () =>
      checkComparison(app, steering, rounds));
    it('serves a repeat view from its cache and shows attendance marked after a view at once', () =>
      checkMarkedAfterView(app, coordinator, steering, rounds, sessionId));
  });
}
