/*
 * The offer lapse job (issue 14, point 3), on a fake clock: an offer nobody accepts lapses when it
 * expires and the place goes to the next person in the order they joined the waiting list; a
 * valid offer is left alone; nobody is offered a place once the session has started.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';
import { runDueJobs } from '../../src/features/messaging/scheduler.ts';
import { trainingJobs } from '../../src/features/training/evaluation-jobs.ts';
import { lapseExpiredOffers, OFFER_LAPSE_JOB } from '../../src/features/training/offer-lapse.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { addCourse, addPractitioners, addSession, bookingStatus, outboxFor } from '../support/training.ts';

const HOUR = 3_600_000;

for (const engine of ENGINES) {
  describe(`the offer lapse job on ${engine}`, () => {
    let app: TestApp;
    let ids: number[];
    const statuses = () => Promise.all(ids.map((id) => bookingStatus(app, id)));
    const lapse = () => lapseExpiredOffers(app.db.kysely, app.engine, app.config.baseUrl);

    before(async () => {
      app = await startTestApp(engine);
      const coordinator = new TestClient(app.url);
      await coordinator.signIn('training@demoshire.example');
      const courseId = await addCourse(coordinator, 'Lapse course');
      const sessionId = await addSession(coordinator, courseId, 1, 30);
      const people = await addPractitioners(app, 4, 'Queuer');
      ids = [];
      for (const person of people) {
        await coordinator.get(`/training/sessions/${sessionId}`);
        const response = await coordinator.post(`/training/sessions/${sessionId}/book`, {
          practitioner: String(person),
        });
        ids.push(Number(/(\d+)$/.exec(response.location ?? '')?.[1]));
      }
      await coordinator.get(`/training/bookings/${ids[0]}`);
      await coordinator.post(`/training/bookings/${ids[0]}/cancel`, { reason: 'Off sick' });
      mock.timers.enable({ apis: ['Date'], now: Date.now() });
    });
    after(async () => {
      mock.timers.reset();
      await app?.close();
    });

    it('offers the freed place to the first on the waiting list', async () => {
      assert.deepEqual(await statuses(), ['cancelled', 'offered', 'waitlisted', 'waitlisted']);
      assert.equal(await lapse(), 0, 'an offer within its 48 hours stands');
      assert.deepEqual(await statuses(), ['cancelled', 'offered', 'waitlisted', 'waitlisted']);
    });

    it('lapses the offer when it expires and offers the place to the next, in order', async () => {
      mock.timers.setTime(Date.now() + 49 * HOUR);
      assert.equal(await lapse(), 1);
      assert.deepEqual(await statuses(), ['cancelled', 'lapsed', 'offered', 'waitlisted']);
      const lapsedMail = (await outboxFor(app, 'queuer2@demoshire.example')).find(
        (m) => m.template === 'training-offer-lapsed',
      );
      assert.match(lapsedMail?.body ?? '', /was not accepted in time/);
      const offer = await app.db.kysely
        .selectFrom('training_bookings')
        .select('offer_expires_at')
        .where('id', '=', ids[2]!)
        .executeTakeFirstOrThrow();
      assert.equal(offer.offer_expires_at, new Date(Date.now() + 48 * HOUR).toISOString());
      const history = await app.db.kysely
        .selectFrom('training_booking_events')
        .select(['to_status', 'actor_label'])
        .where('booking_id', '=', ids[1]!)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        history.map((h) => h.to_status),
        ['waitlisted', 'offered', 'lapsed'],
      );
      assert.equal(history[2]?.actor_label, 'Offer lapse job');
    });

    it('runs from the schedule table when due', async () => {
      const jobs = trainingJobs(app.config).filter((j) => j.name === OFFER_LAPSE_JOB);
      assert.equal(jobs.length, 1);
      await runDueJobs(app.db.kysely, jobs, createLogger('silent'));
      mock.timers.setTime(Date.now() + 49 * HOUR);
      await app.db.kysely
        .updateTable('scheduled_jobs')
        .set({ next_run_at: new Date(Date.now() - 1000).toISOString() })
        .where('name', '=', OFFER_LAPSE_JOB)
        .execute();
      assert.deepEqual(await runDueJobs(app.db.kysely, jobs, createLogger('silent')), [OFFER_LAPSE_JOB]);
      assert.deepEqual(await statuses(), ['cancelled', 'lapsed', 'lapsed', 'offered']);
    });

    it('offers nobody a place once the session has started', async () => {
      const last = await app.db.kysely
        .selectFrom('training_bookings as b')
        .innerJoin('training_sessions as s', 's.id', 'b.session_id')
        .select(['s.starts_at', 'b.session_id', 'b.organisation_id'])
        .where('b.id', '=', ids[3]!)
        .executeTakeFirstOrThrow();
      const [late] = await addPractitioners(app, 1, 'Latecomer');
      const waiting = await app.db.kysely
        .insertInto('training_bookings')
        .values({
          partnership_id: app.demoPartnershipId,
          session_id: last.session_id,
          practitioner_id: late!,
          organisation_id: last.organisation_id,
          status: 'waitlisted',
          live: 1,
          approval_token_hash: null,
          approval_expires_at: null,
          offer_expires_at: null,
          calendar_sequence: 0,
          booked_by_user_id: null,
          created_at: new Date().toISOString(),
          updated_at: new Date().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      mock.timers.setTime(new Date(last.starts_at).getTime() + HOUR);
      assert.equal(await lapse(), 1);
      assert.deepEqual(await statuses(), ['cancelled', 'lapsed', 'lapsed', 'lapsed']);
      assert.equal(await bookingStatus(app, waiting.id), 'waitlisted', 'not promoted after the start');
    });
  });
}
