import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { isReminder, type Reminder } from './reminders.ts';

type Db = Kysely<Database>;

/** The users, among `userIds`, who have switched this reminder off. */
export async function optedOut(db: Db, reminder: Reminder, userIds: number[]): Promise<Set<number>> {
  if (!userIds.length) return new Set();
  const rows = await db
    .selectFrom('reminder_opt_outs')
    .select('user_id')
    .where('reminder', '=', reminder)
    .where('user_id', 'in', userIds)
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

/** The reminders a user has switched off. */
export async function optOutsOf(db: Db, userId: number): Promise<Reminder[]> {
  const rows = await db.selectFrom('reminder_opt_outs').select('reminder').where('user_id', '=', userId).execute();
  return rows.map((r) => r.reminder).filter(isReminder);
}

/** Replaces a user's switched-off reminders with `off`. */
export async function replaceOptOuts(
  db: Db,
  user: { id: number; partnershipId: number },
  off: Reminder[],
  at: string,
): Promise<void> {
  await db.deleteFrom('reminder_opt_outs').where('user_id', '=', user.id).execute();
  if (off.length)
    await db
      .insertInto('reminder_opt_outs')
      .values(
        off.map((reminder) => ({ partnership_id: user.partnershipId, user_id: user.id, reminder, created_at: at })),
      )
      .execute();
}
