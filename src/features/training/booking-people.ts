/*
 * The people a booking batch is for, read once for the whole batch (docs/adr/0045) instead of one
 * statement per request before it: by id (the API), by email address (the booking form) or as the
 * signed-in practitioner themself. Each kind is one statement of one text however many people.
 */
import { sql, type Kysely } from 'kysely';
import { hasCapability, type Actor } from '../../auth/actor.ts';
import { inValues } from '../../db/fixed-shape.ts';
import type { Database } from '../../db/schema.ts';
import { ValidationError } from '../../lib/errors.ts';
import type * as repo from './repository.ts';

type Db = Kysely<Database>;

/** Who a booking request is for. */
export type PersonLookup = { id: number } | { email: string } | { userId: number };

export interface People {
  byId: Map<number, repo.PractitionerRow>;
  byEmail: Map<string, repo.PractitionerRow>;
  byUser: Map<number, repo.PractitionerRow>;
}

// Unary plus where the listed column has an index of its own: SQLite would otherwise read the
// partnership's practitioners (thousands) through the partnership's index.
const notIndexed = sql<number>`+${sql.ref('partnership_id')}`;

/** The practitioners the lookups name, in the partnership: at most one statement per kind of lookup. */
export async function readPeople(trx: Db, partnershipId: number, lookups: PersonLookup[]): Promise<People> {
  const ids = lookups.flatMap((l) => ('id' in l ? [l.id] : []));
  const emails = lookups.flatMap((l) => ('email' in l ? [l.email] : []));
  const users = lookups.flatMap((l) => ('userId' in l ? [l.userId] : []));
  const people = trx.selectFrom('training_practitioners').selectAll();
  // One after another: a transaction's statements share its one connection.
  const byId = ids.length
    ? await people
        .where(notIndexed, '=', partnershipId)
        .where(inValues(trx, 'id', ids))
        .execute()
    : [];
  const byEmail = emails.length
    ? await people
        .where('partnership_id', '=', partnershipId)
        .where(inValues(trx, 'email', emails))
        .execute()
    : [];
  const byUser = users.length
    ? await people
        .where(notIndexed, '=', partnershipId)
        .where(inValues(trx, 'user_id', users))
        .execute()
    : [];
  return {
    byId: new Map(byId.map((p) => [p.id, p])),
    byEmail: new Map(byEmail.map((p) => [p.email, p])),
    byUser: new Map(byUser.flatMap((p) => (p.user_id === null ? [] : [[p.user_id, p]]))),
  };
}

/** The person a request names, or the error it gets: not found, or (a contact) not in their organisation. */
export function personFor(actor: Actor, lookup: PersonLookup, people: People): repo.PractitionerRow | ValidationError {
  if ('userId' in lookup)
    return (
      people.byUser.get(lookup.userId) ??
      new ValidationError({
        booking: 'Your account has no practitioner record yet. Ask your training coordinator to add you.',
      })
    );
  const row = 'id' in lookup ? people.byId.get(lookup.id) : people.byEmail.get(lookup.email);
  const manages = hasCapability(actor, 'training:manage');
  if (row && (manages || row.organisation_id === actor.organisationId)) return row;
  return new ValidationError({
    practitioner: manages
      ? 'Enter the email address of a practitioner registered in this partnership'
      : 'Enter the email address of a practitioner in your organisation',
  });
}
