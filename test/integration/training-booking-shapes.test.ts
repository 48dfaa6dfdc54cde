/*
 * A booking batch's statements have one text whatever the batch's size (docs/adr/0045), so a
 * rush of any size reuses SQLite's kept statements and PostgreSQL's named ones; the batch still
 * gives places in arrival order and writes every booking's history line, audit entry and email,
 * and finds each request's person itself (by id, email address or account).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/actor.ts';
import { openDatabase, type Db } from '../../src/db/database.ts';
import { bookingBatcher } from '../../src/features/training/booking-batch.ts';
import * as repo from '../../src/features/training/repository.ts';
import { ENGINES, createTestDatabase, type TestDatabase } from '../support/databases.ts';

/** A copy of a demo session of a course booked without approval, open for booking, starting in 30 days. */
async function addSessionOf(database: TestDatabase, capacity: number): Promise<number> {
  const db = database.db.kysely;
  const { id: _id, ...demo } = await db
    .selectFrom('training_sessions as s')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .selectAll('s')
    .where('s.partnership_id', '=', database.demoPartnershipId)
    .where('c.approval', '=', 'none')
    .orderBy('s.id')
    .executeTakeFirstOrThrow();
  const at = new Date();
  const starts = new Date(at.getTime() + 30 * 86_400_000).toISOString();
  const session = await db
    .insertInto('training_sessions')
    .values({
      ...demo,
      capacity,
      status: 'scheduled',
      cancel_reason: null,
      starts_at: starts,
      booking_opens_on: at.toISOString().slice(0, 10),
      booking_closes_on: starts.slice(0, 10),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ends = new Date(at.getTime() + 30 * 86_400_000 + 6 * 3_600_000).toISOString();
  await db
    .insertInto('training_session_dates')
    .values({ partnership_id: demo.partnership_id, session_id: session.id, starts_at: starts, ends_at: ends })
    .execute();
  return session.id;
}

async function addPeople(database: TestDatabase, count: number, prefix = 'Shaper'): Promise<repo.PractitionerRow[]> {
  const db = database.db.kysely;
  const organisation = await db
    .selectFrom('organisations')
    .select('id')
    .where('partnership_id', '=', database.demoPartnershipId)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const at = new Date().toISOString();
  return db
    .insertInto('training_practitioners')
    .values(
      Array.from({ length: count }, (_, i) => ({
        partnership_id: database.demoPartnershipId,
        user_id: null,
        organisation_id: organisation.id,
        name: `${prefix} ${i + 1}`,
        email: `${prefix.toLowerCase()}${i + 1}@demoshire.example`,
        job_role: 'childrens_social_worker',
        line_manager_email: 'shaper-manager@demoshire.example',
        worker_id: null,
        created_at: at,
        updated_at: at,
      })),
    )
    .returningAll()
    .execute();
}

for (const engine of ENGINES) {
  describe(`a booking batch's statement texts on ${engine}`, () => {
    let database: TestDatabase;
    let logged: Db;
    const texts = new Set<string>();
    before(async () => {
      database = await createTestDatabase(engine, { demo: true });
      logged = openDatabase({
        engine,
        url: database.url,
        sqliteFile: database.sqliteFile,
        log: (event) => void texts.add(event.query.sql),
      });
    });
    after(async () => {
      await logged?.close();
      await database?.drop();
    });

    it('are the same for a batch of one, of four and of thirteen', async () => {
      const sessions = [await addSessionOf(database, 3), await addSessionOf(database, 30)];
      const people = await addPeople(database, 1 + 4 + 13);
      const book = bookingBatcher({ db: logged.kysely, engine, baseUrl: 'http://localhost' });
      const actor = systemActor(database.demoPartnershipId, 'Shape test');
      const batch = async (group: repo.PractitionerRow[]) => {
        texts.clear();
        // Submitted in one turn: the first runs alone at once, the rest wait and run as one batch.
        const made = await Promise.all(
          group.map((person, i) => book({ actor, lookup: { id: person.id }, field: 'practitioner' }, sessions[i % 2]!)),
        );
        return { made, texts: [...texts].sort() };
      };
      const one = await batch(people.slice(0, 1));
      const four = await batch(people.slice(1, 5));
      const thirteen = await batch(people.slice(5));
      assert.equal(thirteen.made.length, 13);
      assert.ok(one.texts.length >= 9, `${one.texts.length} texts: at least 5 reads and 4 writes`);
      assert.deepEqual(four.texts, one.texts, 'four bookings send the texts one sends');
      assert.deepEqual(thirteen.texts, one.texts, 'thirteen bookings send the texts one sends');

      const db = database.db.kysely;
      const small = await db
        .selectFrom('training_bookings')
        .select(['id', 'status', 'practitioner_id'])
        .where('session_id', '=', sessions[0]!)
        .orderBy('id')
        .execute();
      // Every other person, in the order they came, for 3 places.
      const expected = people.filter((_, i) => [0, 1, 3, 5, 7, 9, 11, 13, 15, 17].includes(i)).map((p) => p.id);
      assert.deepEqual(
        small.map((b) => b.practitioner_id),
        expected,
      );
      assert.deepEqual(
        small.map((b) => b.status),
        ['booked', 'booked', 'booked', ...Array<string>(7).fill('waitlisted')],
      );
      const ids = [...one.made, ...four.made, ...thirteen.made].map((m) => m.booking.id);
      const events = await db
        .selectFrom('training_booking_events')
        .select('to_status')
        .where('booking_id', 'in', ids)
        .execute();
      const audits = await db
        .selectFrom('audit_events')
        .select('summary')
        .where('entity_type', '=', 'training_booking')
        .where('entity_id', 'in', ids.map(String))
        .execute();
      const emails = await db
        .selectFrom('outbox_messages')
        .select('template')
        .where('recipient', 'like', 'shaper%')
        .execute();
      assert.deepEqual(
        [events.length, audits.length, emails.length],
        [18, 18, 18],
        'a history line, an audit entry and an email for each of the 18 bookings',
      );
      const waiting = await db
        .selectFrom('outbox_messages')
        .select(['template', 'calendar'])
        .where('recipient', '=', people[5]!.email)
        .executeTakeFirstOrThrow();
      assert.equal(waiting.calendar, null, 'a waiting-list notice carries no invite');
      const confirmed = await db
        .selectFrom('outbox_messages')
        .select(['calendar'])
        .where('recipient', '=', people[0]!.email)
        .executeTakeFirstOrThrow();
      assert.match(confirmed.calendar ?? '', /^BEGIN:VCALENDAR/);
    });

    it('finds the person of each request in the batch, by id, email address or account, and refuses the unknown', async () => {
      const session = await addSessionOf(database, 10);
      const [ann, bob] = await addPeople(database, 2, 'Finder');
      const db = database.db.kysely;
      const user = await db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'viewer@demoshire.example')
        .executeTakeFirstOrThrow();
      await db.updateTable('training_practitioners').set({ user_id: user.id }).where('id', '=', bob!.id).execute();
      const book = bookingBatcher({ db: logged.kysely, engine, baseUrl: 'http://localhost' });
      const actor = systemActor(database.demoPartnershipId, 'Finder test');
      const settled = await Promise.allSettled(
        [
          { id: ann!.id },
          { email: bob!.email },
          { userId: user.id },
          { id: 999_999 },
          { email: 'nobody@demoshire.example' },
          { userId: 999_999 },
        ].map((lookup) => book({ actor, lookup, field: 'practitioner' }, session)),
      );
      assert.deepEqual(
        settled.map((s) => s.status),
        ['fulfilled', 'fulfilled', 'rejected', 'rejected', 'rejected', 'rejected'],
      );
      const people = settled
        .slice(0, 2)
        .map((s) => (s as PromiseFulfilledResult<Awaited<ReturnType<typeof book>>>).value.person.id);
      assert.deepEqual(people, [ann!.id, bob!.id]);
      const messages = settled.slice(2).map((s) => Object.values((s as PromiseRejectedResult).reason.fields).join(''));
      assert.deepEqual(messages, [
        `${bob!.name} already has a booking for this session (booked).`,
        'Enter the email address of a practitioner registered in this partnership',
        'Enter the email address of a practitioner registered in this partnership',
        'Your account has no practitioner record yet. Ask your training coordinator to add you.',
      ]);
    });
  });
}
