import type { Kysely } from 'kysely';
import type { Database, NewOrganisation, Organisation, OrganisationUpdate } from '../../db/schema.ts';

export type OrganisationRow = Organisation & { user_count: number | string | bigint | null };

function withUserCount(db: Kysely<Database>, partnershipId: number) {
  return db
    .selectFrom('organisations')
    .selectAll('organisations')
    .select((eb) =>
      eb
        .selectFrom('users')
        .whereRef('users.organisation_id', '=', 'organisations.id')
        .where('users.partnership_id', '=', partnershipId)
        .where('users.status', '!=', 'deactivated')
        .select(eb.fn.countAll().as('n'))
        .as('user_count'),
    )
    .where('organisations.partnership_id', '=', partnershipId);
}

export const listOrganisations = (db: Kysely<Database>, partnershipId: number): Promise<OrganisationRow[]> =>
  withUserCount(db, partnershipId).orderBy('organisations.name').execute();

export const findOrganisation = (
  db: Kysely<Database>,
  partnershipId: number,
  id: number,
): Promise<OrganisationRow | undefined> =>
  withUserCount(db, partnershipId).where('organisations.id', '=', id).executeTakeFirst();

/** Another organisation in the partnership with the same name, ignoring case. */
export const findOrganisationNamed = (
  db: Kysely<Database>,
  partnershipId: number,
  name: string,
  exceptId?: number,
): Promise<{ id: number } | undefined> => {
  let query = db
    .selectFrom('organisations')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', eb.fn('lower', [eb.val(name)])));
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  return query.executeTakeFirst();
};

export const insertOrganisation = (db: Kysely<Database>, values: NewOrganisation): Promise<Organisation> =>
  db.insertInto('organisations').values(values).returningAll().executeTakeFirstOrThrow();

export const updateOrganisation = (
  db: Kysely<Database>,
  partnershipId: number,
  id: number,
  changes: OrganisationUpdate,
): Promise<Organisation> =>
  db
    .updateTable('organisations')
    .set(changes)
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
