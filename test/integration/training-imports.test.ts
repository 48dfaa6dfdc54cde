/*
 * CSV imports and the printable register (issue 14, points 2 and 4): practitioners and a session's
 * attendance are checked whole (every bad row named, nothing half-imported), reviewed, then
 * committed; a person not booked is offered as a walk-in; the register PDF is tagged.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/actor.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { flatten, readTaggedPdf } from '../support/pdf-structure.ts';
import { renderedPage } from '../support/route-test.ts';
import { addCourse, addPractitioners, addSession, bookingStatus, outboxFor } from '../support/training.ts';

const HEADER = 'name,email,organisation,job_role,line_manager_email,worker_id';
const csvFile = (lines: string[]) => ({
  field: 'file',
  name: 'people.csv',
  content: lines.join('\n'),
  type: 'text/csv',
});

for (const engine of ENGINES) {
  describe(`training CSV imports on ${engine}`, () => {
    let app: TestApp;
    let coordinator: TestClient;
    const practitionerCount = async () =>
      Number(
        (
          await app.db.kysely
            .selectFrom('training_practitioners')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    before(async () => {
      app = await startTestApp(engine);
      coordinator = new TestClient(app.url);
      await coordinator.signIn('training@demoshire.example');
    });
    after(async () => {
      await app?.close();
    });

    it('names every bad row of a practitioners file and adds nobody', async () => {
      const before = await practitionerCount();
      await coordinator.get('/training/practitioners/import');
      const page = renderedPage(
        await coordinator.postMultipart(
          '/training/practitioners/import',
          {},
          csvFile([
            HEADER,
            'Ava One,ava.one@demoshire.example,Demoshire County Council,childrens_social_worker,boss@demoshire.example,',
            'Bad Email,not-an-email,Demoshire County Council,childrens_social_worker,boss@demoshire.example,',
            'No Org,no.org@demoshire.example,Atlantis Council,childrens_social_worker,boss@demoshire.example,',
            'Ava Twice,ava.one@demoshire.example,Demoshire County Council,childrens_social_worker,boss@demoshire.example,',
            'Held,practitioner1@demoshire.example,Demoshire County Council,astronaut,boss@demoshire.example,',
          ]),
        ),
      );
      assert.equal(page.status, 400);
      assert.match(page.text, /Row 3, email: Enter an email address in the correct format/);
      assert.match(page.text, /Row 4, organisation: “Atlantis Council” is not an organisation of this partnership/);
      assert.match(page.text, /Row 5, email: ava\.one@demoshire\.example is also on row 2/);
      assert.match(page.text, /Row 6, email: practitioner1@demoshire\.example is already registered/);
      assert.match(page.text, /Row 6, job_role: Select the practitioner’s job role/);
      assert.equal(await practitionerCount(), before);
      const staged = await app.db.kysely.selectFrom('training_imports').select('id').execute();
      assert.equal(staged.length, 0);
    });

    it('checks, shows and adds a good file at once, each person invited; a second commit is refused', async () => {
      const before = await practitionerCount();
      await coordinator.get('/training/practitioners/import');
      const checked = await coordinator.postMultipart(
        '/training/practitioners/import',
        {},
        csvFile([
          'Name,Email,Organisation,Job role,Line manager email',
          'Cara Csv,cara.csv@demoshire.example,Demoshire County Council,childrens_social_worker,boss@demoshire.example',
          'Dev Csv,dev.csv@demoshire.example,demoshire county council,Social worker,boss@demoshire.example',
        ]),
      );
      assert.equal(checked.status, 303);
      const review = renderedPage(await coordinator.get(checked.location ?? ''));
      assert.equal(review.status, 200);
      assert.match(review.text, /Cara Csv.*cara\.csv@demoshire\.example/s);
      assert.equal(await practitionerCount(), before, 'nothing is added before the commit');
      const committed = await coordinator.post(checked.location ?? '', {});
      assert.equal(committed.status, 303);
      assert.equal(await practitionerCount(), before + 2);
      for (const email of ['cara.csv@demoshire.example', 'dev.csv@demoshire.example']) {
        const [mail] = await outboxFor(app, email);
        assert.equal(mail?.template, 'invitation');
      }
      assert.equal((await coordinator.post(checked.location ?? '', {})).status, 409);
      const contact = new TestClient(app.url);
      await contact.signIn('trainingcontact@demoshire.example');
      assert.equal((await contact.get(checked.location ?? '')).status, 404, 'another person’s staged file');
    });

    it('imports a session’s attendance all or nothing, offering walk-ins, and prints a tagged register', async () => {
      const courseId = await addCourse(coordinator, 'Attendance import course');
      const sessionId = await addSession(coordinator, courseId, 10);
      const people = await addPractitioners(app, 3, 'Csv Attendee');
      await coordinator.get(`/training/sessions/${sessionId}`);
      const bookings: number[] = [];
      for (const person of people.slice(0, 2)) {
        const booked = await coordinator.post(`/training/sessions/${sessionId}/book`, { practitioner: String(person) });
        bookings.push(Number(/(\d+)$/.exec(booked.location ?? '')?.[1]));
      }
      const address = `/training/sessions/${sessionId}/attendance-import`;
      const file = (lines: string[]) => ({ ...csvFile(lines), name: 'attendance.csv' });
      await coordinator.get(`/training/sessions/${sessionId}/register`);
      const early = renderedPage(await coordinator.postMultipart(address, {}, file(['email,attendance'])));
      assert.equal(early.status, 400);
      assert.match(early.text, /The register opens when the session starts/);

      const start = new Date(Date.now() - 3_600_000).toISOString();
      await app.db.kysely
        .updateTable('training_sessions')
        .set({ starts_at: start })
        .where('id', '=', sessionId)
        .execute();
      const bad = renderedPage(
        await coordinator.postMultipart(
          address,
          {},
          file([
            'booking,email,attendance',
            `${bookings[0]},,attended`,
            ',csvattendee3@demoshire.example,attended',
            `,csvattendee2@demoshire.example,maybe`,
          ]),
        ),
      );
      assert.equal(bad.status, 400);
      assert.match(
        bad.text,
        /Row 3, email: csvattendee3@demoshire\.example is not booked on this session: add them as a walk-in/,
      );
      assert.match(bad.text, /Add csvattendee3@demoshire\.example as a walk-in/);
      assert.match(bad.text, /Row 4, attendance: enter attended, partial or no-show/);
      assert.equal(await bookingStatus(app, bookings[0]!), 'booked', 'nothing is marked');

      const good = await coordinator.postMultipart(
        address,
        {},
        file([
          'Booking reference,Email,Attendance',
          `#${bookings[0]},,attended`,
          ',csvattendee2@demoshire.example,No-show',
        ]),
      );
      assert.equal(good.status, 303);
      const review = renderedPage(await coordinator.get(good.location ?? ''));
      assert.equal(review.status, 200);
      assert.match(review.text, /Csv Attendee 1.*Attended/s);
      assert.equal((await coordinator.post(good.location ?? '', {})).status, 303);
      assert.equal(await bookingStatus(app, bookings[0]!), 'attended');
      assert.equal(await bookingStatus(app, bookings[1]!), 'no_show');
      const certificate = await app.db.kysely
        .selectFrom('training_certificates')
        .select('code')
        .where('booking_id', '=', bookings[0]!)
        .executeTakeFirst();
      assert.ok(certificate, 'an attended booking earns its certificate');

      const pdf = await coordinator.get(`/training/sessions/${sessionId}/register.pdf`);
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers.get('content-type'), 'application/pdf');
      const { pdf: bytes } = await app.services.trainingRegistration.registerPdf(
        systemActor(app.demoPartnershipId),
        sessionId,
      );
      const tagged = readTaggedPdf(bytes);
      assert.equal(tagged.lang, 'en-GB');
      assert.equal(tagged.marked, true);
      const rows = flatten(tagged.structure ?? []).find((n) => n.type === 'Table')?.children ?? [];
      assert.equal(rows.length, 3, 'a header row and one per person on the register');
      assert.deepEqual(
        rows.slice(1).map((r) => r.children[1]?.actual),
        ['Csv Attendee 1', 'Csv Attendee 2'],
      );
      const practitioner = new TestClient(app.url);
      await practitioner.signIn('practitioner@demoshire.example');
      assert.equal((await practitioner.get(`/training/sessions/${sessionId}/register.pdf`)).status, 403);
    });
  });
}
