/*
 * Practitioners join (issue 14, "People"): self-registration by email domain confirmed by an
 * emailed link, throttled; the domains coordinators keep; a coordinator's single add with an
 * invitation; the public catalogue and its .ics feed, switched on by the partnership.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ical, { type VEvent } from 'node-ical';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { renderedPage } from '../support/route-test.ts';
import { addCourse, addSession, outboxFor } from '../support/training.ts';

const COUNCIL = 'Demoshire County Council';

for (const engine of ENGINES) {
  describe(`training registration on ${engine}`, () => {
    let app: TestApp;
    let coordinator: TestClient;
    let councilId: number;
    const form = (extra: Record<string, string> = {}) => ({
      name: 'Riley New',
      email: 'riley.new@demoshire.example',
      organisation: String(councilId),
      job_role: 'childrens_social_worker',
      line_manager_email: 'manager9@demoshire.example',
      worker_id: '',
      ...extra,
    });
    const userOf = (email: string) =>
      app.db.kysely.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();

    before(async () => {
      app = await startTestApp(engine, { SIGN_IN_MAX_FAILURES: '3' });
      coordinator = new TestClient(app.url);
      await coordinator.signIn('training@demoshire.example');
      const council = await app.db.kysely
        .selectFrom('organisations')
        .select('id')
        .where('name', '=', COUNCIL)
        .executeTakeFirstOrThrow();
      councilId = council.id;
    });
    after(async () => {
      await app?.close();
    });

    it('registers a practitioner whose account works only after the emailed link', async () => {
      const visitor = new TestClient(app.url);
      const page = renderedPage(await visitor.get('/training/register'));
      assert.equal(page.status, 200);
      assert.match(page.text, new RegExp(COUNCIL));
      const sent = await visitor.post('/training/register', form());
      assert.equal(sent.status, 303);
      assert.equal(sent.location, '/training/register/check-your-email');
      const user = await userOf('riley.new@demoshire.example');
      assert.equal(user?.status, 'invited');
      assert.equal(user?.role, 'practitioner');
      const person = await app.db.kysely
        .selectFrom('training_practitioners')
        .selectAll()
        .where('email', '=', 'riley.new@demoshire.example')
        .executeTakeFirstOrThrow();
      assert.equal(person.user_id, user?.id);
      assert.equal(person.organisation_id, councilId);
      assert.equal(person.line_manager_email, 'manager9@demoshire.example');

      const signInEarly = await visitor.post('/sign-in', { email: 'riley.new@demoshire.example', password: 'x' });
      assert.notEqual(signInEarly.status, 303, 'no sign-in before the address is confirmed');
      const [mail] = await outboxFor(app, 'riley.new@demoshire.example');
      assert.equal(mail?.template, 'training-registration');
      const link = /http:\/\/localhost:\d+(\/invite\/[\w-]+)/.exec(mail?.body ?? '')?.[1];
      assert.ok(link, 'the email carries the confirmation link');
      await visitor.get(link);
      const set = await visitor.post(link, {
        password: 'a long enough password 1',
        'confirm-password': 'a long enough password 1',
      });
      assert.equal(set.status, 303);
      assert.equal((await userOf('riley.new@demoshire.example'))?.status, 'active');
      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .select('summary')
        .where('entity_type', '=', 'training_practitioner')
        .where('entity_id', '=', String(person.id))
        .execute();
      assert.equal(audit.length, 1);
      assert.match(audit[0]!.summary, /Registered as practitioner/);
    });

    it('refuses an unknown domain, saying who to ask, and a domain the organisation does not list; nothing is added', async () => {
      const visitor = new TestClient(app.url);
      await visitor.get('/training/register');
      const unknown = renderedPage(await visitor.post('/training/register', form({ email: 'someone@gmail.com' })));
      assert.equal(unknown.status, 400);
      assert.match(
        unknown.errors.join(' '),
        /@gmail\.com cannot register.*training contact or your training coordinator/,
      );
      const other = await app.db.kysely
        .selectFrom('organisations')
        .select('id')
        .where('name', '!=', COUNCIL)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const wrong = renderedPage(await visitor.post('/training/register', form({ organisation: String(other.id) })));
      assert.equal(wrong.status, 400);
      assert.match(wrong.errors.join(' '), /does not list @demoshire\.example addresses/);
      const missing = renderedPage(await visitor.post('/training/register', form({ name: '', job_role: 'astronaut' })));
      assert.equal(missing.status, 400);
      assert.deepEqual(missing.errors.sort(), ['Enter your full name', 'Select your job role']);
      assert.equal(await userOf('someone@gmail.com'), undefined);
    });

    it('tells an existing account by email only, and throttles repeated registrations', async () => {
      const visitor = new TestClient(app.url);
      await visitor.get('/training/register');
      const again = await visitor.post('/training/register', form({ email: 'viewer@demoshire.example' }));
      assert.equal(again.status, 303, 'the same answer as a new registration');
      const [notice] = (await outboxFor(app, 'viewer@demoshire.example')).filter(
        (m) => m.template === 'training-registration-exists',
      );
      assert.match(notice?.body ?? '', /already has an account/);
      const email = 'throttled@demoshire.example';
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1) statuses.push((await visitor.post('/training/register', form({ email }))).status);
      assert.deepEqual(statuses.slice(0, 3), [303, 303, 303]);
      assert.equal(statuses[3], 429);
    });

    it('lets a coordinator change an organisation’s domains (audited), refusing a malformed one', async () => {
      const page = renderedPage(await coordinator.get('/training/registration-settings'));
      assert.equal(page.status, 200);
      assert.match(page.text, /@demoshire\.example/);
      const address = `/training/registration-settings/organisations/${councilId}`;
      await coordinator.get(address);
      const bad = renderedPage(await coordinator.post(address, { domains: 'demoshire.example\nnot_a_domain!' }));
      assert.equal(bad.status, 400);
      assert.match(bad.errors.join(' '), /“not_a_domain!” is not a domain: enter each like example\.nhs\.uk/);
      const ok = await coordinator.post(address, { domains: '@Demoshire.example\nschools.demoshire.example' });
      assert.equal(ok.status, 303);
      const saved = await app.db.kysely
        .selectFrom('organisation_email_domains')
        .select('domain')
        .where('organisation_id', '=', councilId)
        .orderBy('domain')
        .execute();
      assert.deepEqual(
        saved.map((d) => d.domain),
        ['demoshire.example', 'schools.demoshire.example'],
      );
      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .select('summary')
        .where('entity_type', '=', 'organisation')
        .where('entity_id', '=', String(councilId))
        .execute();
      assert.ok(audit.some((a) => a.summary === `Changed the email domains of ${COUNCIL}`));
      const practitioner = new TestClient(app.url);
      await practitioner.signIn('practitioner@demoshire.example');
      assert.equal((await practitioner.get('/training/registration-settings')).status, 403);
    });

    it('adds a practitioner for a coordinator with an invitation email', async () => {
      await coordinator.get('/training/practitioners/new');
      const added = await coordinator.post(
        '/training/practitioners/new',
        form({ email: 'added.one@demoshire.example' }),
      );
      assert.equal(added.status, 303);
      const [mail] = await outboxFor(app, 'added.one@demoshire.example');
      assert.equal(mail?.template, 'invitation');
      assert.equal((await userOf('added.one@demoshire.example'))?.status, 'invited');
      const twice = renderedPage(
        await coordinator.post('/training/practitioners/new', form({ email: 'added.one@demoshire.example' })),
      );
      assert.equal(twice.status, 400);
      assert.match(twice.errors.join(' '), /already registered/);
    });

    it('publishes the catalogue and an .ics feed that parses once switched on, with no names', async () => {
      const visitor = new TestClient(app.url);
      const partnership = app.demoPartnershipId;
      assert.equal((await visitor.get(`/training/catalogue/${partnership}`)).status, 404, 'off by default');
      assert.equal((await visitor.get(`/training/catalogue/${partnership}/sessions.ics`)).status, 404);
      await coordinator.get('/training/registration-settings');
      assert.equal(
        (await coordinator.post('/training/registration-settings/public-catalogue', { public: 'on' })).status,
        303,
      );
      const courseId = await addCourse(coordinator, 'Public feed course', 'none');
      const sessionId = await addSession(coordinator, courseId, 12);

      const index = await visitor.get('/training/catalogue');
      assert.equal(index.status, 303);
      const page = renderedPage(await visitor.get(`/training/catalogue/${partnership}`));
      assert.equal(page.status, 200);
      assert.match(page.text, /Public feed course/);
      assert.match(page.text, /12 places free/);
      assert.doesNotMatch(page.text, /Jamie Fox|practitioner1@/);

      const feed = await visitor.get(`/training/catalogue/${partnership}/sessions.ics`);
      assert.equal(feed.status, 200);
      assert.match(feed.headers.get('content-type') ?? '', /text\/calendar/);
      const events = Object.values(ical.sync.parseICS(feed.text)).filter((c): c is VEvent => c?.type === 'VEVENT');
      const ours = events.find((e) => e.uid === `training-session-${sessionId}@one-workforce`);
      assert.ok(ours, 'the new session is in the feed');
      assert.equal(String(ours.summary), 'Public feed course');
      assert.ok(events.length > 1, 'the demo’s upcoming sessions are in it too');
      assert.doesNotMatch(feed.text, /ATTENDEE|ORGANIZER|@demoshire\.example/);
    });
  });
}
