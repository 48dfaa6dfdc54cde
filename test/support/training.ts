/** Helpers for the training tests: a course and a session made through the coordinator's forms, and practitioners. */
import assert from 'node:assert/strict';
import type { BookingStatusCode } from '../../src/db/training-schema.ts';
import type { TestApp, TestClient } from './app.ts';

export const sessionForm = (start: Date, places: number, extra: Record<string, string> = {}) => {
  const day = start.toISOString().slice(0, 10).split('-');
  return {
    'date1-day': day[2] ?? '',
    'date1-month': day[1] ?? '',
    'date1-year': day[0] ?? '',
    start1: '09:30',
    end1: '16:00',
    venue: 'Demoshire County Hall',
    capacity: String(places),
    minimum: '0',
    cutoff: '10',
    offer_hours: '48',
    auto_promote: 'yes',
    ...extra,
  };
};

/** Adds a course through the form as `coordinator`; returns its id. */
export async function addCourse(coordinator: TestClient, title: string, approval = 'none'): Promise<number> {
  await coordinator.get('/training/courses/new');
  const response = await coordinator.post('/training/courses/new', {
    title,
    description: 'A course made by a test.',
    level: 'level_2',
    delivery: 'face_to_face',
    hours: '6',
    cost: '0',
    approval,
  });
  assert.equal(response.status, 303, `course not added: ${response.status}`);
  return Number(/\/training\/courses\/(\d+)$/.exec(response.location ?? '')?.[1]);
}

/** Adds a session of the course `days` days from now with `places` places; returns its id. */
export async function addSession(
  coordinator: TestClient,
  courseId: number,
  places: number,
  days = 30,
  extra: Record<string, string> = {},
): Promise<number> {
  await coordinator.get(`/training/courses/${courseId}/sessions/new`);
  const start = new Date(Date.now() + days * 86_400_000);
  const response = await coordinator.post(
    `/training/courses/${courseId}/sessions/new`,
    sessionForm(start, places, extra),
  );
  assert.equal(response.status, 303, `session not added: ${response.status}`);
  return Number(/\/training\/sessions\/(\d+)$/.exec(response.location ?? '')?.[1]);
}

/** The id of the demo partnership's first organisation. */
export const firstOrganisationId = async (app: TestApp) =>
  (
    await app.db.kysely
      .selectFrom('organisations')
      .select('id')
      .where('partnership_id', '=', app.demoPartnershipId)
      .orderBy('id')
      .executeTakeFirstOrThrow()
  ).id;

/** Inserts `count` practitioners in the demo's first organisation (or the given one); returns their ids in order. */
export async function addPractitioners(app: TestApp, count: number, prefix: string, organisationId?: number) {
  const organisation = organisationId ?? (await firstOrganisationId(app));
  const at = new Date().toISOString();
  const rows = await app.db.kysely
    .insertInto('training_practitioners')
    .values(
      Array.from({ length: count }, (_, i) => ({
        partnership_id: app.demoPartnershipId,
        user_id: null,
        organisation_id: organisation,
        name: `${prefix} ${i + 1}`,
        email: `${prefix.toLowerCase().replace(/\W/g, '')}${i + 1}@demoshire.example`,
        job_role: 'childrens_social_worker',
        line_manager_email: `${prefix.toLowerCase().replace(/\W/g, '')}-manager@demoshire.example`,
        worker_id: null,
        created_at: at,
        updated_at: at,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export const outboxFor = (app: TestApp, recipient: string) =>
  app.db.kysely.selectFrom('outbox_messages').selectAll().where('recipient', '=', recipient).orderBy('id').execute();

export const bookingStatus = async (app: TestApp, id: number) =>
  (await app.db.kysely.selectFrom('training_bookings').select('status').where('id', '=', id).executeTakeFirstOrThrow())
    .status;

/** Bookings written straight into the table with one status (a past session's outcomes), one per person. */
export async function insertBookings(app: TestApp, sessionId: number, people: number[], status: BookingStatusCode) {
  const at = new Date().toISOString();
  for (const id of people) {
    const person = await app.db.kysely
      .selectFrom('training_practitioners')
      .select(['organisation_id', 'partnership_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await app.db.kysely
      .insertInto('training_bookings')
      .values({
        partnership_id: person.partnership_id,
        session_id: sessionId,
        practitioner_id: id,
        organisation_id: person.organisation_id,
        status,
        live: 1,
        approval_token_hash: null,
        approval_expires_at: null,
        offer_expires_at: null,
        calendar_sequence: 0,
        booked_by_user_id: null,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
      .then(({ id: bookingId }) =>
        // As the app does: every booking's status comes with its history (docs/adr/0047 reads it).
        app.db.kysely
          .insertInto('training_booking_events')
          .values({
            partnership_id: person.partnership_id,
            booking_id: bookingId,
            from_status: null,
            to_status: status,
            actor_user_id: null,
            actor_label: 'test',
            reason: '',
            at,
          })
          .execute(),
      );
  }
}
