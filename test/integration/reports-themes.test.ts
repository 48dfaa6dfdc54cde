import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_USERS } from '../../src/features/demo/demo.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { demoSlug } from '../support/reports.ts';
import { textOf } from '../support/route-test.ts';

/** Every element the public page marks as a count, as its text. */
const countsOn = (html: string): string[] =>
  [...html.matchAll(/<(\w+)[^>]*\bdata-count\b[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => textOf(m[2] ?? '').trim());

for (const engine of ENGINES) {
  describe(`reports: home, theme pages and the public progress page on ${engine}`, () => {
    let app: TestApp;
    let admin: TestClient;
    let slug: string;
    before(async () => {
      app = await startTestApp(engine);
      admin = new TestClient(app.url);
      await admin.signIn('admin@demoshire.example');
      slug = await demoSlug(app);
    });
    after(async () => {
      await app?.close();
    });

    const signedIn = async (role: string) => {
      const client = new TestClient(app.url);
      await client.signIn(DEMO_USERS.find((u) => u.role === role)!.email);
      return client;
    };

    it('lists the reports by audience, filtered by role, and is no longer "not built yet"', async () => {
      const page = await admin.get('/reports');
      assert.equal(page.status, 200);
      assert.doesNotMatch(page.text, /has not been built yet/);
      assert.match(page.text, /<h2 class="govuk-heading-m" id="board">For the board<\/h2>/);
      assert.match(page.text, /href="\/reports\/board-packs">Quarterly board packs</);
      assert.match(page.text, /id="steering">For the steering group</);
      assert.equal((page.text.match(/href="\/reports\/themes\/\d"/g) ?? []).length, 8);
      const organisations = await app.db.kysely
        .selectFrom('organisations')
        .select('id')
        .where('partnership_id', '=', app.demoPartnershipId)
        .execute();
      assert.equal((page.text.match(/href="\/reports\/organisations\/\d+"/g) ?? []).length, organisations.length);

      const lead = await signedIn('data_lead');
      const own = await lead.get('/reports');
      assert.equal(own.status, 200);
      assert.equal(/id="board"/.test(own.text), false, 'a data lead sees no board reports');
      const links = own.text.match(/href="\/reports\/organisations\/(\d+)"/g) ?? [];
      assert.equal(links.length, 1, 'a data lead sees only their own organisation’s pack');

      const viewer = await signedIn('viewer');
      const read = await viewer.get('/reports');
      assert.match(read.text, /id="board"/);
      assert.equal(/organisations\/\d+"/.test(read.text), false, 'a viewer has no organisation packs');
      assert.equal(/href="\/reports\/publication"/.test(read.text), false);
    });

    it("shows a data lead their own organisation's pack and no other", async () => {
      const lead = await signedIn('data_lead');
      const user = await app.db.kysely
        .selectFrom('users')
        .select('organisation_id')
        .where('email', '=', 'datalead@demoshire.example')
        .executeTakeFirstOrThrow();
      const other = await app.db.kysely
        .selectFrom('organisations')
        .select('id')
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('id', '!=', user.organisation_id!)
        .executeTakeFirstOrThrow();
      const pack = await lead.get(`/reports/organisations/${user.organisation_id}`);
      assert.equal(pack.status, 200);
      assert.match(pack.text, /Profile against the partnership’s/);
      assert.match(pack.text, /data-testid="pack-measures"/);
      assert.match(pack.text, /<th scope="row" class="govuk-table__header">Turnover rate<\/th>/);
      assert.equal((await lead.get(`/reports/organisations/${other.id}`)).status, 404);
      assert.equal((await (await signedIn('viewer')).get(`/reports/organisations/${other.id}`)).status, 403);
    });

    it('shows a theme: both rounds per stage, its priorities, actions with their RAG, training and indicators', async () => {
      const page = await admin.get('/reports/themes/4');
      assert.equal(page.status, 200);
      assert.match(page.text, /<h1 class="govuk-heading-l">Integrated working practices<\/h1>/);
      assert.match(page.text, /Baseline 2025/);
      assert.match(page.text, /Re-assessment 2026/);
      const scores = /data-testid="theme-scores">([\s\S]*?)<\/table>/.exec(page.text)?.[1] ?? '';
      assert.equal((scores.match(/<th scope="row"/g) ?? []).length, 9, 'eight stages and the average');
      assert.match(scores, /<td class="govuk-table__cell govuk-table__cell--numeric">[1-5]\.\d<\/td>/);

      const actions = (
        await app.db.kysely
          .selectFrom('plan_actions')
          .select(['title', 'themes'])
          .where('partnership_id', '=', app.demoPartnershipId)
          .execute()
      ).filter((a) => (JSON.parse(a.themes) as number[]).includes(4));
      assert.ok(actions.length > 0, 'the demo links actions to theme 4');
      const table = /data-testid="theme-actions">([\s\S]*?)<\/table>/.exec(page.text)?.[1] ?? '';
      assert.equal((table.match(/<tr class="govuk-table__row">/g) ?? []).length - 1, actions.length);
      assert.match(table, /<strong class="govuk-tag govuk-tag--\w+">(Red|Amber|Green|Complete|Not started)<\/strong>/);
      const linked = (
        await app.db.kysely
          .selectFrom('training_courses')
          .select(['id', 'themes'])
          .where('partnership_id', '=', app.demoPartnershipId)
          .execute()
      ).filter((c) => (JSON.parse(c.themes) as string[]).map(Number).includes(4));
      assert.ok(linked.length > 0, 'the demo links courses to theme 4');
      for (const course of linked) assert.match(page.text, new RegExp(`href="/training/courses/${course.id}"`));
      assert.doesNotMatch(page.text, /No courses linked to this theme/);
      const indicators = /data-testid="theme-indicators">([\s\S]*?)<\/table>/.exec(page.text)?.[1] ?? '';
      assert.match(indicators, />Practitioners trained in the common assessment</, 'the demo links it to theme 4');
      assert.match(indicators, /\d people<\/td>/);
      const round = await app.db.kysely
        .selectFrom('assessment_rounds')
        .selectAll()
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('name', '=', 'Re-assessment 2026')
        .executeTakeFirstOrThrow();
      const { id: _id, ...copy } = round;
      await app.db.kysely
        .insertInto('assessment_rounds')
        .values({ ...copy, name: 'Unanswered 2027', opens_on: '2027-01-04', closes_on: '2027-02-01' })
        .execute();
      const still = await admin.get('/reports/themes/4');
      assert.equal(still.text.includes('Unanswered 2027'), false, 'a round without answers is not the latest');
      assert.match(still.text, /Baseline 2025[\s\S]*Re-assessment 2026/);
      assert.equal((await admin.get('/reports/themes/9')).status, 404);
      assert.equal((await (await signedIn('data_lead')).get('/reports/themes/4')).status, 403);
    });

    it('counts sessions run and people trained on the courses linked to the theme, suppressed', async () => {
      const kysely = app.db.kysely;
      const now = new Date().toISOString();
      const trained = await kysely
        .selectFrom('training_bookings as b')
        .innerJoin('training_sessions as s', 's.id', 'b.session_id')
        .select(['s.course_id', 'b.practitioner_id'])
        .where('b.partnership_id', '=', app.demoPartnershipId)
        .where('b.status', 'in', ['attended', 'partially_attended'])
        .where('s.status', '=', 'scheduled')
        .where('s.starts_at', '<=', now)
        .execute();
      const courseId = trained[0]!.course_id;
      const people = new Set(trained.filter((t) => t.course_id === courseId).map((t) => t.practitioner_id)).size;
      // Theme 8 keeps only this course, so the page's count is this course's alone.
      const courses = await kysely
        .selectFrom('training_courses')
        .select(['id', 'themes'])
        .where('partnership_id', '=', app.demoPartnershipId)
        .execute();
      for (const c of courses) {
        const themes = (JSON.parse(c.themes) as string[]).filter((t) => t !== '8');
        if (c.id === courseId) themes.push('8');
        await kysely
          .updateTable('training_courses')
          .set({ themes: JSON.stringify(themes) })
          .where('id', '=', c.id)
          .execute();
      }
      const page = await admin.get('/reports/themes/8');
      assert.equal(page.status, 200);
      const training = /data-testid="theme-training">([\s\S]*?)<\/dl>/.exec(page.text)?.[1] ?? '';
      const shown = /People trained<\/dt><dd class="govuk-summary-list__value">([^<]+)</.exec(training)?.[1];
      assert.equal(shown, people > 0 && people < 5 ? 'c' : people.toLocaleString('en-GB'));
      assert.match(training, new RegExp(`href="/training/courses/${courseId}"`));
      for (const c of courses.filter((c) => c.id !== courseId))
        assert.doesNotMatch(training, new RegExp(`href="/training/courses/${c.id}"`));
    });

    it('links an indicator to a theme and removes it, each audited; only a plan editor may', async () => {
      const indicator = await app.db.kysely
        .selectFrom('plan_indicators')
        .select(['id', 'name'])
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('name', '=', 'Turnover rate')
        .executeTakeFirstOrThrow();
      await admin.get('/reports/themes/3');
      const bad = await admin.post('/reports/themes/3/indicators', { indicatorId: '' });
      assert.equal(bad.status, 400);
      assert.match(bad.text, /Select an indicator from the list/);
      const added = await admin.post('/reports/themes/3/indicators', { indicatorId: String(indicator.id) });
      assert.equal(added.status, 303);
      const page = await admin.get('/reports/themes/3');
      const table = /data-testid="theme-indicators">([\s\S]*?)<\/table>/.exec(page.text)?.[1] ?? '';
      assert.match(table, /Turnover rate/);
      assert.match(table, /(On target|Near target|Off target|No target or value)/);
      const removed = await admin.post('/reports/themes/3/indicators', {
        indicatorId: String(indicator.id),
        remove: 'yes',
      });
      assert.equal(removed.status, 303);
      assert.match((await admin.get('/reports/themes/3')).text, /No success indicator is linked to this theme/);
      const audits = await app.db.kysely
        .selectFrom('audit_events')
        .select('action')
        .where('entity_type', '=', 'report_theme_indicator')
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audits.map((a) => a.action),
        ['link', 'unlink'],
      );
      const viewer = await signedIn('viewer');
      await viewer.get('/reports/themes/3');
      assert.equal(
        (await viewer.post('/reports/themes/3/indicators', { indicatorId: String(indicator.id) })).status,
        403,
      );
    });

    it('publishes the progress page only when an administrator chooses to, audited', async () => {
      const anonymous = new TestClient(app.url);
      assert.equal((await anonymous.get(`/p/${slug}`)).status, 404);
      const viewer = await signedIn('viewer');
      await viewer.get('/reports');
      assert.equal((await viewer.post('/reports/publication', { published: 'yes' })).status, 403);
      await admin.get('/reports/publication');
      const none = await admin.post('/reports/publication', {});
      assert.equal(none.status, 400);
      assert.match(none.text, /Select whether to publish the progress page/);
      const published = await admin.post('/reports/publication', { published: 'yes' });
      assert.equal(published.status, 303);
      assert.match((await admin.get('/reports')).text, new RegExp(`href="/p/${slug}">/p/${slug}</a>`));
      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .select(['action', 'summary'])
        .where('entity_type', '=', 'report_publication')
        .executeTakeFirstOrThrow();
      assert.equal(audit.action, 'publish');
      assert.match(audit.summary, new RegExp(`/p/${slug}`));
      const page = await anonymous.get(`/p/${slug}`);
      assert.equal(page.status, 200);
      assert.match(page.text, /Children’s workforce strategy: progress/);
      assert.match(page.text, new RegExp(`href="/p/${slug}/strategy"`));
      assert.equal((await anonymous.get('/p/no-such-partnership')).status, 404);
    });

    it('shows no count under the threshold and names no one on the published page', async () => {
      const kysely = app.db.kysely;
      // Exactly two red actions: every other unfinished action amber.
      const open = await kysely
        .selectFrom('plan_actions')
        .select('id')
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('progress', '<', 100)
        .orderBy('id')
        .execute();
      await kysely
        .updateTable('plan_actions')
        .set({ rag_override: 'amber' })
        .where(
          'id',
          'in',
          open.map((a) => a.id),
        )
        .execute();
      await kysely
        .updateTable('plan_actions')
        .set({ rag_override: 'red' })
        .where(
          'id',
          'in',
          open.slice(0, 2).map((a) => a.id),
        )
        .execute();
      await admin.get('/reports/publication');
      await admin.post('/reports/publication', { published: 'yes' });
      const page = await new TestClient(app.url).get(`/p/${slug}`);
      assert.equal(page.status, 200);
      const counts = countsOn(page.text);
      assert.ok(counts.length >= 2, `the page marks its counts of people (${counts.length})`);
      const threshold = app.config.suppressionThreshold;
      const small = counts.filter((c) => {
        const n = Number(c.replace(/[^\d.]/g, ''));
        return c !== 'c' && Number.isInteger(n) && n > 0 && n < threshold;
      });
      assert.deepEqual(small, [], 'no count from 1 to the threshold is shown');
      const red = /Red: off track<\/th><td[^>]*>([^<]+)</.exec(page.text)?.[1];
      assert.equal(red, '2', 'two red actions are shown exactly: actions are not people (docs/adr/0034)');
      assert.match(page.text, /<td[^>]*data-action-count>2<\/td>/);
      const text = textOf(page.text);
      const leads = await kysely
        .selectFrom('plan_actions')
        .select('lead_name')
        .where('partnership_id', '=', app.demoPartnershipId)
        .distinct()
        .execute();
      for (const name of [...DEMO_USERS.map((u) => u.name), ...leads.map((l) => l.lead_name)].filter(Boolean))
        assert.equal(text.includes(name), false, `${name} is not named`);
    });
  });
}
