import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Attempt } from './sign-in-throttle.ts';

type Db = Kysely<Database>;

// However many addresses hammer an account, throttling reads a bounded number of rows.
const MAX_ROWS = 2000;

/** Attempts since `since` at an account (column email) or from an address (column ip), newest first. */
export async function recentAttempts(db: Db, column: 'email' | 'ip', value: string, since: string): Promise<Attempt[]> {
  const rows = await db
    .selectFrom('sign_in_attempts')
    .select(['ip', 'at', 'succeeded'])
    .where(column, '=', value)
    .where('at', '>=', since)
    .orderBy('at', 'desc')
    .limit(MAX_ROWS)
    .execute();
  return rows.map((r) => ({ ip: r.ip, at: r.at, succeeded: Boolean(r.succeeded) }));
}

/** Whether the account has ever signed in successfully from this address. */
export async function hasSignedInFrom(db: Db, email: string, ip: string): Promise<boolean> {
  const row = await db
    .selectFrom('sign_in_attempts')
    .select('id')
    .where('email', '=', email)
    .where('ip', '=', ip)
    .where('succeeded', '=', 1)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Attempts at these accounts since `since` (or each account's unlock), grouped by email. */
export async function attemptsByEmail(
  db: Db,
  accounts: { email: string; sign_in_unlocked_at: string | null }[],
  since: string,
): Promise<Map<string, Attempt[]>> {
  const byEmail = new Map<string, Attempt[]>(accounts.map((a) => [a.email, []]));
  if (!accounts.length) return byEmail;
  const unlocked = new Map(accounts.map((a) => [a.email, a.sign_in_unlocked_at ?? '']));
  const rows = await db
    .selectFrom('sign_in_attempts')
    .select(['email', 'ip', 'at', 'succeeded'])
    .where(
      'email',
      'in',
      accounts.map((a) => a.email),
    )
    .where('at', '>=', since)
    .orderBy('at', 'desc')
    .limit(MAX_ROWS * 10)
    .execute();
  for (const r of rows)
    if (r.at >= (unlocked.get(r.email) ?? '')) byEmail.get(r.email)?.push({ ...r, succeeded: Boolean(r.succeeded) });
  return byEmail;
}
