import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, InviteTable, NewUser, User } from '../../db/schema.ts';

type Invite = Selectable<InviteTable>;

type Db = Kysely<Database>;

export const findUserById = (db: Db, id: number): Promise<User | undefined> =>
  db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export const findUserByEmail = (db: Db, email: string): Promise<User | undefined> =>
  db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();

export const findUserByOidcSubject = (db: Db, subject: string): Promise<User | undefined> =>
  db.selectFrom('users').selectAll().where('oidc_subject', '=', subject).executeTakeFirst();

export const findUserInPartnership = (db: Db, partnershipId: number, id: number): Promise<User | undefined> =>
  db
    .selectFrom('users')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();

export function listUsers(db: Db, partnershipId: number): Promise<(User & { organisation_name: string | null })[]> {
  return db
    .selectFrom('users')
    .leftJoin('organisations', 'organisations.id', 'users.organisation_id')
    .selectAll('users')
    .select('organisations.name as organisation_name')
    .where('users.partnership_id', '=', partnershipId)
    .orderBy('users.display_name')
    .execute();
}

export async function insertUser(db: Db, user: NewUser): Promise<User> {
  return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

export async function updateUser(db: Db, partnershipId: number, id: number, changes: Partial<NewUser>): Promise<User> {
  return db
    .updateTable('users')
    .set(changes)
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function recordSignInAttempt(
  db: Db,
  attempt: { partnershipId: number | null; email: string; ip: string; at: string; succeeded: boolean },
) {
  return db
    .insertInto('sign_in_attempts')
    .values({
      partnership_id: attempt.partnershipId,
      email: attempt.email,
      ip: attempt.ip,
      at: attempt.at,
      succeeded: attempt.succeeded ? 1 : 0,
    })
    .execute();
}

/** Failed attempts since `since` for this email, and from this address. */
export async function countRecentFailures(
  db: Db,
  email: string,
  ip: string,
  since: string,
): Promise<{ byEmail: number; byIp: number }> {
  const count = async (column: 'email' | 'ip', value: string) => {
    const row = await db
      .selectFrom('sign_in_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(column, '=', value)
      .where('at', '>=', since)
      .where('succeeded', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return { byEmail: await count('email', email), byIp: await count('ip', ip) };
}

export const oldestRecentFailure = async (db: Db, email: string, since: string): Promise<string | undefined> =>
  (
    await db
      .selectFrom('sign_in_attempts')
      .select('at')
      .where('email', '=', email)
      .where('at', '>=', since)
      .where('succeeded', '=', 0)
      .orderBy('at')
      .limit(1)
      .executeTakeFirst()
  )?.at;

export const listOrganisationOptions = (db: Db, partnershipId: number): Promise<{ id: number; name: string }[]> =>
  db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('partnership_id', '=', partnershipId)
    .orderBy('name')
    .execute();

export const insertInvite = (db: Db, invite: Omit<Insertable<InviteTable>, 'id'>): Promise<Invite> =>
  db.insertInto('invites').values(invite).returningAll().executeTakeFirstOrThrow();

export const findInviteByTokenHash = (db: Db, tokenHash: string): Promise<Invite | undefined> =>
  db.selectFrom('invites').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();

/** Marks an unused invite used; false when it was already used (a second, racing request). */
export async function markInviteUsed(db: Db, id: number, at: string): Promise<boolean> {
  const result = await db
    .updateTable('invites')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends every unused invite of the user still in date, by making it expire now. */
export const expireUnusedInvites = (db: Db, partnershipId: number, userId: number, at: string) =>
  db
    .updateTable('invites')
    .set({ expires_at: at })
    .where('partnership_id', '=', partnershipId)
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .execute();
