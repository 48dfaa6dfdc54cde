/*
 * Booking journeys (issue 14, point 3): approval by the line manager's emailed link, confirmation
 * with a calendar invite, cancellation (on time and late) withdrawing it, the waiting list and
 * offers, session changes and cancellation, the bad inputs that must change nothing, and who may
 * see whose bookings.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ical, { type VEvent } from 'node-ical';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { renderedPage } from '../support/route-test.ts';
import { addCourse, addPractitioners, addSession, outboxFor, bookingStatus } from '../support/training.ts';

function invite(text: string | null) {
  assert.ok(text, 'the message carries a calendar invite');
  const events = Object.values(ical.sync.parseICS(text)).filter((c): c is VEvent => c?.type === 'VEVENT');
  assert.equal(events.length, 1);
  return { method: /^METHOD:(\w+)\r?$/m.exec(text)?.[1], uid: events[0]!.uid, sequence: Number(events[0]!.sequence) };
}

const bookingId = (location: string | null) => Number(/\/training\/bookings\/(\d+)$/.exec(location ?? '')?.[1]);

for (const engine of ENGINES) {
  describe(`training bookings on ${engine}`, () => {
    let app: TestApp;
    let coordinator: TestClient;
    let practitioner: TestClient;
    let contact: TestClient;
    const status = (id: number) => bookingStatus(app, id);
    before(async () => {
      app = await startTestApp(engine);
      coordinator = new TestClient(app.url);
      await coordinator.signIn('training@demoshire.example');
      practitioner = new TestClient(app.url);
      await practitioner.signIn('practitioner@demoshire.example');
      contact = new TestClient(app.url);
      await contact.signIn('trainingcontact@demoshire.example');
    });
    after(async () => {
      await app?.close();
    });

    it('asks the line manager by emailed link, books on approval and sends an invite that parses', async () => {
      const courseId = await addCourse(coordinator, 'Neglect: approval journey', 'manager');
      const sessionId = await addSession(coordinator, courseId, 10);
      await practitioner.get(`/training/sessions/${sessionId}`);
      const booked = await practitioner.post(`/training/sessions/${sessionId}/book`, {});
      assert.equal(booked.status, 303);
      const id = bookingId(booked.location);
      assert.equal(await status(id), 'requested');
      const [request] = await outboxFor(app, 'manager1@demoshire.example');
      const link = /http:\/\/localhost:\d+(\/training\/approve\/[\w-]+)/.exec(request?.body ?? '')?.[1];
      assert.ok(link, 'the manager is emailed a link');

      const manager = new TestClient(app.url);
      const page = renderedPage(await manager.get(link));
      assert.equal(page.status, 200);
      assert.match(page.text, /Jamie Fox has asked to attend Neglect: approval journey/);
      assert.equal((await manager.post(link, {})).status, 400, 'a decision must be chosen');
      assert.equal((await manager.post(link, { decision: 'approve' })).status, 200);
      assert.equal(await status(id), 'booked');

      const again = renderedPage(await manager.post(link, { decision: 'approve' }));
      assert.equal(again.status, 400);
      assert.match(again.errors.join(' '), /already answered/);
      assert.equal((await manager.get('/training/approve/anotatoken')).status, 404);

      const [confirmation] = (await outboxFor(app, 'practitioner@demoshire.example')).filter(
        (m) => m.template === 'training-booked',
      );
      assert.deepEqual(invite(confirmation?.calendar ?? null), {
        method: 'REQUEST',
        uid: `training-booking-${id}@one-workforce`,
        sequence: 0,
      });
      const history = await app.db.kysely
        .selectFrom('training_booking_events')
        .select(['to_status', 'actor_label'])
        .where('booking_id', '=', id)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        history.map((h) => h.to_status),
        ['requested', 'booked'],
      );
      assert.equal(history[1]?.actor_label, 'Line manager manager1@demoshire.example');

      // Cancelling withdraws the invite: same UID, SEQUENCE + 1; and the person may book again.
      await practitioner.get(`/training/bookings/${id}`);
      assert.equal((await practitioner.post(`/training/bookings/${id}/cancel`, { reason: 'Clash' })).status, 303);
      assert.equal(await status(id), 'cancelled');
      const cancellation = (await outboxFor(app, 'practitioner@demoshire.example')).find(
        (m) => m.template === 'training-cancelled',
      );
      assert.deepEqual(invite(cancellation?.calendar ?? null), {
        method: 'CANCEL',
        uid: `training-booking-${id}@one-workforce`,
        sequence: 1,
      });
      const rebook = await practitioner.post(`/training/sessions/${sessionId}/book`, {});
      assert.equal(rebook.status, 303);
      assert.notEqual(bookingId(rebook.location), id);
    });

    it('says when an approval link has expired and changes nothing', async () => {
      const courseId = await addCourse(coordinator, 'Expiring approval', 'manager');
      const sessionId = await addSession(coordinator, courseId, 10);
      const [person] = await addPractitioners(app, 1, 'Expiry');
      await coordinator.get(`/training/sessions/${sessionId}`);
      const id = bookingId(
        (await coordinator.post(`/training/sessions/${sessionId}/book`, { practitioner: String(person) })).location,
      );
      const [request] = await outboxFor(app, 'expiry-manager@demoshire.example');
      const link = /(\/training\/approve\/[\w-]+)/.exec(request?.body ?? '')?.[1] ?? '';
      const manager = new TestClient(app.url);
      await manager.get(link); // the form, while the link still works
      await app.db.kysely
        .updateTable('training_bookings')
        .set({ approval_expires_at: '2020-01-01T00:00:00.000Z' })
        .where('id', '=', id)
        .execute();
      const refused = renderedPage(await manager.post(link, { decision: 'approve' }));
      assert.equal(refused.status, 400);
      assert.match(refused.errors.join(' '), /This link stopped working on 1 January 2020/);
      assert.match(renderedPage(await manager.get(link)).text, /This link stopped working on 1 January 2020/);
      assert.equal(await status(id), 'requested');
    });

    it('waitlists when full, offers the freed place to the first waiting, and books it when accepted', async () => {
      const courseId = await addCourse(coordinator, 'One place only');
      const sessionId = await addSession(coordinator, courseId, 1);
      const [first, second, third] = await addPractitioners(app, 3, 'Queue');
      await coordinator.get(`/training/sessions/${sessionId}`);
      const book = async (person: number | undefined) =>
        bookingId(
          (await coordinator.post(`/training/sessions/${sessionId}/book`, { practitioner: String(person) })).location,
        );
      const [a, b, c] = [await book(first), await book(second), await book(third)];
      assert.deepEqual([await status(a), await status(b), await status(c)], ['booked', 'waitlisted', 'waitlisted']);

      const twice = renderedPage(
        await coordinator.post(`/training/sessions/${sessionId}/book`, { practitioner: String(second) }),
      );
      assert.equal(twice.status, 400);
      assert.match(twice.errors.join(' '), /Queue 2 already has a booking for this session \(on the waiting list\)/);

      await coordinator.get(`/training/bookings/${a}`);
      assert.equal((await coordinator.post(`/training/bookings/${a}/cancel`, {})).status, 303);
      assert.deepEqual(
        [await status(b), await status(c)],
        ['offered', 'waitlisted'],
        'the earliest waiting is offered',
      );
      const offer = (await outboxFor(app, 'queue2@demoshire.example')).find((m) => m.template === 'training-offered');
      assert.match(offer?.body ?? '', /A place on One place only is free and offered to you/);
      await coordinator.get(`/training/bookings/${b}`);
      assert.equal((await coordinator.post(`/training/bookings/${b}/accept`, {})).status, 303);
      assert.equal(await status(b), 'booked');
    });

    it('lapses an expired offer and offers the place to the next person', async () => {
      const courseId = await addCourse(coordinator, 'Lapsing offer');
      const sessionId = await addSession(coordinator, courseId, 1);
      const [first, second, third] = await addPractitioners(app, 3, 'Lapse');
      await coordinator.get(`/training/sessions/${sessionId}`);
      const ids: number[] = [];
      for (const person of [first, second, third])
        ids.push(
          bookingId(
            (await coordinator.post(`/training/sessions/${sessionId}/book`, { practitioner: String(person) })).location,
          ),
        );
      await coordinator.post(`/training/bookings/${ids[0]}/cancel`, {});
      await app.db.kysely
        .updateTable('training_bookings')
        .set({ offer_expires_at: '2020-01-01T00:00:00.000Z' })
        .where('id', '=', ids[1]!)
        .execute();
      await coordinator.get(`/training/bookings/${ids[1]}`);
      const late = await coordinator.post(`/training/bookings/${ids[1]}/accept`, {});
      assert.equal(late.status, 303);
      assert.deepEqual([await status(ids[1]!), await status(ids[2]!)], ['lapsed', 'offered']);
    });

    it('calls a cancellation inside the cut-off late', async () => {
      const courseId = await addCourse(coordinator, 'Soon session');
      const sessionId = await addSession(coordinator, courseId, 5, 3, { cutoff: '10' });
      const [person] = await addPractitioners(app, 1, 'Late');
      await coordinator.get(`/training/sessions/${sessionId}`);
      const id = bookingId(
        (await coordinator.post(`/training/sessions/${sessionId}/book`, { practitioner: String(person) })).location,
      );
      const response = await coordinator.post(`/training/bookings/${id}/cancel`, {});
      assert.equal(response.status, 303);
      assert.equal(await status(id), 'cancelled_late');
      assert.match(renderedPage(await coordinator.get(`/training/bookings/${id}`)).text, /a charge may apply/);
    });

    it('re-invites on a change of date and withdraws every invite when the session is cancelled', async () => {
      const courseId = await addCourse(coordinator, 'Changing session');
      const sessionId = await addSession(coordinator, courseId, 5);
      const [person, other] = await addPractitioners(app, 2, 'Moved');
      await coordinator.get(`/training/sessions/${sessionId}`);
      const id = bookingId(
        (await coordinator.post(`/training/sessions/${sessionId}/book`, { practitioner: String(person) })).location,
      );
      const form = (await import('../support/training.ts')).sessionForm(new Date(Date.now() + 40 * 86_400_000), 5);
      await coordinator.get(`/training/sessions/${sessionId}/edit`);
      assert.equal((await coordinator.post(`/training/sessions/${sessionId}/edit`, form)).status, 303);
      const changed = (await outboxFor(app, 'moved1@demoshire.example')).at(-1);
      assert.match(changed?.subject ?? '', /^Changed: /);
      assert.equal(invite(changed?.calendar ?? null).sequence, 1);

      await coordinator.get(`/training/sessions/${sessionId}/cancel`);
      const noReason = renderedPage(await coordinator.post(`/training/sessions/${sessionId}/cancel`, { reason: '' }));
      assert.equal(noReason.status, 400);
      assert.match(noReason.errors.join(' '), /Enter why the session is cancelled/);
      assert.equal(
        (await coordinator.post(`/training/sessions/${sessionId}/cancel`, { reason: 'Trainer ill' })).status,
        303,
      );
      assert.equal(await status(id), 'session_cancelled');
      const cancelled = (await outboxFor(app, 'moved1@demoshire.example')).at(-1);
      assert.deepEqual(invite(cancelled?.calendar ?? null), {
        method: 'CANCEL',
        uid: `training-booking-${id}@one-workforce`,
        sequence: 2,
      });
      const refused = renderedPage(
        await coordinator.post(`/training/sessions/${sessionId}/book`, { practitioner: String(other) }),
      );
      assert.equal(refused.status, 400);
      assert.match(refused.errors.join(' '), /This session has been cancelled/);
      const count = await app.db.kysely
        .selectFrom('training_bookings')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('session_id', '=', sessionId)
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 1, 'the refused booking changed nothing');
    });

    it('refuses a booking before the window opens, saying when it opens', async () => {
      const courseId = await addCourse(coordinator, 'Not open yet');
      const opens = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10).split('-');
      const sessionId = await addSession(coordinator, courseId, 5, 30, {
        'opens-day': opens[2] ?? '',
        'opens-month': opens[1] ?? '',
        'opens-year': opens[0] ?? '',
      });
      await practitioner.get(`/training/sessions/${sessionId}`);
      const refused = renderedPage(await practitioner.post(`/training/sessions/${sessionId}/book`, {}));
      assert.equal(refused.status, 400);
      assert.match(refused.errors.join(' '), /Booking for this session opens on/);
    });

    it('keeps each person to the bookings they may see', async () => {
      const organisations = await app.db.kysely
        .selectFrom('organisations')
        .select('id')
        .where('partnership_id', '=', app.demoPartnershipId)
        .orderBy('id')
        .execute();
      const courseId = await addCourse(coordinator, 'Scoping course');
      const sessionId = await addSession(coordinator, courseId, 5);
      const [elsewhere] = await addPractitioners(app, 1, 'Elsewhere', organisations[0]!.id);
      const [colleague] = await addPractitioners(app, 1, 'Colleague', organisations[1]!.id);
      await coordinator.get(`/training/sessions/${sessionId}`);
      const foreign = bookingId(
        (await coordinator.post(`/training/sessions/${sessionId}/book`, { practitioner: String(elsewhere) })).location,
      );
      await contact.get(`/training/sessions/${sessionId}`);
      const own = await contact.post(`/training/sessions/${sessionId}/book`, { practitioner: String(colleague) });
      assert.equal(own.status, 303, 'a contact books their own organisation’s staff');
      const other = renderedPage(
        await contact.post(`/training/sessions/${sessionId}/book`, { practitioner: String(elsewhere) }),
      );
      assert.equal(other.status, 400);
      assert.match(other.errors.join(' '), /Enter the email address of a practitioner in your organisation/);
      const unknown = renderedPage(
        await contact.post(`/training/sessions/${sessionId}/book`, { practitioner: 'nobody@demoshire.example' }),
      );
      assert.equal(unknown.status, 400);
      assert.match(unknown.errors.join(' '), /Enter the email address of a practitioner in your organisation/);
      const byEmail = await coordinator.post(`/training/sessions/${sessionId}/book`, {
        practitioner: 'Colleague1@demoshire.example',
      });
      assert.equal(renderedPage(byEmail).status, 400, 'the colleague is already booked: found by email, any case');
      assert.equal((await contact.get(`/training/bookings/${foreign}`)).status, 404);
      assert.equal((await contact.get(own.location ?? '')).status, 200);
      assert.equal((await practitioner.get(`/training/bookings/${foreign}`)).status, 404);
      assert.equal((await practitioner.get('/training/practitioners')).status, 403);
      const record = await practitioner.get('/training/my-record.csv');
      assert.equal(record.status, 200);
      assert.match(record.headers.get('content-type') ?? '', /^text\/csv/);
      const lines = record.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/);
      assert.match(lines[0] ?? '', /^name,email,job_role,line_manager_email,worker_id,course,starts/);
      assert.ok(
        lines.length > 1 && lines.slice(1).every((l) => l.startsWith('Jamie Fox,practitioner@demoshire.example')),
      );
      assert.ok(
        lines.some((l) => l.includes('Neglect: approval journey')),
        'the bookings made in this file are in it',
      );
      assert.equal((await contact.get('/training/my-record.csv')).status, 403);
      const found = renderedPage(await contact.get('/training/practitioners?q=colleague'));
      assert.match(found.text, /1 practitioner Name Email Job role Line manager Colleague 1/);
      assert.match(renderedPage(await contact.get('/training/practitioners?q=elsewhere')).text, /Nobody matches/);
      const everyone = renderedPage(await coordinator.get('/training/practitioners'));
      assert.match(everyone.text, /practitioners: the first 50 by name/);
      // Every page of the contact's list (their organisation's bookings, 50 to a page).
      let list = '';
      for (let n = 1, more = true; more; n++) {
        const page = renderedPage(await contact.get(`/training/bookings?page=${n}`));
        list += page.text;
        more = page.links.some((l) => l.href === `/training/bookings?page=${n + 1}`);
      }
      assert.match(list, /Colleague 1/);
      assert.doesNotMatch(list, /Elsewhere 1/);
      const sessionPage = renderedPage(await coordinator.get(`/training/sessions/${sessionId}`)).text;
      assert.ok(
        sessionPage.includes('Elsewhere 1') && sessionPage.includes('Colleague 1'),
        'the coordinator sees everyone',
      );
    });

    it('finds courses by words and filters, and audits every booking change', async () => {
      const found = renderedPage(await practitioner.get('/training?q=exploitation&level=level_2'));
      assert.equal(found.status, 200);
      assert.match(found.text, /Child sexual exploitation: spotting the signs/);
      assert.doesNotMatch(found.text, /Domestic abuse/);
      assert.match(renderedPage(await practitioner.get('/training?q=zzzz')).text, /0 courses/);
      const audits = await app.db.kysely
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('entity_type', '=', 'training_booking')
        .executeTakeFirstOrThrow();
      const events = await app.db.kysely
        .selectFrom('training_booking_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('actor_label', '!=', 'Demo loader')
        .executeTakeFirstOrThrow();
      assert.ok(Number(audits.n) > 0);
      assert.equal(Number(audits.n), Number(events.n), 'one audit entry for every change of status');
    });
  });
}
