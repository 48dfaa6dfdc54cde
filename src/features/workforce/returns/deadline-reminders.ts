import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { can, ROLE_CODES } from '../../../auth/roles.ts';
import { addDays } from '../../../lib/dates.ts';
import { optedOut } from '../../messaging/preferences.ts';
import { deadlineReminder } from '../../messaging/reminders.ts';
import { enqueue, type NewMessage } from '../../messaging/repository.ts';
import { returnsReminderText } from '../../messaging/templates.ts';
import { returnsPaths } from './paths.ts';

/** Data leads: people who submit their own organisation's return and not every organisation's. */
const DATA_LEAD_ROLES = ROLE_CODES.filter((r) => can(r, 'workforce:submit-own') && !can(r, 'workforce:submit-any'));

/**
 * The scheduled returns reminder (docs/adr/0021): for each collection whose deadline is
 * `daysBefore` days away, or passed on one of the overdue days, every active data lead of each
 * organisation with no current return for that census date gets one email, unless they switched
 * these reminders off. Keys are per collection, person, kind and day: a second run sends nothing.
 */
export async function queueReturnsReminders(
  db: Kysely<Database>,
  options: { today: string; daysBefore: number; baseUrl: string },
): Promise<number> {
  const { today } = options;
  const collections = await db
    .selectFrom('workforce_collections')
    .select(['id', 'partnership_id', 'census_date', 'deadline'])
    .where('deadline', '>=', addDays(today, -31))
    .where('deadline', '<=', addDays(today, Math.max(0, options.daysBefore)))
    .execute();
  let queued = 0;
  for (const collection of collections) {
    const kind = deadlineReminder(today, collection.deadline, options.daysBefore);
    if (!kind) continue;
    const leads = await db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select(['users.id', 'users.email', 'users.display_name', 'organisations.name as organisation'])
      .where('users.partnership_id', '=', collection.partnership_id)
      .where('users.status', '=', 'active')
      .where('users.role', 'in', DATA_LEAD_ROLES)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('workforce_returns')
              .select('workforce_returns.id')
              .whereRef('workforce_returns.organisation_id', '=', 'users.organisation_id')
              .where('workforce_returns.census_date', '=', collection.census_date)
              .where('workforce_returns.status', '=', 'current'),
          ),
        ),
      )
      .execute();
    const off = await optedOut(
      db,
      'returns-reminder',
      leads.map((l) => l.id),
    );
    const links = { upload: `${options.baseUrl}${returnsPaths.submit()}`, account: `${options.baseUrl}/account` };
    const messages: NewMessage[] = leads
      .filter((lead) => !off.has(lead.id))
      .map((lead) => ({
        ...returnsReminderText(
          lead.display_name,
          lead.organisation,
          collection.census_date,
          collection.deadline,
          kind === 'overdue',
          links,
        ),
        key: `returns-${kind}:${collection.id}:${lead.id}:${today}`,
        partnershipId: collection.partnership_id,
        userId: lead.id,
        recipient: lead.email,
      }));
    await db.transaction().execute((trx) => enqueue(trx, messages));
    queued += messages.length;
  }
  return queued;
}
