/* The training compliance benchmark's data (bench/training-compliance.ts): seeded, the same every run. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import { DEMO_REQUIREMENTS, requirementRows } from '../src/features/training/compliance-demo.ts';
import { seeded } from '../src/features/training/demo.ts';
import { loadSyntheticReturns } from '../src/features/workforce/returns/demo-returns.ts';
import { addDays, todayInLondon } from '../src/lib/dates.ts';
import { nowIso } from '../src/lib/time.ts';

export const PRACTITIONERS = 25_000;
export const RECORDS = 190_000;
export const ATTENDED = 10_000;
const LEVELS = ['level_1', 'level_2', 'level_3', 'level_4', 'working_together'];

async function batches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}

export async function load(db: Kysely<Database>): Promise<{ partnershipId: number; organisationId: number }> {
  const at = nowIso();
  const today = todayInLondon();
  const random = seeded(14);
  const { id: partnershipId } = await db
    .insertInto('partnerships')
    .values({ name: 'Bench partnership', local_authority_code: 'E10000007', created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  const organisations: { id: number; type: string; services: readonly string[] }[] = [];
  for (let i = 0; i < 9; i++) {
    const services = ['social_care', 'education', 'early_years', 'health', 'youth', 'justice'];
    const values = {
      partnership_id: partnershipId,
      name: `Bench ${i}`,
      type: 'local_authority',
      sector: 'statutory',
      services: JSON.stringify(services),
      created_at: at,
      updated_at: at,
    };
    const { id } = await db.insertInto('organisations').values(values).returning('id').executeTakeFirstOrThrow();
    organisations.push({ id, type: 'local_authority', services });
  }
  await loadSyntheticReturns(db, { partnershipId, organisations, censusDate: '2026-03-31', count: 25_000, seed: 42 });
  await db.insertInto('training_requirements').values(requirementRows(partnershipId, at)).execute();
  const roles = [...DEMO_REQUIREMENTS.map((r) => r[0]), 'administrator', 'sports_coach'];
  const people = Array.from({ length: PRACTITIONERS }, (_, i) => ({
    partnership_id: partnershipId,
    user_id: null,
    organisation_id: organisations[i % 9]!.id,
    name: `Bench person ${i}`,
    email: `bench${i}@bench.example`,
    job_role: roles[Math.floor(random() * roles.length)]!,
    line_manager_email: 'manager@bench.example',
    worker_id: null,
    created_at: at,
    updated_at: at,
  }));
  await batches(people, (b) => db.insertInto('training_practitioners').values(b).execute());
  const ids = await db
    .selectFrom('training_practitioners')
    .select(['id', 'organisation_id'])
    .where('partnership_id', '=', partnershipId)
    .execute();
  const records = Array.from({ length: RECORDS }, (_, i) => {
    const p = ids[Math.floor(random() * ids.length)]!;
    return {
      partnership_id: partnershipId,
      practitioner_id: p.id,
      organisation_id: p.organisation_id,
      source: 'elearning' as const,
      course: `Course ${i}`,
      completed_on: addDays(today, -1 - Math.floor(random() * 1460)),
      minutes: 60 * (1 + Math.floor(random() * 6)),
      level: LEVELS[Math.floor(random() * LEVELS.length)]!,
      import_id: null,
      recorded_by: null,
      created_at: at,
    };
  });
  await batches(records, (b) => db.insertInto('training_records').values(b).execute());
  const course = {
    partnership_id: partnershipId,
    title: 'Bench course',
    description: 'Bench',
    level: 'level_3',
    duration_minutes: 360,
    delivery: 'face_to_face' as const,
    audience: '[]',
    common_core: '[]',
    prerequisites: '',
    validity_years: null,
    cost_pence: 0,
    charging_policy: '',
    themes: '[]',
    approval: 'none' as const,
    status: 'active' as const,
    created_at: at,
    updated_at: at,
  };
  const { id: courseId } = await db
    .insertInto('training_courses')
    .values(course)
    .returning('id')
    .executeTakeFirstOrThrow();
  const sessions: number[] = [];
  for (let s = 0; s < 50; s++) {
    const starts = `${addDays(today, -20 * (s + 1))}T09:30:00.000Z`;
    const values = {
      partnership_id: partnershipId,
      course_id: courseId,
      capacity: 500,
      booking_opens_on: '2020-01-01',
      booking_closes_on: '2030-01-01',
      starts_at: starts,
      venue: '',
      access_info: '',
      online_link: '',
      trainers: '',
      minimum: 0,
      cancellation_cutoff_days: 0,
      offer_hours: 48,
      auto_promote: 1,
      status: 'scheduled' as const,
      cancel_reason: null,
      created_at: at,
      updated_at: at,
    };
    sessions.push(
      (await db.insertInto('training_sessions').values(values).returning('id').executeTakeFirstOrThrow()).id,
    );
  }
  const bookings = Array.from({ length: ATTENDED }, (_, i) => {
    const p = ids[(i * 7919) % ids.length]!;
    return {
      partnership_id: partnershipId,
      session_id: sessions[i % sessions.length]!,
      practitioner_id: p.id,
      organisation_id: p.organisation_id,
      status: 'attended' as const,
      approval_token_hash: null,
      approval_expires_at: null,
      offer_expires_at: null,
      calendar_sequence: 0,
      booked_by_user_id: null,
      live: 1,
      created_at: at,
      updated_at: at,
    };
  });
  await batches(bookings, (b) => db.insertInto('training_bookings').values(b).execute());
  await sql`analyze`.execute(db);
  return { partnershipId, organisationId: organisations[0]!.id };
}
