/** The board pack's queries, always filtered by partnership. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { BoardPackTable } from '../../db/reports-schema.ts';
import { addDays } from '../../lib/dates.ts';

type Db = Kysely<Database>;
export type PackRow = Omit<BoardPackTable, 'id'> & { id: number };

export const listPacks = (db: Db, partnershipId: number): Promise<PackRow[]> =>
  db
    .selectFrom('board_packs')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .orderBy('quarter_end', 'desc')
    .execute();

export const findPack = (db: Db, partnershipId: number, id: number): Promise<PackRow | undefined> =>
  db
    .selectFrom('board_packs')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();

export const findPackForQuarter = (db: Db, partnershipId: number, quarterEnd: string) =>
  db
    .selectFrom('board_packs')
    .select(['id', 'status'])
    .where('partnership_id', '=', partnershipId)
    .where('quarter_end', '=', quarterEnd)
    .executeTakeFirst();

/** The latest issued pack of a quarter before `quarterEnd`: what a pack compares itself with. */
export const lastIssuedBefore = (db: Db, partnershipId: number, quarterEnd: string) =>
  db
    .selectFrom('board_packs')
    .select(['id', 'quarter_end', 'figures_json'])
    .where('partnership_id', '=', partnershipId)
    .where('status', '=', 'issued')
    .where('quarter_end', '<', quarterEnd)
    .orderBy('quarter_end', 'desc')
    .limit(1)
    .executeTakeFirst();

export const insertPack = (db: Db, values: Omit<BoardPackTable, 'id'>) =>
  db.insertInto('board_packs').values(values).returning('id').executeTakeFirstOrThrow();

/** Changes a draft only: an issued pack is never written again. */
export const updateDraft = (db: Db, partnershipId: number, id: number, values: Partial<Omit<BoardPackTable, 'id'>>) =>
  db
    .updateTable('board_packs')
    .set(values)
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();

export const partnershipName = async (db: Db, partnershipId: number): Promise<string> =>
  (await db.selectFrom('partnerships').select('name').where('id', '=', partnershipId).executeTakeFirst())?.name ?? '';

export const partnershipIds = async (db: Db): Promise<number[]> =>
  (await db.selectFrom('partnerships').select('id').orderBy('id').execute()).map((p) => p.id);

export interface TrainingCounts {
  sessions: number;
  booked: number;
  attended: number;
  partly: number;
  noShows: number;
  cancelledLate: number;
}

/** Sessions held in the quarter (not cancelled) and their bookings by outcome. */
export async function trainingCounts(
  db: Db,
  partnershipId: number,
  start: string,
  end: string,
): Promise<TrainingCounts> {
  const before = addDays(end, 1);
  const sessions = await db
    .selectFrom('training_sessions')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('partnership_id', '=', partnershipId)
    .where('status', '=', 'scheduled')
    .where('starts_at', '>=', start)
    .where('starts_at', '<', before)
    .executeTakeFirstOrThrow();
  const statuses = await db
    .selectFrom('training_bookings as b')
    .innerJoin('training_sessions as s', 's.id', 'b.session_id')
    .select(['b.status', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('b.partnership_id', '=', partnershipId)
    .where('s.partnership_id', '=', partnershipId)
    .where('s.status', '=', 'scheduled')
    .where('s.starts_at', '>=', start)
    .where('s.starts_at', '<', before)
    .groupBy('b.status')
    .execute();
  const n = (...codes: string[]) =>
    statuses.filter((s) => codes.includes(s.status)).reduce((sum, s) => sum + Number(s.n), 0);
  return {
    sessions: Number(sessions.n),
    booked: n('booked', 'attended', 'partially_attended', 'no_show'),
    attended: n('attended'),
    partly: n('partially_attended'),
    noShows: n('no_show'),
    cancelledLate: n('cancelled_late'),
  };
}
