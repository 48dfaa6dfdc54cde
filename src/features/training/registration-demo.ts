import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** The demo organisations' email domains: the council's is demoshire.example, each partner's its name's. */
export async function loadDemoEmailDomains(
  trx: Kysely<Database>,
  partnershipId: number,
  organisationIds: number[],
  at: string,
) {
  const organisations = await trx
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('id', 'in', organisationIds.length ? organisationIds : [-1])
    .execute();
  const domainOf = (id: number, name: string) =>
    id === organisationIds[0]
      ? 'demoshire.example'
      : `${name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '')}.example`;
  if (organisations.length)
    await trx
      .insertInto('organisation_email_domains')
      .values(
        organisations.map((o) => ({
          partnership_id: partnershipId,
          organisation_id: o.id,
          domain: domainOf(o.id, o.name),
          created_at: at,
        })),
      )
      .execute();
}
