/*
 * Attendance and certificates (issue 14, points 4 and 6): the register opens at the start, marks
 * attended / partially attended / no-show, refuses people not booked (offering a walk-in), adds
 * walk-ins; an attended booking earns a certificate with a unique code that anyone can verify,
 * partial attendance earns none, and a corrected register revokes it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { renderedPage } from '../support/route-test.ts';
import { addCourse, addPractitioners, addSession, bookingStatus } from '../support/training.ts';

for (const engine of ENGINES) {
  describe(`attendance and certificates on ${engine}`, () => {
    let app: TestApp;
    let coordinator: TestClient;
    let sessionId: number;
    let bookings: number[];
    const status = (id: number) => bookingStatus(app, id);
    const certificate = (bookingId: number) =>
      app.db.kysely
        .selectFrom('training_certificates')
        .selectAll()
        .where('booking_id', '=', bookingId)
        .executeTakeFirst();

    before(async () => {
      app = await startTestApp(engine);
      coordinator = new TestClient(app.url);
      await coordinator.signIn('training@demoshire.example');
      const courseId = await addCourse(coordinator, 'Register course');
      await coordinator.get(`/training/courses/${courseId}/edit`);
      await coordinator.post(`/training/courses/${courseId}/edit`, {
        title: 'Register course',
        description: 'A course made by a test.',
        level: 'level_2',
        delivery: 'face_to_face',
        hours: '6.5',
        cost: '0',
        approval: 'none',
        validity_years: '3',
      });
      sessionId = await addSession(coordinator, courseId, 10);
      const people = await addPractitioners(app, 4, 'Attendee');
      await coordinator.get(`/training/sessions/${sessionId}`);
      bookings = [];
      for (const person of people.slice(0, 3)) {
        const response = await coordinator.post(`/training/sessions/${sessionId}/book`, {
          practitioner: String(person),
        });
        bookings.push(Number(/(\d+)$/.exec(response.location ?? '')?.[1]));
      }
    });
    after(async () => {
      await app?.close();
    });

    const startSession = async () => {
      const start = '2026-03-10T09:30:00.000Z';
      await app.db.kysely
        .updateTable('training_sessions')
        .set({ starts_at: start })
        .where('id', '=', sessionId)
        .execute();
      await app.db.kysely
        .updateTable('training_session_dates')
        .set({ starts_at: start, ends_at: '2026-03-10T16:00:00.000Z' })
        .where('session_id', '=', sessionId)
        .execute();
    };

    it('opens the register only when the session starts', async () => {
      const page = renderedPage(await coordinator.get(`/training/sessions/${sessionId}/register`));
      assert.equal(page.status, 200);
      assert.match(page.text, /The register opens when the session starts/);
      const refused = renderedPage(
        await coordinator.post(`/training/sessions/${sessionId}/register`, { [`mark-${bookings[0]}`]: 'attended' }),
      );
      assert.equal(refused.status, 400);
      assert.match(refused.errors.join(' '), /The register opens when the session starts/);
      assert.equal(await status(bookings[0]!), 'booked');
    });

    it('marks the register, certifies only full attendance, and refuses people not booked', async () => {
      await startSession();
      const [a, b, c] = bookings as [number, number, number];
      await coordinator.get(`/training/sessions/${sessionId}/register`);
      const notBooked = renderedPage(
        await coordinator.post(`/training/sessions/${sessionId}/register`, { 'mark-999999': 'attended' }),
      );
      assert.equal(notBooked.status, 400);
      assert.match(notBooked.errors.join(' '), /not booked on this session: add them as a walk-in/);
      const saved = await coordinator.post(`/training/sessions/${sessionId}/register`, {
        [`mark-${a}`]: 'attended',
        [`mark-${b}`]: 'partially_attended',
        [`mark-${c}`]: 'no_show',
      });
      assert.equal(saved.status, 303);
      assert.deepEqual(
        [await status(a), await status(b), await status(c)],
        ['attended', 'partially_attended', 'no_show'],
      );
      const issued = await certificate(a);
      assert.match(issued?.code ?? '', /^OW-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      assert.equal(issued?.valid_until, '2029-03-10');
      assert.equal(await certificate(b), undefined, 'partial attendance earns no certificate');
      assert.equal(await certificate(c), undefined);
    });

    it('adds walk-ins, and says why when it cannot', async () => {
      await coordinator.get(`/training/sessions/${sessionId}/register`);
      const unknown = renderedPage(
        await coordinator.post(`/training/sessions/${sessionId}/walk-in`, { email: 'stranger@demoshire.example' }),
      );
      assert.equal(unknown.status, 400);
      assert.match(unknown.errors.join(' '), /No practitioner has this email address/);
      const twice = renderedPage(
        await coordinator.post(`/training/sessions/${sessionId}/walk-in`, { email: 'attendee1@demoshire.example' }),
      );
      assert.equal(twice.status, 400);
      assert.match(twice.errors.join(' '), /Attendee 1 is already on the register \(attended\)/);
      const added = await coordinator.post(`/training/sessions/${sessionId}/walk-in`, {
        email: 'attendee4@demoshire.example',
      });
      assert.equal(added.status, 303);
      const walkIn = await app.db.kysely
        .selectFrom('training_bookings as b')
        .innerJoin('training_practitioners as p', 'p.id', 'b.practitioner_id')
        .select(['b.id', 'b.status'])
        .where('p.email', '=', 'attendee4@demoshire.example')
        .executeTakeFirstOrThrow();
      assert.equal(walkIn.status, 'attended');
      assert.ok(await certificate(walkIn.id));
    });

    it('verifies a certificate publicly, as typed, and downloads it as a PDF', async () => {
      const code = (await certificate(bookings[0]!))?.code ?? '';
      const anyone = new TestClient(app.url);
      const page = renderedPage(await anyone.get(`/training/certificates/${code.toLowerCase().replaceAll('-', ' ')}`));
      assert.equal(page.status, 200);
      assert.match(page.text, /This certificate is genuine/);
      assert.match(
        page.text,
        /Name Attendee 1 Course Register course Date 10 March 2026 Hours 6.5 hours Valid until 10 March 2029/,
      );
      assert.doesNotMatch(page.text, /attendee1@demoshire\.example/, 'no more than the certificate says');
      const missing = renderedPage(await anyone.get('/training/certificates/OW-0000-0000-0000'));
      assert.equal(missing.status, 404);
      assert.match(missing.heading, /No certificate has this code/);
      const start = await anyone.get(`/training/certificates?code=${encodeURIComponent(code)}`);
      assert.equal(start.status, 303);

      const pdf = await coordinator.get(`/training/bookings/${bookings[0]}/certificate.pdf`);
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers.get('content-type'), 'application/pdf');
      assert.match(pdf.text.slice(0, 8), /^%PDF-1\.7/);
      assert.equal((await coordinator.get(`/training/bookings/${bookings[1]}/certificate.pdf`)).status, 404);
      const contact = new TestClient(app.url);
      await contact.signIn('trainingcontact@demoshire.example');
      assert.equal(
        (await contact.get(`/training/bookings/${bookings[0]}/certificate.pdf`)).status,
        404,
        'another organisation’s contact cannot download it',
      );
    });

    it('revokes the certificate when the register is corrected, and the checker says so', async () => {
      const code = (await certificate(bookings[0]!))?.code ?? '';
      await coordinator.get(`/training/sessions/${sessionId}/register`);
      await coordinator.post(`/training/sessions/${sessionId}/register`, { [`mark-${bookings[0]}`]: 'no_show' });
      assert.equal(await status(bookings[0]!), 'no_show');
      assert.ok((await certificate(bookings[0]!))?.revoked_at);
      const audited = await app.db.kysely
        .selectFrom('audit_events')
        .select('summary')
        .where('entity_type', '=', 'training_certificate')
        .where('entity_id', '=', String(bookings[0]))
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audited.map((a) => a.summary.split(':')[0]),
        [`Issued the certificate for booking ${bookings[0]}`, `Revoked the certificate for booking ${bookings[0]}`],
      );
      const page = renderedPage(await new TestClient(app.url).get(`/training/certificates/${code}`));
      assert.equal(page.status, 200);
      assert.match(page.heading, /This certificate has been revoked/);
      assert.match(page.text, /Register corrected to did not attend/);
    });
  });
}
