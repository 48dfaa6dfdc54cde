import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/actor.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { type ApiCall, fieldsOf, planApiClient } from '../support/plan-api.ts';

async function signedIn(app: TestApp, who: string): Promise<TestClient> {
  const client = new TestClient(app.url);
  await client.signIn(`${who}@demoshire.example`);
  return client;
}

/** A course in another partnership's catalogue, added through the catalogue service. */
async function otherPartnershipCourse(app: TestApp): Promise<number> {
  const other = await app.services.partnerships.create(systemActor(app.demoPartnershipId), {
    name: 'Otherton Children’s Partnership',
  });
  const saved = await app.services.training.catalogue.saveCourse(systemActor(other.id), {
    title: 'Otherton induction',
    description: 'Not Demoshire’s',
    level: 'level_1',
    delivery: 'face_to_face',
    hours: '1',
    cost: '0',
    approval: 'none',
  });
  return saved.id;
}

/** The action's form as it is now, as the edit page would send it back. */
function formOf(action: Record<string, unknown>, courseIds: string[]) {
  const [sy, sm, sd] = String(action.startDate).split('-');
  const [dy, dm, dd] = String(action.dueDate).split('-');
  return {
    title: String(action.title),
    priorityId: String(action.priorityId),
    objectiveId: action.objectiveId === null ? '' : String(action.objectiveId),
    themes: (action.themes as number[]).map(String),
    stages: (action.stages as number[]).map(String),
    outcomes: String(action.outcomes),
    successCriteria: String(action.successCriteria),
    leadUserId: action.leadUserId === null ? '' : String(action.leadUserId),
    leadName: action.leadUserId === null ? String(action.leadName) : '',
    leadOrganisation: action.leadUserId === null ? String(action.leadOrganisation) : '',
    cost: action.costPence === null ? '' : String(Number(action.costPence) / 100),
    fundingStream: String(action.fundingStream),
    courseIds,
    'start-day': sd ?? '',
    'start-month': sm ?? '',
    'start-year': sy ?? '',
    'due-day': dd ?? '',
    'due-month': dm ?? '',
    'due-year': dy ?? '',
  };
}

for (const engine of ENGINES) {
  describe(`plan actions linked to training courses on ${engine}`, () => {
    let app: TestApp;
    let api: ApiCall;
    let admin: TestClient;
    let courses: { id: number; title: string }[];
    let actionId: number;
    let foreignCourse: number;
    before(async () => {
      app = await startTestApp(engine);
      api = await planApiClient(app, ['partnership_admin', 'viewer']);
      admin = await signedIn(app, 'admin');
      courses = await app.db.kysely
        .selectFrom('training_courses')
        .select(['id', 'title'])
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('status', '=', 'active')
        .orderBy('id')
        .limit(3)
        .execute();
      assert.equal(courses.length, 3, 'the demo has courses');
      actionId = (await api('partnership_admin', 'GET', '/plan/actions')).body[0].id;
      foreignCourse = await otherPartnershipCourse(app);
    });
    after(async () => {
      await app?.close();
    });

    const links = () =>
      app.db.kysely
        .selectFrom('plan_action_courses')
        .select(['course_id', 'partnership_id'])
        .where('action_id', '=', actionId)
        .orderBy('course_id')
        .execute();

    it('links courses on the action’s form, shows them on the action and the course pages, and audits it', async () => {
      const form = await admin.get(`/plan/actions/${actionId}/edit`);
      assert.equal(form.status, 200);
      for (const c of courses) assert.match(form.text, new RegExp(`name="courseIds" type="checkbox" value="${c.id}"`));
      const action = (await api('partnership_admin', 'GET', `/plan/actions/${actionId}`)).body.action;
      const chosen = [courses[0], courses[1]].map((c) => String(c?.id));
      const saved = await admin.post(`/plan/actions/${actionId}/edit`, formOf(action, chosen));
      assert.equal(saved.status, 303);
      assert.deepEqual(
        (await links()).map((l) => [l.course_id, l.partnership_id]),
        chosen.map((id) => [Number(id), app.demoPartnershipId]),
      );
      const page = await admin.get(`/plan/actions/${actionId}`);
      const listed = /data-testid="action-courses">([\s\S]*?)<\/ul>/.exec(page.text)?.[1] ?? '';
      assert.equal([...listed.matchAll(/href="\/training\/courses\/(\d+)"/g)].map((m) => m[1]).join(), chosen.join());
      const course = await admin.get(`/training/courses/${chosen[0]}`);
      assert.equal(course.status, 200);
      assert.match(course.text, /Actions in the strategy’s plan that this course delivers/);
      const delivered = /data-testid="course-plan-actions">([\s\S]*?)<\/ul>/.exec(course.text)?.[1] ?? '';
      assert.match(delivered, new RegExp(`href="/plan/actions/${actionId}"`));
      const practitioner = await signedIn(app, 'practitioner');
      const theirs = await practitioner.get(`/training/courses/${chosen[0]}`);
      assert.equal(theirs.status, 200);
      assert.match(theirs.text, /<h2 class="govuk-heading-m">Sessions<\/h2>/);
      assert.equal(theirs.text.includes('this course delivers'), false, 'only plan readers see the plan’s actions');
      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .select(['after_json'])
        .where('entity_type', '=', 'plan_action')
        .where('entity_id', '=', String(actionId))
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      assert.deepEqual(JSON.parse(String(audit.after_json)).courseIds, chosen.map(Number));
    });

    it('refuses a course of another partnership on the form, changing nothing', async () => {
      const before = await links();
      const action = (await api('partnership_admin', 'GET', `/plan/actions/${actionId}`)).body.action;
      await admin.get(`/plan/actions/${actionId}/edit`);
      const refused = await admin.post(
        `/plan/actions/${actionId}/edit`,
        formOf(action, [String(courses[2]?.id), String(foreignCourse)]),
      );
      assert.equal(refused.status, 400);
      assert.match(refused.text, new RegExp(`${foreignCourse} is not one of its courses`));
      assert.match(refused.text, /href="#courseIds"/);
      assert.deepEqual(await links(), before);
    });

    it('reads and writes courseIds through the API; another partnership’s course is a 422 naming the field', async () => {
      const read = await api('partnership_admin', 'GET', `/plan/actions/${actionId}`);
      assert.deepEqual(read.body.action.courseIds, [courses[0]?.id, courses[1]?.id]);
      assert.deepEqual(
        read.body.action.courses.map((c: { title: string }) => c.title),
        [courses[0]?.title, courses[1]?.title].sort((a, b) => String(a).localeCompare(String(b))),
      );
      const refused = await api('partnership_admin', 'PATCH', `/plan/actions/${actionId}`, {
        courseIds: [foreignCourse],
      });
      assert.equal(refused.status, 422);
      assert.deepEqual(fieldsOf(refused), ['body.courseIds']);
      assert.equal((await links()).length, 2, 'nothing changed');
      const untouched = await api('partnership_admin', 'PATCH', `/plan/actions/${actionId}`, { outcomes: 'Better' });
      assert.equal(untouched.status, 200);
      assert.deepEqual(untouched.body.courseIds, [courses[0]?.id, courses[1]?.id], 'absent courseIds keep the links');
      const changed = await api('partnership_admin', 'PATCH', `/plan/actions/${actionId}`, {
        courseIds: [courses[2]?.id],
      });
      assert.equal(changed.status, 200);
      assert.deepEqual(changed.body.courseIds, [courses[2]?.id]);
      assert.deepEqual(
        (await links()).map((l) => l.course_id),
        [courses[2]?.id],
      );
      assert.equal((await api('viewer', 'PATCH', `/plan/actions/${actionId}`, { courseIds: [] })).status, 403);
      const doc = (await (await fetch(`${app.url}/api/v1/openapi.json`)).json()) as {
        paths: Record<string, Record<string, { requestBody: unknown; responses: Record<string, unknown> }>>;
      };
      const patch = doc.paths['/plan/actions/{id}']?.patch;
      const body = JSON.stringify(patch?.requestBody);
      assert.ok(body.includes('"courseIds"') && body.includes('Training courses of your partnership'), body);
      const reply = JSON.stringify(patch?.responses['200']);
      assert.ok(reply.includes('"courseIds"') && reply.includes('The training courses the action commissions'));
    });

    it('exports each action’s course titles in a Courses column', async () => {
      const csv = await admin.get('/plan/actions/download?format=csv');
      assert.equal(csv.status, 200);
      const lines = csv.text.split(/\r?\n/);
      assert.match(lines[0] ?? '', /,Courses$/);
      const title = String(courses[2]?.title);
      const row = lines.find((l) => l.startsWith(`${actionId},`)) ?? '';
      assert.ok(row.endsWith(title) || row.endsWith(`"${title}"`), `the row ends with ${title}: ${row}`);
    });
  });
}
