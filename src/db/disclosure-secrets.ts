import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** The partnership's secret for disclosure-control keys (docs/adr/0013), made on first use; never shown. */
export async function disclosureSecret(
  db: Kysely<Database> | Transaction<Database>,
  partnershipId: number,
): Promise<string> {
  const find = () =>
    db.selectFrom('disclosure_secrets').select('secret').where('partnership_id', '=', partnershipId).executeTakeFirst();
  const found = await find();
  if (found) return found.secret;
  await db
    .insertInto('disclosure_secrets')
    .values({ partnership_id: partnershipId, secret: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('partnership_id').doNothing())
    .execute();
  return (await find())!.secret;
}
