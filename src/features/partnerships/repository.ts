import type { Kysely } from 'kysely';
import type { Database, Partnership } from '../../db/schema.ts';

export const findPartnership = (db: Kysely<Database>, id: number): Promise<Partnership | undefined> =>
  db.selectFrom('partnerships').selectAll().where('id', '=', id).executeTakeFirst();

export const listPartnerships = (db: Kysely<Database>): Promise<Partnership[]> =>
  db.selectFrom('partnerships').selectAll().orderBy('name').execute();

export const insertPartnership = (
  db: Kysely<Database>,
  name: string,
  localAuthorityCode: string | null,
  at: string,
): Promise<Partnership> =>
  db
    .insertInto('partnerships')
    .values({ name, local_authority_code: localAuthorityCode, created_at: at })
    .returningAll()
    .executeTakeFirstOrThrow();
