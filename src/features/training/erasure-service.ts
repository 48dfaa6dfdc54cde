/*
 * Erasure after years of inactivity (issue 14, "Personal data"): a practitioner with no booking,
 * session, sign-in or change for TRAINING_ERASE_AFTER_YEARS has their name, email addresses and
 * worker ID replaced, and their practitioner-only account closed and anonymised. The practitioner
 * row (organisation, job role) and their bookings stay, so counts by agency, role and course still
 * add up. Daily, under the scheduler's lease; one audit entry per person, naming only the row.
 */
import type { Kysely } from 'kysely';
import { systemActor } from '../../auth/actor.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit/service.ts';

type Db = Kysely<Database>;
export const ERASED_NAME = 'Erased practitioner';
const BATCH = 200;

/** The clock's date minus whole years, as an ISO timestamp. */
export function yearsBefore(now: Date, years: number): string {
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return cutoff.toISOString();
}

/** Practitioners not erased whose every trace of activity is older than the cutoff. */
function inactive(db: Db, cutoff: string) {
  return db
    .selectFrom('training_practitioners as p')
    .leftJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.id', 'p.partnership_id', 'p.organisation_id', 'p.email', 'p.user_id', 'u.role'])
    .where('p.erased_at', 'is', null)
    .where('p.updated_at', '<', cutoff)
    .where((eb) =>
      eb.or([eb('u.id', 'is', null), eb('u.last_sign_in_at', 'is', null), eb('u.last_sign_in_at', '<', cutoff)]),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('training_bookings as b')
            .innerJoin('training_sessions as s', 's.id', 'b.session_id')
            .select('b.id')
            .whereRef('b.practitioner_id', '=', 'p.id')
            .where((w) => w.or([w('s.starts_at', '>=', cutoff), w('b.updated_at', '>=', cutoff)])),
        ),
      ),
    )
    .orderBy('p.id')
    .limit(BATCH)
    .execute();
}

type Person = Awaited<ReturnType<typeof inactive>>[number];

async function eraseOne(trx: Db, person: Person, years: number, at: string): Promise<void> {
  const erasedEmail = `erased-${person.id}@erased.invalid`;
  await trx
    .updateTable('training_practitioners')
    .set({
      name: ERASED_NAME,
      email: erasedEmail,
      line_manager_email: '',
      worker_id: null,
      erased_at: at,
      updated_at: at,
    })
    .where('id', '=', person.id)
    .execute();
  await trx
    .updateTable('training_bookings')
    .set({ approval_token_hash: null })
    .where('practitioner_id', '=', person.id)
    .execute();
  await trx
    .updateTable('outbox_messages')
    .set({ recipient: erasedEmail, subject: '', body: '', calendar: null })
    .where('partnership_id', '=', person.partnership_id)
    .where('recipient', '=', person.email)
    .execute();
  // An account that is only for booking training goes with the person; a staff account of another role stays.
  if (person.user_id !== null && person.role === 'practitioner') {
    await trx.deleteFrom('sessions').where('user_id', '=', person.user_id).execute();
    await trx.deleteFrom('api_tokens').where('user_id', '=', person.user_id).execute();
    await trx
      .updateTable('users')
      .set({
        email: `erased-user-${person.user_id}@erased.invalid`,
        display_name: ERASED_NAME,
        password_hash: null,
        oidc_subject: null,
        status: 'deactivated',
        updated_at: at,
      })
      .where('id', '=', person.user_id)
      .execute();
  }
  await recordAudit(trx, systemActor(person.partnership_id, 'Scheduled erasure'), {
    action: 'update',
    entityType: 'training_practitioner',
    entityId: person.id,
    organisationId: person.organisation_id,
    summary: `Erased the personal data of practitioner ${person.id} after ${years} years without training activity`,
    after: { erased: true, account_closed: person.user_id !== null && person.role === 'practitioner' },
  });
}

/** Erases everyone inactive for `years` before `now` (0 years: erasure is off). Returns how many. */
export async function eraseInactivePractitioners(db: Db, options: { years: number; now?: Date }): Promise<number> {
  if (options.years <= 0) return 0;
  const cutoff = yearsBefore(options.now ?? new Date(), options.years);
  const at = (options.now ?? new Date()).toISOString();
  let erased = 0;
  for (;;) {
    const batch = await inactive(db, cutoff);
    if (!batch.length) return erased;
    await db.transaction().execute(async (trx) => {
      for (const person of batch) await eraseOne(trx, person, options.years, at);
    });
    erased += batch.length;
  }
}
