/*
 * Erasure after years of inactivity (issue 14, "Personal data"), run as the scheduler runs it under
 * a fake clock six years on: who is erased, what is kept so counts still add up, and the audit.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';
import { ERASED_NAME } from '../../src/features/training/erasure-service.ts';
import { registrationJobs } from '../../src/features/training/registration-jobs.ts';
import { ENGINES, startTestApp, type TestApp } from '../support/app.ts';
import { addPractitioners } from '../support/training.ts';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

for (const engine of ENGINES) {
  describe(`training erasure on ${engine}`, () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp(engine);
    });
    after(async () => {
      mock.timers.reset();
      await app?.close();
    });

    /** A session of a demo course that started `days` ago, with one booking of `practitionerId`. */
    async function pastBooking(practitionerId: number, days: number) {
      const db = app.db.kysely;
      const course = await db.selectFrom('training_courses').select('id').orderBy('id').executeTakeFirstOrThrow();
      const person = await db
        .selectFrom('training_practitioners')
        .select('organisation_id')
        .where('id', '=', practitionerId)
        .executeTakeFirstOrThrow();
      const at = ago(days);
      const session = await db
        .insertInto('training_sessions')
        .values({
          partnership_id: app.demoPartnershipId,
          course_id: course.id,
          venue: 'Erasure Hall',
          access_info: '',
          online_link: '',
          trainers: '',
          capacity: 10,
          minimum: 0,
          cancellation_cutoff_days: 0,
          offer_hours: 48,
          auto_promote: 1,
          status: 'scheduled',
          cancel_reason: null,
          booking_opens_on: at.slice(0, 10),
          booking_closes_on: at.slice(0, 10),
          starts_at: at,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('training_bookings')
        .values({
          partnership_id: app.demoPartnershipId,
          session_id: session.id,
          practitioner_id: practitionerId,
          organisation_id: person.organisation_id,
          status: 'attended',
          live: 1,
          approval_token_hash: null,
          approval_expires_at: null,
          offer_expires_at: null,
          calendar_sequence: 0,
          booked_by_user_id: null,
          created_at: at,
          updated_at: at,
        })
        .execute();
    }

    /** A practitioner-only account last signed in `days` ago. */
    const addUser = (email: string, days: number) =>
      app.db.kysely
        .insertInto('users')
        .values({
          partnership_id: app.demoPartnershipId,
          email,
          display_name: email,
          role: 'practitioner',
          organisation_id: null,
          password_hash: 'x',
          oidc_subject: null,
          status: 'active',
          created_at: ago(10),
          updated_at: ago(10),
          last_sign_in_at: ago(days),
          sign_in_unlocked_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();

    it('erases only practitioners inactive for six years, keeps their bookings for counts, closes their account', async () => {
      const db = app.db.kysely;
      const [idle, recentSession, recentSignIn] = await addPractitioners(app, 3, 'Erasure Test');
      const user = await addUser('erasure.user@demoshire.example', 10);
      const signedIn = await addUser('erasure.kept@demoshire.example', 1);
      await db.updateTable('training_practitioners').set({ user_id: user.id }).where('id', '=', idle!).execute();
      await db
        .updateTable('training_practitioners')
        .set({ user_id: signedIn.id })
        .where('id', '=', recentSignIn!)
        .execute();
      await db
        .updateTable('training_practitioners')
        .set({ updated_at: ago(10), created_at: ago(10) })
        .where('id', 'in', [idle!, recentSession!, recentSignIn!])
        .execute();
      await pastBooking(idle!, 9);
      await pastBooking(recentSession!, 1);
      const countByOrganisation = () =>
        db
          .selectFrom('training_bookings')
          .select(['organisation_id', (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy('organisation_id')
          .orderBy('organisation_id')
          .execute()
          .then((rows) => rows.map((r) => [r.organisation_id, Number(r.n)]));
      const before = await countByOrganisation();

      // Six years on, less five days: the cutoff falls five days ago, after the idle person's last activity.
      mock.timers.enable({ apis: ['Date'], now: Date.now() + 6 * 365.25 * DAY - 5 * DAY });
      const job = registrationJobs({ trainingEraseAfterYears: 6 }).find(
        (j) => j.name === 'erase-inactive-practitioners',
      );
      assert.equal(await job?.run(db), 1);
      mock.timers.reset();

      const rows = await db
        .selectFrom('training_practitioners')
        .selectAll()
        .where('id', 'in', [idle!, recentSession!, recentSignIn!])
        .orderBy('id')
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.name, r.erased_at === null]),
        [
          [ERASED_NAME, false],
          ['Erasure Test 2', true],
          ['Erasure Test 3', true],
        ],
      );
      assert.equal(rows[0]!.email, `erased-${idle}@erased.invalid`);
      assert.equal(rows[0]!.line_manager_email, '');
      assert.equal(rows[0]!.job_role, 'childrens_social_worker', 'the role stays for counts by role');
      const account = await db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
      assert.equal(account.status, 'deactivated');
      assert.equal(account.display_name, ERASED_NAME);
      assert.equal(account.password_hash, null);
      assert.equal(account.email, `erased-user-${user.id}@erased.invalid`);
      assert.deepEqual(await countByOrganisation(), before, 'every booking is still counted');
      const audit = await db
        .selectFrom('audit_events')
        .select(['summary', 'actor_label'])
        .where('entity_type', '=', 'training_practitioner')
        .where('entity_id', '=', String(idle))
        .execute();
      assert.equal(audit.length, 1);
      assert.match(audit[0]!.summary, /Erased the personal data of practitioner \d+ after 6 years/);
      assert.doesNotMatch(audit[0]!.summary, /Erasure Test/);

      assert.equal(await job?.run(db), 0, 'run again now, nobody else is old enough');
      const off = registrationJobs({ trainingEraseAfterYears: 0 })[1];
      assert.equal(await off?.run(db), 0);
    });
  });
}
