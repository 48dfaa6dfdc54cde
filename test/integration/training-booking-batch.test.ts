/*
 * Bookings decided in batches (docs/adr/0037) on both databases: requests made at once for
 * several sessions, one of them cancelled, and the same person twice, are each answered for
 * themselves; every booking made has its history line, audit entry and email.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/actor.ts';
import { NotFoundError, ValidationError } from '../../src/lib/errors.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { addCourse, addPractitioners, addSession } from '../support/training.ts';

for (const engine of ENGINES) {
  describe(`booking in batches on ${engine}`, () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp(engine);
    });
    after(async () => {
      await app?.close();
    });

    it('answers each request of a batch for itself, over several sessions', async () => {
      const coordinator = new TestClient(app.url);
      await coordinator.signIn('training@demoshire.example');
      const courseId = await addCourse(coordinator, 'Batch course');
      const [small, large, cancelled] = [
        await addSession(coordinator, courseId, 1),
        await addSession(coordinator, courseId, 5),
        await addSession(coordinator, courseId, 5),
      ];
      await coordinator.get(`/training/sessions/${cancelled}/cancel`);
      const cancelling = await coordinator.post(`/training/sessions/${cancelled}/cancel`, { reason: 'Trainer ill' });
      assert.equal(cancelling.status, 303);
      const [ann, bob, cat] = await addPractitioners(app, 3, 'Batcher');
      const actor = systemActor(app.demoPartnershipId, 'Batch test');
      const book = app.services.training.bookings.book;

      const settled = await Promise.allSettled([
        book(actor, small, ann!),
        book(actor, small, bob!),
        book(actor, large, ann!),
        book(actor, large, ann!),
        book(actor, cancelled, cat!),
        book(actor, 999_999, cat!),
      ]);
      const value = (i: number) => (settled[i] as PromiseFulfilledResult<Awaited<ReturnType<typeof book>>>).value;
      const reason = (i: number) => (settled[i] as PromiseRejectedResult).reason as Error;
      // The same person twice for one session: whichever reached the queue first is booked.
      const twice = settled[2]!.status === 'fulfilled' ? [2, 3] : [3, 2];
      assert.deepEqual(
        [0, 1, twice[0]!, twice[1]!, 4, 5].map((i) => settled[i]!.status),
        ['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected', 'rejected'],
      );
      // One place for two people: whichever request reached the queue first has it, and the lower id.
      const small2 = [value(0), value(1)].sort((a, b) => a.booking.id - b.booking.id);
      assert.deepEqual(
        small2.map((v) => v.booking.status),
        ['booked', 'waitlisted'],
      );
      const onLarge = value(twice[0]!);
      assert.equal(onLarge.booking.status, 'booked');
      assert.equal(onLarge.person.id, ann);
      assert.ok(reason(twice[1]!) instanceof ValidationError);
      assert.match(reason(twice[1]!).message, /Batcher 1 already has a booking/);
      assert.ok(reason(4) instanceof ValidationError);
      assert.match(reason(4).message, /has been cancelled/);
      assert.ok(reason(5) instanceof NotFoundError);

      const ids = [small2[0]!, small2[1]!, onLarge].map((v) => v.booking.id);
      const history = await app.db.kysely
        .selectFrom('training_booking_events')
        .select(['booking_id', 'to_status', 'from_status'])
        .where('booking_id', 'in', ids)
        .orderBy('booking_id')
        .execute();
      assert.deepEqual(
        history.map((h) => [h.booking_id, h.from_status, h.to_status]),
        [
          [ids[0], null, 'booked'],
          [ids[1], null, 'waitlisted'],
          [ids[2], null, 'booked'],
        ].sort((a, b) => Number(a[0]) - Number(b[0])),
      );
      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .select(['entity_id', 'summary', 'actor_label'])
        .where('entity_type', '=', 'training_booking')
        .where('entity_id', 'in', ids.map(String))
        .execute();
      assert.equal(audit.length, 3);
      assert.ok(audit.every((a) => a.actor_label === 'Batch test'));
      assert.ok(audit.some((a) => a.summary === `Booking ${ids[1]} for session ${small}: On the waiting list`));
      const emails = await app.db.kysely
        .selectFrom('outbox_messages')
        .select(['idempotency_key', 'template'])
        .where(
          'idempotency_key',
          'in',
          ids.map((id) => `training-booking-${id}-${id === ids[1] ? 'waitlisted' : 'confirmed-0'}`),
        )
        .execute();
      assert.equal(emails.length, 3);
    });
  });
}
