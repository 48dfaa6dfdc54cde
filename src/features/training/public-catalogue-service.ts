/*
 * The public catalogue and .ics feed (issue 14, point 1): optional, switched on per partnership;
 * readable without an account; courses and upcoming sessions with free places, never a name.
 */
import type { Kysely } from 'kysely';
import { requireCapability, type Actor } from '../../auth/actor.ts';
import type { Database } from '../../db/schema.ts';
import { calendarFeed } from '../../lib/calendar.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { HOLDS_PLACE } from './booking-states.ts';
import { registrationPaths } from './registration-paths.ts';

type Db = Kysely<Database>;
/** How far ahead the public pages and the feed look. */
const AHEAD_DAYS = 366;

async function partnershipIfOn(db: Db, partnershipId: number) {
  const row = await db
    .selectFrom('training_public_catalogues as t')
    .innerJoin('partnerships as p', 'p.id', 't.partnership_id')
    .select(['p.id', 'p.name'])
    .where('t.partnership_id', '=', partnershipId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Catalogue');
  return row;
}

/** Upcoming sessions of the partnership (of one course, when given), with free places and dates; no bookings' names. */
async function upcoming(db: Db, partnershipId: number, courseId?: number) {
  const now = nowIso();
  const until = new Date(Date.now() + AHEAD_DAYS * 86_400_000).toISOString();
  let query = db
    .selectFrom('training_sessions as s')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .select([
      's.id',
      's.course_id',
      's.starts_at',
      's.venue',
      's.online_link',
      's.capacity',
      's.status',
      's.updated_at',
    ])
    .select(['c.title', 'c.description', 'c.delivery', 'c.duration_minutes'])
    .select((eb) =>
      eb
        .selectFrom('training_bookings as b')
        .whereRef('b.session_id', '=', 's.id')
        .where('b.status', 'in', HOLDS_PLACE)
        .select(eb.fn.countAll<number>().as('n'))
        .as('taken'),
    )
    .select((eb) =>
      eb
        .selectFrom('training_session_dates as d')
        .whereRef('d.session_id', '=', 's.id')
        .select((inner) => inner.fn.max('d.ends_at').as('e'))
        .as('ends_at'),
    )
    .where('s.partnership_id', '=', partnershipId)
    .where('c.status', '=', 'active')
    .where('s.starts_at', '>', now)
    .where('s.starts_at', '<', until);
  if (courseId !== undefined) query = query.where('s.course_id', '=', courseId);
  const rows = await query.orderBy('s.starts_at').orderBy('s.id').limit(2000).execute();
  return rows.map((r) => ({
    ...r,
    ends_at: r.ends_at ?? r.starts_at,
    free: Math.max(0, r.capacity - Number(r.taken ?? 0)),
  }));
}

/** Switches the partnership's public catalogue and feed on or off (audited). */
async function switchPublic(db: Db, actor: Actor, on: boolean) {
  requireCapability(actor, 'training:manage');
  await db.transaction().execute(async (trx) => {
    const was = await trx
      .selectFrom('training_public_catalogues')
      .select('id')
      .where('partnership_id', '=', actor.partnershipId)
      .executeTakeFirst();
    if (Boolean(was) === on) return;
    if (on)
      await trx
        .insertInto('training_public_catalogues')
        .values({ partnership_id: actor.partnershipId, switched_on_at: nowIso() })
        .execute();
    else await trx.deleteFrom('training_public_catalogues').where('partnership_id', '=', actor.partnershipId).execute();
    await recordAudit(trx, actor, {
      action: 'update',
      entityType: 'partnership',
      entityId: actor.partnershipId,
      summary: `Switched the public training catalogue ${on ? 'on' : 'off'}`,
      before: { public_catalogue: !on },
      after: { public_catalogue: on },
    });
  });
}

export type PublicSession = Awaited<ReturnType<typeof upcoming>>[number];

export function createPublicCatalogueService(db: Db, baseUrl: string) {
  return {
    /** Partnerships whose catalogue is public. */
    partnerships: () =>
      db
        .selectFrom('training_public_catalogues as t')
        .innerJoin('partnerships as p', 'p.id', 't.partnership_id')
        .select(['p.id', 'p.name'])
        .orderBy('p.name')
        .execute(),

    isOn: async (actor: Actor) => {
      requireCapability(actor, 'training:manage');
      return Boolean(await partnershipIfOn(db, actor.partnershipId).catch(() => null));
    },

    /** Switches the public catalogue and feed on or off (audited). */
    switch: (actor: Actor, on: boolean) => switchPublic(db, actor, on),

    /** The public catalogue of one partnership: each active course with its upcoming sessions. */
    catalogue: async (partnershipId: number) => {
      const partnership = await partnershipIfOn(db, partnershipId);
      const sessions = await upcoming(db, partnershipId);
      const courses = await db
        .selectFrom('training_courses')
        .select(['id', 'title', 'description', 'level', 'delivery', 'duration_minutes', 'cost_pence'])
        .where('partnership_id', '=', partnershipId)
        .where('status', '=', 'active')
        .orderBy('title')
        .orderBy('id')
        .execute();
      return {
        partnership,
        courses: courses.map((c) => ({ ...c, sessions: sessions.filter((s) => s.course_id === c.id) })),
      };
    },

    /** The .ics feed of the partnership's upcoming sessions; a cancelled one stays in it, marked cancelled. */
    feed: async (partnershipId: number) => {
      const partnership = await partnershipIfOn(db, partnershipId);
      const sessions = await upcoming(db, partnershipId);
      return calendarFeed(
        `${partnership.name} training`,
        sessions.map((s) => ({
          uid: `training-session-${s.id}@one-workforce`,
          sequence: Math.max(0, Math.floor(Date.parse(s.updated_at) / 1000) - 1_700_000_000),
          start: new Date(s.starts_at),
          end: new Date(s.ends_at > s.starts_at ? s.ends_at : Date.parse(s.starts_at) + s.duration_minutes * 60_000),
          title: s.status === 'cancelled' ? `Cancelled: ${s.title}` : s.title,
          description: `${s.free} of ${s.capacity} places free when this feed was read.`,
          location: s.venue || (s.online_link ? 'Online' : undefined),
          url: `${baseUrl}${registrationPaths.publicPartnership({ partnership: partnershipId })}#course-${s.course_id}`,
          cancelled: s.status === 'cancelled',
        })),
      );
    },
  };
}

export type PublicCatalogueService = ReturnType<typeof createPublicCatalogueService>;
