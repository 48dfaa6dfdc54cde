/*
 * Training compliance (issue 14, point 8) on both databases: each person's status and the matrix
 * against a brute-force count by the written rule (compliance-rules.ts); the headcount against the
 * latest return's worker records by headline.ts's definition; the partnership's matrix protected
 * by disclosure.ts, small groups shown as c; an organisation's contact sees their own
 * organisation only; single-agency records are scoped and audited.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor, type Actor } from '../../src/auth/actor.ts';
import { complianceOf } from '../../src/features/training/compliance-rules.ts';
import { validateRows } from '../../src/features/workforce/returns/validate.ts';
import { groupKeyer, protectCount } from '../../src/lib/disclosure.ts';
import { todayInLondon } from '../../src/lib/dates.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { renderedPage } from '../support/route-test.ts';
import { addPractitioners } from '../support/training.ts';
import { latestInPost, trainingEntries } from '../support/training-compliance.ts';
import { organisationWithLead, worker } from '../support/workforce-returns.ts';

type Counts = { people: number; compliant: number; due: number; lapsed: number; ids: number };

/** Every person's status by the pure rule over every entry, counted by organisation and role. */
async function bruteForce(app: TestApp, today: string) {
  const db = app.db.kysely;
  const p = app.demoPartnershipId;
  const reqs = await db.selectFrom('training_requirements').selectAll().where('partnership_id', '=', p).execute();
  const people = await db
    .selectFrom('training_practitioners')
    .select(['id', 'organisation_id', 'job_role'])
    .where('partnership_id', '=', p)
    .execute();
  const entries = await trainingEntries(app);
  const counts = new Map<string, Counts>();
  const statuses = new Map<number, string>();
  for (const person of people) {
    const req = reqs.find((r) => r.job_role === person.job_role);
    if (!req) continue;
    const rule = { level: req.level, minutes: req.minutes, periodMonths: req.period_months };
    const { status } = complianceOf(rule, entries.get(person.id) ?? [], today);
    statuses.set(person.id, status);
    const key = `${person.organisation_id}|${person.job_role}`;
    const c = counts.get(key) ?? { people: 0, compliant: 0, due: 0, lapsed: 0, ids: 0 };
    c.people += 1;
    c[status] += 1;
    if (status !== 'lapsed') c.ids += person.id;
    counts.set(key, c);
  }
  return { counts, statuses, reqs };
}

/** Employees in post by job role in each organisation's latest current return, from the worker records. */
async function bruteHeadcounts(app: TestApp) {
  const { inPost, secret } = await latestInPost(app);
  const heads = new Map<string, { n: number; k: number }>();
  for (const [organisationId, workers] of inPost)
    for (const w of workers) {
      const h = heads.get(`${organisationId}|${w.jobRole}`) ?? { n: 0, k: 0 };
      heads.set(`${organisationId}|${w.jobRole}`, { n: h.n + 1, k: h.k + w.key });
    }
  return { heads, withReturn: new Set(inPost.keys()), secret };
}

const actorOf = async (app: TestApp, email: string): Promise<Actor> => {
  const u = await app.db.kysely
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email)
    .where('partnership_id', '=', app.demoPartnershipId)
    .executeTakeFirstOrThrow();
  return {
    userId: u.id,
    partnershipId: u.partnership_id,
    role: u.role as Actor['role'],
    organisationId: u.organisation_id,
    label: email,
    ip: null,
  };
};

for (const engine of ENGINES) {
  describe(`training compliance on ${engine}`, () => {
    let app: TestApp;
    const today = todayInLondon();
    before(async () => {
      app = await startTestApp(engine);
    });
    after(async () => {
      await app?.close();
    });

    it('counts each organisation’s compliant, due and lapsed people as the rule does, one by one', async () => {
      const { counts } = await bruteForce(app, today);
      const { heads, withReturn } = await bruteHeadcounts(app);
      const coordinator = await actorOf(app, 'training@demoshire.example');
      const organisations = await app.db.kysely
        .selectFrom('organisations')
        .select('id')
        .where('partnership_id', '=', app.demoPartnershipId)
        .execute();
      let people = 0;
      const statuses = { compliant: 0, due: 0, lapsed: 0 };
      for (const o of organisations) {
        const m = await app.services.training.compliance.organisationMatrix(coordinator, o.id, today);
        for (const cell of m.cells) {
          const want = counts.get(`${o.id}|${cell.jobRole}`) ?? { people: 0, compliant: 0, due: 0, lapsed: 0 };
          assert.deepEqual(
            [cell.people, cell.compliant, cell.due, cell.lapsed],
            [want.people, want.compliant, want.due, want.lapsed],
            `organisation ${o.id}, ${cell.jobRole}`,
          );
          const head = withReturn.has(o.id) ? (heads.get(`${o.id}|${cell.jobRole}`)?.n ?? 0) : null;
          assert.equal(cell.headcount, head, `headcount of organisation ${o.id}, ${cell.jobRole}`);
          if (head) assert.equal(cell.percent, Math.round((100 * (want.compliant + want.due)) / head));
          people += want.people;
          for (const s of ['compliant', 'due', 'lapsed'] as const) statuses[s] += want[s];
        }
      }
      // The demo has content in every state, so the comparison above means something.
      assert.ok(people > 300, `only ${people} people with a requirement`);
      for (const s of ['compliant', 'due', 'lapsed'] as const) assert.ok(statuses[s] > 10, `${s}: ${statuses[s]}`);
    });

    it('protects every figure of the partnership’s matrix, and shows small groups as c', async () => {
      // A nursery whose latest return has three early years practitioners in post: a group under 5.
      const { organisationId } = await organisationWithLead(
        app.services,
        app.demoPartnershipId,
        'Tiny Nursery',
        'tiny@nursery.example',
      );
      const system = systemActor(app.demoPartnershipId, 'Test');
      const staged = await app.services.workforceReturns.stage(system, {
        organisationId,
        censusDate: '2026-03-31',
        fileName: 'tiny.csv',
        fileHash: 'b'.repeat(64),
        source: 'api',
        events: validateRows([worker('T1'), worker('T2'), worker('T3')], { censusDate: '2026-03-31' }),
      });
      await app.services.workforceReturns.commit(system, staged.id);
      await addPractitioners(app, 3, 'Tiny', organisationId);
      await app.db.kysely
        .updateTable('training_practitioners')
        .set({ job_role: 'early_years_practitioner' })
        .where('organisation_id', '=', organisationId)
        .execute();
      const { counts } = await bruteForce(app, today);
      const { heads, withReturn, secret } = await bruteHeadcounts(app);
      const key = groupKeyer(secret, 'training-compliance');
      const steering = await actorOf(app, 'steering@demoshire.example');
      const matrix = await app.services.training.compliance.partnershipMatrix(steering, today);
      let small = 0;
      for (const row of matrix.rows)
        for (const cell of row.cells) {
          const c = counts.get(`${row.organisation.id}|${cell.jobRole}`);
          if (!withReturn.has(row.organisation.id)) {
            assert.equal(cell.headcount, null);
            continue;
          }
          const head = heads.get(`${row.organisation.id}|${cell.jobRole}`) ?? { n: 0, k: 0 };
          const shownHead = protectCount(head);
          assert.equal(cell.headcount, shownHead);
          const compliant = { n: (c?.compliant ?? 0) + (c?.due ?? 0), k: key(c?.ids ?? 0) };
          assert.equal(cell.compliant, protectCount(compliant));
          if (head.n > 0 && head.n < 5) {
            small += 1;
            assert.equal(cell.percent, 'c', `a group of ${head.n} is withheld`);
          }
          if (shownHead >= 10) assert.equal(cell.percent, Math.round((100 * cell.compliant) / shownHead));
        }
      assert.ok(small > 0, 'there are groups under 5 to withhold');
      const tiny = matrix.rows.find((r) => r.organisation.id === organisationId);
      assert.equal(tiny?.cells.find((c) => c.jobRole === 'early_years_practitioner')?.percent, 'c');
      assert.equal(tiny?.total.percent, 'c');
      const steeringClient = new TestClient(app.url);
      await steeringClient.signIn('steering@demoshire.example');
      const page = renderedPage(await steeringClient.get('/training/compliance'));
      assert.equal(page.status, 200);
      assert.match(page.text, /Percent compliant/);
      assert.doesNotMatch(page.html, /practitioner\d+@demoshire\.example/);
      assert.equal((await steeringClient.get('/training/compliance/organisations/1')).status, 403);
      const csv = await steeringClient.get('/training/compliance/download?format=csv');
      assert.equal(csv.status, 200);
      assert.match(csv.text, /Organisation,Job role,Headcount \(latest return\),Compliant,Percent compliant/);
    });

    it('shows an organisation’s contact their own organisation only, with its lapsing list', async () => {
      const contact = await actorOf(app, 'trainingcontact@demoshire.example');
      const client = new TestClient(app.url);
      await client.signIn('trainingcontact@demoshire.example');
      const home = await client.get('/training/compliance');
      assert.equal(home.status, 303);
      assert.equal(home.location, `/training/compliance/organisations/${contact.organisationId}`);
      const page = renderedPage(await client.get(home.location ?? ''));
      assert.equal(page.status, 200);
      const { statuses } = await bruteForce(app, today);
      const own = await app.db.kysely
        .selectFrom('training_practitioners')
        .select(['id', 'email'])
        .where('organisation_id', '=', contact.organisationId)
        .execute();
      const listed = [...page.html.matchAll(/(practitioner\d*@demoshire\.example)/g)].map((m) => m[1]);
      const expected = own.filter((p) => ['due', 'lapsed'].includes(statuses.get(p.id) ?? '')).map((p) => p.email);
      assert.ok(expected.length > 0);
      assert.deepEqual(new Set(listed), new Set(expected));
      const other = await app.db.kysely
        .selectFrom('organisations')
        .select('id')
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('id', '!=', contact.organisationId ?? 0)
        .executeTakeFirstOrThrow();
      assert.equal((await client.get(`/training/compliance/organisations/${other.id}`)).status, 404);
      assert.equal(
        (await client.get(`/training/compliance/organisations/${other.id}/download?format=csv`)).status,
        404,
      );
      const csv = await client.get(`/training/compliance/organisations/${contact.organisationId}/download?format=csv`);
      assert.equal(csv.status, 200);
      assert.match(csv.text, /^\uFEFF?Job role,Requirement,Headcount/);
    });

    it('lets a contact record single-agency training for their own staff only, audited, and it counts', async () => {
      const contact = await actorOf(app, 'trainingcontact@demoshire.example');
      const client = new TestClient(app.url);
      await client.signIn('trainingcontact@demoshire.example');
      const [mine, theirs] = await Promise.all(
        ['=', '!='].map((op) =>
          app.db.kysely
            .selectFrom('training_practitioners')
            .selectAll()
            .where('partnership_id', '=', app.demoPartnershipId)
            .where('organisation_id', op as '=', contact.organisationId ?? 0)
            .where('job_role', '=', 'childrens_social_worker')
            .orderBy('id')
            .executeTakeFirstOrThrow(),
        ),
      );
      const [y, m, d] = today.split('-');
      const form = (email: string) => ({
        email,
        course: 'In-house Level 3 day',
        'date-day': d!,
        'date-month': m!,
        'date-year': y!,
        hours: '6',
        level: 'level_3',
      });
      await client.get('/training/compliance/records/new');
      const refused = renderedPage(await client.post('/training/compliance/records/new', form(theirs!.email)));
      assert.equal(refused.status, 400);
      assert.deepEqual(refused.errors, ['Enter the email address of a practitioner in your organisation']);
      const saved = await client.post('/training/compliance/records/new', form(mine!.email));
      assert.equal(saved.status, 303);
      const record = await app.db.kysely
        .selectFrom('training_records')
        .selectAll()
        .where('practitioner_id', '=', mine!.id)
        .where('course', '=', 'In-house Level 3 day')
        .executeTakeFirstOrThrow();
      assert.deepEqual([record.source, record.minutes, record.completed_on], ['single_agency', 360, today]);
      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .selectAll()
        .where('entity_type', '=', 'training_record')
        .where('entity_id', '=', String(record.id))
        .executeTakeFirstOrThrow();
      assert.equal(audit.action, 'create');
      const again = renderedPage(await client.post('/training/compliance/records/new', form(mine!.email)));
      assert.equal(again.status, 400);
      assert.match(again.errors.join(' '), /already has this training on this date recorded/);
      const status = await app.services.training.compliance.person(contact, mine!.id, today);
      assert.equal(status.status?.status, 'compliant');
    });

    it('lets coordinators set requirements, refusing a second one for a role, and audits the change', async () => {
      const client = new TestClient(app.url);
      await client.signIn('training@demoshire.example');
      await client.get('/training/compliance/requirements/new');
      const requirement = (job_role: string, level: string, hours: string, period_months: string, id?: number) =>
        client.post(`/training/compliance/requirements/${id ?? 'new'}`, { job_role, level, hours, period_months });
      const twice = renderedPage(await requirement('teacher', 'level_2', '3', '36'));
      assert.equal(twice.status, 400);
      assert.deepEqual(twice.errors, ['This job role already has a requirement: change that one instead']);
      const bad = renderedPage(await requirement('midwife', 'level_3', 'six', '0'));
      assert.equal(bad.status, 400);
      assert.equal(bad.errors.length, 2);
      const added = await requirement('midwife', 'level_3', '4.5', '24');
      assert.equal(added.status, 303);
      const row = await app.db.kysely
        .selectFrom('training_requirements')
        .selectAll()
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('job_role', '=', 'midwife')
        .executeTakeFirstOrThrow();
      assert.deepEqual([row.level, row.minutes, row.period_months], ['level_3', 270, 24]);
      await client.get(`/training/compliance/requirements/${row.id}`);
      const changed = await requirement('midwife', 'level_3', '6', '36', row.id);
      assert.equal(changed.status, 303);
      const audits = await app.db.kysely
        .selectFrom('audit_events')
        .select('action')
        .where('entity_type', '=', 'training_requirement')
        .where('entity_id', '=', String(row.id))
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audits.map((a) => a.action),
        ['create', 'update'],
      );
    });

    it('shows a practitioner their own status, as the rule gives it', async () => {
      const practitioner = await actorOf(app, 'practitioner@demoshire.example');
      const own = await app.services.training.compliance.own(practitioner, today);
      assert.ok(own?.requirement);
      const client = new TestClient(app.url);
      await client.signIn('practitioner@demoshire.example');
      const home = await client.get('/training/compliance');
      assert.equal(home.location, '/training/compliance/mine');
      const page = renderedPage(await client.get('/training/compliance/mine'));
      assert.equal(page.status, 200);
      const label = { compliant: 'Compliant', due: 'Due within 90 days', lapsed: 'Lapsed' }[own.status!.status];
      assert.match(page.text, new RegExp(label));
      assert.equal((await client.get('/training/compliance/organisations/1')).status, 403);
    });
  });
}
