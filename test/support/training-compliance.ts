/** Brute-force inputs for the compliance tests: every training entry and every worker in post, read row by row. */
import { disclosureSecret } from '../../src/db/disclosure-secrets.ts';
import type { Entry } from '../../src/features/training/compliance-rules.ts';
import { headlineSql } from '../../src/features/workforce/profile/headline.ts';
import { recordKeyer } from '../../src/lib/disclosure.ts';
import type { TestApp } from './app.ts';

/** Each practitioner's training that may count: their records and attended sessions (dated by the first day, UTC). */
export async function trainingEntries(app: TestApp): Promise<Map<number, Entry[]>> {
  const db = app.db.kysely;
  const p = app.demoPartnershipId;
  const entries = new Map<number, Entry[]>();
  const add = (id: number, e: Entry) => entries.set(id, [...(entries.get(id) ?? []), e]);
  for (const r of await db.selectFrom('training_records').selectAll().where('partnership_id', '=', p).execute())
    add(r.practitioner_id, { on: r.completed_on, minutes: r.minutes, level: r.level });
  const attended = await db
    .selectFrom('training_bookings as b')
    .innerJoin('training_sessions as s', 's.id', 'b.session_id')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .select(['b.practitioner_id', 's.starts_at', 'c.duration_minutes', 'c.level'])
    .where('b.partnership_id', '=', p)
    .where('b.status', '=', 'attended')
    .execute();
  for (const a of attended)
    add(a.practitioner_id, { on: a.starts_at.slice(0, 10), minutes: a.duration_minutes, level: a.level });
  return entries;
}

/**
 * The employees in post (headline.ts's definition) in each organisation's latest current return,
 * by organisation, each with their job role and disclosure-control record key.
 */
export async function latestInPost(app: TestApp) {
  const db = app.db.kysely;
  const secret = await disclosureSecret(db, app.demoPartnershipId);
  const returns = await db
    .selectFrom('workforce_returns')
    .selectAll()
    .where('partnership_id', '=', app.demoPartnershipId)
    .where('status', '=', 'current')
    .orderBy('census_date', 'desc')
    .execute();
  const inPost = new Map<number, { jobRole: string; key: number }[]>();
  for (const r of returns) {
    if (inPost.has(r.organisation_id)) continue;
    const key = recordKeyer(secret, r.organisation_id);
    const workers = await db
      .selectFrom('worker_records')
      .select(['worker_id', 'job_role'])
      .where('return_id', '=', r.id)
      .where(headlineSql(r.census_date).inPost)
      .execute();
    inPost.set(
      r.organisation_id,
      workers.map((w) => ({ jobRole: w.job_role ?? '', key: key(w.worker_id) })),
    );
  }
  return { inPost, secret };
}
