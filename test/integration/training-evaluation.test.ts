/*
 * Evaluation in three stages (issue 14, point 7) and certificates withheld until it is done
 * (point 6): links emailed by the scheduled job, answered once without an account, refused when
 * used twice or expired; results per course and session with groups under 5 withheld.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/actor.ts';
import { queueEvaluations } from '../../src/features/training/evaluation-jobs.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { renderedPage } from '../support/route-test.ts';
import { addCourse, addPractitioners, addSession, outboxFor } from '../support/training.ts';

const DAY = 86_400_000;
const linkIn = (body: string | null | undefined) => /(\/training\/evaluate\/[\w-]+)/.exec(body ?? '')?.[1] ?? '';

for (const engine of ENGINES) {
  describe(`training evaluation on ${engine}`, () => {
    let app: TestApp;
    let coordinator: TestClient;
    let courseId: number;
    const anyone = () => new TestClient(app.url);
    const evaluationLink = async (email: string, subject: RegExp) =>
      linkIn(
        (await outboxFor(app, email)).find((m) => m.template === 'training-evaluation' && subject.test(m.subject ?? ''))
          ?.body,
      );
    const book = async (sessionId: number, person: number) => {
      await coordinator.get(`/training/sessions/${sessionId}`);
      const response = await coordinator.post(`/training/sessions/${sessionId}/book`, { practitioner: String(person) });
      return Number(/(\d+)$/.exec(response.location ?? '')?.[1]);
    };
    const moveStart = (sessionId: number, start: number) =>
      app.db.kysely
        .updateTable('training_sessions')
        .set({ starts_at: new Date(start).toISOString() })
        .where('id', '=', sessionId)
        .execute();
    const certificate = (bookingId: number) =>
      app.db.kysely
        .selectFrom('training_certificates')
        .select('code')
        .where('booking_id', '=', bookingId)
        .executeTakeFirst();

    before(async () => {
      app = await startTestApp(engine);
      coordinator = new TestClient(app.url);
      await coordinator.signIn('training@demoshire.example');
      courseId = await addCourse(coordinator, 'Evaluated course');
    });
    after(async () => {
      await app?.close();
    });

    it('saves a course’s evaluation settings, refusing a bad number of weeks', async () => {
      await coordinator.get(`/training/courses/${courseId}/evaluation`);
      const bad = renderedPage(
        await coordinator.post(`/training/courses/${courseId}/evaluation`, { withhold: 'yes', follow_up_weeks: '0' }),
      );
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.errors, ['Enter the weeks before the follow-up as a whole number from 1 to 52']);
      const saved = await coordinator.post(`/training/courses/${courseId}/evaluation`, {
        withhold: 'yes',
        follow_up_weeks: '12',
      });
      assert.equal(saved.status, 303);
      const row = await app.db.kysely
        .selectFrom('training_course_evaluation')
        .selectAll()
        .where('course_id', '=', courseId)
        .executeTakeFirstOrThrow();
      assert.deepEqual([row.withhold_certificate, row.follow_up_weeks], [1, 12]);
    });

    it('emails the link before the course, answered once and never twice', async () => {
      const sessionId = await addSession(coordinator, courseId, 10, 5);
      const [person] = await addPractitioners(app, 1, 'Early');
      const bookingId = await book(sessionId, person!);
      assert.ok((await queueEvaluations(app.db.kysely, app.config.baseUrl)) >= 1);
      assert.equal(await queueEvaluations(app.db.kysely, app.config.baseUrl), 0, 'a second run sends nothing');
      const link = await evaluationLink('early1@demoshire.example', /^Before the course/);
      assert.ok(link, 'the before-course link is emailed');
      const page = renderedPage(await anyone().get(link));
      assert.equal(page.status, 200);
      assert.match(page.text, /How confident do you feel in this course’s subject now\?/);
      const client = anyone();
      await client.get(link);
      const empty = renderedPage(await client.post(link, {}));
      assert.equal(empty.status, 400);
      assert.match(empty.errors[0] ?? '', /Select a number from 1 to 5/);
      const done = renderedPage(await client.post(link, { confidence: '2', comment: 'Thresholds' }));
      assert.equal(done.status, 200);
      assert.match(done.heading, /Thank you/);
      const again = renderedPage(await client.post(link, { confidence: '5' }));
      assert.equal(again.status, 400);
      assert.match(again.errors.join(' '), /answered on .*nothing more is needed/);
      const stored = await app.db.kysely
        .selectFrom('training_evaluations')
        .selectAll()
        .where('booking_id', '=', bookingId)
        .executeTakeFirstOrThrow();
      assert.deepEqual([stored.stage, stored.confidence, stored.comment], ['before', 2, 'Thresholds']);
      assert.equal(
        (await anyone().get('/training/evaluate/enotatokenatallbutlongenoughtolookplausible1234')).status,
        404,
      );
    });

    it('says when a link has expired and changes nothing', async () => {
      const sessionId = await addSession(coordinator, courseId, 10, 6);
      const [person] = await addPractitioners(app, 1, 'Lapsed');
      const bookingId = await book(sessionId, person!);
      await queueEvaluations(app.db.kysely, app.config.baseUrl);
      const link = await evaluationLink('lapsed1@demoshire.example', /^Before the course/);
      const client = anyone();
      await client.get(link);
      await app.db.kysely
        .updateTable('training_evaluations')
        .set({ expires_at: '2020-01-01T00:00:00.000Z' })
        .where('booking_id', '=', bookingId)
        .execute();
      const page = renderedPage(await client.get(link));
      assert.equal(page.status, 200);
      assert.match(page.text, /This link stopped working on 1 January 2020/);
      const refused = renderedPage(await client.post(link, { confidence: '3' }));
      assert.equal(refused.status, 400);
      const row = await app.db.kysely
        .selectFrom('training_evaluations')
        .select(['answered_at', 'confidence'])
        .where('booking_id', '=', bookingId)
        .executeTakeFirstOrThrow();
      assert.deepEqual([row.answered_at, row.confidence], [null, null]);
    });

    it('withholds the certificate until the questionnaire after the course; partial attendance still gets none', async () => {
      const sessionId = await addSession(coordinator, courseId, 10, 20);
      const [full, part] = await addPractitioners(app, 2, 'Attender');
      const fullBooking = await book(sessionId, full!);
      const partBooking = await book(sessionId, part!);
      await moveStart(sessionId, Date.now() - 3_600_000);
      await coordinator.get(`/training/sessions/${sessionId}/register`);
      await coordinator.post(`/training/sessions/${sessionId}/register`, {
        [`mark-${fullBooking}`]: 'attended',
        [`mark-${partBooking}`]: 'partially_attended',
      });
      assert.equal(await certificate(fullBooking), undefined, 'withheld until the evaluation');
      const booking = renderedPage(await coordinator.get(`/training/bookings/${fullBooking}`));
      assert.match(booking.text, /The certificate is issued once the evaluation after the course is answered/);
      await queueEvaluations(app.db.kysely, app.config.baseUrl);
      const partLink = await evaluationLink('attender2@demoshire.example', /^Straight after/);
      const partClient = anyone();
      await partClient.get(partLink);
      const partDone = renderedPage(await partClient.post(partLink, { confidence: '3', usefulness: '4' }));
      assert.equal(partDone.status, 200);
      assert.equal(await certificate(partBooking), undefined, 'partial attendance earns no certificate');
      const link = await evaluationLink('attender1@demoshire.example', /^Straight after/);
      const client = anyone();
      await client.get(link);
      const done = renderedPage(await client.post(link, { confidence: '5', usefulness: '5' }));
      assert.equal(done.status, 200);
      assert.match(done.text, /Your certificate is now issued/);
      assert.match((await certificate(fullBooking))?.code ?? '', /^OW-/);
    });

    it('sends the follow-up to the practitioner and their line manager, who are named in the answer', async () => {
      const sessionId = await addSession(coordinator, courseId, 10, 21);
      const [person] = await addPractitioners(app, 1, 'Follower');
      const bookingId = await book(sessionId, person!);
      await moveStart(sessionId, Date.now() - 3_600_000);
      await coordinator.get(`/training/sessions/${sessionId}/register`);
      await coordinator.post(`/training/sessions/${sessionId}/register`, { [`mark-${bookingId}`]: 'attended' });
      await moveStart(sessionId, Date.now() - (12 * 7 + 2) * DAY);
      await queueEvaluations(app.db.kysely, app.config.baseUrl);
      const link = await evaluationLink('follower1@demoshire.example', /^Follow-up/);
      assert.ok(link);
      assert.equal(await evaluationLink('follower-manager@demoshire.example', /^Follow-up/), link);
      const client = anyone();
      await client.get(link);
      const missing = renderedPage(await client.post(link, { confidence: '4', applied: '4' }));
      assert.equal(missing.status, 400);
      assert.deepEqual(missing.errors, ['Enter the name of the line manager you answered with']);
      const done = await client.post(link, { confidence: '4', applied: '3', answered_with: 'Dana Reed' });
      assert.equal(done.status, 200);
      const row = await app.db.kysely
        .selectFrom('training_evaluations')
        .select(['applied', 'answered_with'])
        .where('booking_id', '=', bookingId)
        .where('stage', '=', 'follow_up')
        .executeTakeFirstOrThrow();
      assert.deepEqual([row.applied, row.answered_with], [3, 'Dana Reed']);
    });

    it('shows results per course and session, withholding groups under 5', async () => {
      const resultsCourse = await addCourse(coordinator, 'Results course');
      const sessions = [
        await addSession(coordinator, resultsCourse, 10, 50),
        await addSession(coordinator, resultsCourse, 10, 51),
        await addSession(coordinator, resultsCourse, 10, 52),
      ];
      const sizes = [6, 3, 5];
      const scores: number[][] = [];
      const people = await addPractitioners(app, 14, 'Scorer');
      let p = 0;
      for (const [i, sessionId] of sessions.entries()) {
        scores.push([]);
        for (let k = 0; k < sizes[i]!; k++) {
          const bookingId = await book(sessionId, people[p++]!);
          const confidence = 1 + ((k + i) % 5);
          scores[i]!.push(confidence);
          await app.db.kysely
            .insertInto('training_evaluations')
            .values({
              partnership_id: app.demoPartnershipId,
              booking_id: bookingId,
              session_id: sessionId,
              course_id: resultsCourse,
              stage: 'before',
              token_hash: `test-${bookingId}`,
              sent_at: new Date().toISOString(),
              expires_at: new Date(Date.now() + DAY).toISOString(),
              answered_at: new Date().toISOString(),
              confidence,
              usefulness: null,
              applied: null,
              comment: '',
              answered_with: '',
            })
            .execute();
        }
      }
      const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10;
      const actor = systemActor(app.demoPartnershipId);
      const { table } = await app.services.trainingEvaluation.results(actor, resultsCourse);
      const before = (i: number) => table.sessions[i]?.stages.before;
      assert.deepEqual([before(0)?.responses, before(0)?.confidence], [6, mean(scores[0]!)]);
      assert.deepEqual([before(1)?.responses, before(1)?.confidence], ['c', 'c'], 'under 5: withheld');
      assert.deepEqual(
        [before(2)?.responses, before(2)?.confidence],
        ['c', 'c'],
        'withheld too, or the total would give the small one back',
      );
      assert.deepEqual(
        [table.course.stages.before.responses, table.course.stages.before.confidence],
        [14, mean(scores.flat())],
      );
      assert.deepEqual([table.course.stages.after.responses, table.course.stages.after.confidence], [0, null]);
      const page = renderedPage(await coordinator.get(`/training/courses/${resultsCourse}/evaluation`));
      assert.equal(page.status, 200);
      assert.match(page.text, new RegExp(`All sessions 14 ${mean(scores.flat())}`));
      const practitioner = new TestClient(app.url);
      await practitioner.signIn('practitioner@demoshire.example');
      assert.equal((await practitioner.get(`/training/courses/${resultsCourse}/evaluation`)).status, 403);
    });
  });
}
