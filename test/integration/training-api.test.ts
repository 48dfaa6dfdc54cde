/*
 * The training API (issue 14, point 11): catalogue, sessions, booking and cancelling, attendance,
 * through the pages' services: the same refusals (booking twice, someone not booked), the same
 * scoping (another person's booking is 404) and the same history and audit.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/actor.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { addCourse, addPractitioners, addSession, bookingStatus } from '../support/training.ts';

for (const engine of ENGINES) {
  describe(`the training API on ${engine}`, () => {
    let app: TestApp;
    let sessionId: number;
    const tokens = new Map<string, string>();
    const call = async (who: string, method: string, path: string, body?: unknown) => {
      const response = await fetch(`${app.url}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${tokens.get(who)}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> & unknown[] };
    };

    before(async () => {
      app = await startTestApp(engine);
      for (const email of [
        'training@demoshire.example',
        'practitioner@demoshire.example',
        'viewer@demoshire.example',
      ]) {
        const user = await app.db.kysely
          .selectFrom('users')
          .select('id')
          .where('email', '=', email)
          .executeTakeFirstOrThrow();
        const { secret } = await app.services.tokens.createFor(systemActor(app.demoPartnershipId), user.id, 'test');
        tokens.set(email.split('@')[0]!, secret);
      }
      const coordinator = new TestClient(app.url);
      await coordinator.signIn('training@demoshire.example');
      const courseId = await addCourse(coordinator, 'API course');
      sessionId = await addSession(coordinator, courseId, 5);
    });
    after(async () => {
      await app?.close();
    });

    it('lists and shows the catalogue and a session', async () => {
      const courses = await call('practitioner', 'GET', '/training/courses?q=API%20course');
      assert.equal(courses.status, 200);
      assert.deepEqual(
        (courses.body as { title: string }[]).map((c) => c.title),
        ['API course'],
      );
      const session = await call('practitioner', 'GET', `/training/sessions/${sessionId}`);
      assert.equal(session.status, 200);
      assert.equal((session.body.session as { capacity: number }).capacity, 5);
      assert.deepEqual(session.body.bookings, [], 'a practitioner sees no one else’s booking');
      assert.equal((await call('practitioner', 'GET', '/training/sessions/999999')).status, 404);
    });

    it('books, refuses booking twice, shows the history and cancels, as the pages do', async () => {
      const booked = await call('practitioner', 'POST', `/training/sessions/${sessionId}/bookings`, {});
      assert.equal(booked.status, 201);
      assert.equal(booked.body.status, 'booked');
      const id = booked.body.id as number;
      const twice = await call('practitioner', 'POST', `/training/sessions/${sessionId}/bookings`, {});
      assert.equal(twice.status, 422);
      assert.match(JSON.stringify(twice.body), /already has a booking for this session/);
      const viewer = await call('viewer', 'POST', `/training/sessions/${sessionId}/bookings`, {});
      assert.equal(viewer.status, 403);

      const shown = await call('practitioner', 'GET', `/training/bookings/${id}`);
      assert.equal(shown.status, 200);
      assert.deepEqual(
        (shown.body.history as { to: string }[]).map((h) => h.to),
        ['booked'],
      );
      const cancelled = await call('practitioner', 'POST', `/training/bookings/${id}/cancel`, { reason: 'Clash' });
      assert.equal(cancelled.status, 200);
      assert.match(String(cancelled.body.status), /^cancelled/);
      const again = await call('practitioner', 'POST', `/training/bookings/${id}/cancel`, {});
      assert.equal(again.status, 422);
      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .select('summary')
        .where('entity_type', '=', 'training_booking')
        .where('entity_id', '=', String(id))
        .execute();
      assert.ok(audit.length >= 2, 'booking and cancelling are audited');
    });

    it('marks attendance all or nothing, refusing someone not booked, and adds walk-ins', async () => {
      const [first, second] = await addPractitioners(app, 2, 'Api Attendee');
      const booked = await call('training', 'POST', `/training/sessions/${sessionId}/bookings`, {
        practitioner: first,
      });
      assert.equal(booked.status, 201);
      const bookingId = booked.body.id as number;
      const early = await call('training', 'PUT', `/training/sessions/${sessionId}/attendance`, {
        marks: [{ booking: bookingId, attendance: 'attended' }],
      });
      assert.equal(early.status, 422);
      assert.match(JSON.stringify(early.body), /register opens when the session starts/);

      await app.db.kysely
        .updateTable('training_sessions')
        .set({ starts_at: new Date(Date.now() - 3_600_000).toISOString() })
        .where('id', '=', sessionId)
        .execute();
      const stranger = await call('training', 'PUT', `/training/sessions/${sessionId}/attendance`, {
        marks: [
          { booking: bookingId, attendance: 'attended' },
          { booking: 999_999, attendance: 'no_show' },
        ],
      });
      assert.equal(stranger.status, 422);
      assert.match(JSON.stringify(stranger.body), /add them as a walk-in/);
      assert.equal(await bookingStatus(app, bookingId), 'booked', 'nothing is marked');
      const marked = await call('training', 'PUT', `/training/sessions/${sessionId}/attendance`, {
        marks: [{ booking: bookingId, attendance: 'attended' }],
      });
      assert.deepEqual(marked, { status: 200, body: { changed: 1 } });
      const walkIn = await call('training', 'POST', `/training/sessions/${sessionId}/walk-ins`, {
        email: 'apiattendee2@demoshire.example',
      });
      assert.deepEqual(walkIn, { status: 201, body: { practitionerId: second } });
      const practitioner = await call('practitioner', 'PUT', `/training/sessions/${sessionId}/attendance`, {
        marks: [{ booking: bookingId, attendance: 'no_show' }],
      });
      assert.equal(practitioner.status, 403);
      const session = await call('training', 'GET', `/training/sessions/${sessionId}`);
      const names = (session.body.bookings as { name?: string; status: string }[]).map((b) => [b.name, b.status]);
      assert.deepEqual(
        names.filter(([name]) => name?.startsWith('Api Attendee')),
        [
          ['Api Attendee 1', 'attended'],
          ['Api Attendee 2', 'attended'],
        ],
      );
    });
  });
}
