import type { Kysely } from 'kysely';
import type { Database, Partnership } from '../../db/schema.ts';
import { firstFreeSlug, slugFor } from './slug.ts';

export const findPartnership = (db: Kysely<Database>, id: number): Promise<Partnership | undefined> =>
  db.selectFrom('partnerships').selectAll().where('id', '=', id).executeTakeFirst();

export const listPartnerships = (db: Kysely<Database>): Promise<Partnership[]> =>
  db.selectFrom('partnerships').selectAll().orderBy('name').execute();

export const findPartnershipBySlug = (db: Kysely<Database>, slug: string): Promise<Partnership | undefined> =>
  db.selectFrom('partnerships').selectAll().where('slug', '=', slug).executeTakeFirst();

/** A slug for a new partnership called `name`, free among those already taken. */
export async function freeSlugFor(db: Kysely<Database>, name: string): Promise<string> {
  const base = slugFor(name);
  const rows = await db
    .selectFrom('partnerships')
    .select('slug')
    .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
    .execute();
  return firstFreeSlug(base, new Set(rows.map((row) => row.slug ?? '')));
}

export const insertPartnership = async (
  db: Kysely<Database>,
  name: string,
  localAuthorityCode: string | null,
  at: string,
): Promise<Partnership> =>
  db
    .insertInto('partnerships')
    .values({ name, local_authority_code: localAuthorityCode, created_at: at, slug: await freeSlugFor(db, name) })
    .returningAll()
    .executeTakeFirstOrThrow();
