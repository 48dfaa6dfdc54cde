import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database, User } from '../../db/schema.ts';
import { NotFoundError, TooManyRequestsError, ValidationError } from '../../lib/errors.ts';
import { hashSecret, newSecret } from '../../lib/secrets.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { enqueue } from '../messaging/repository.ts';
import { passwordResetText } from '../messaging/templates.ts';
import { hashPassword, newPasswordProblems } from './passwords.ts';
import * as repo from './repository.ts';
import { actorForUser } from './sign-in-service.ts';
import { LOOKBACK_MS, lockedUntil, type Attempt } from './sign-in-throttle.ts';

/** How long a reset link works. Short: whoever reads the mailbox can take over the account. */
export const RESET_VALID_MINUTES = 60;

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Db = Kysely<Database>;

async function requests(db: Db, column: 'email' | 'ip', value: string): Promise<Attempt[]> {
  const rows = await db
    .selectFrom('password_reset_requests')
    .select(['ip', 'at'])
    .where(column, '=', value)
    .where('at', '>=', new Date(Date.now() - LOOKBACK_MS).toISOString())
    .orderBy('at', 'desc')
    .limit(2000)
    .execute();
  return rows.map((r) => ({ ...r, succeeded: false }));
}

/** The reset and its user when the link is unused, in date and the account active. */
async function findReset(db: Db, token: string) {
  if (!/^[A-Za-z0-9_-]{20,80}$/.test(token)) return null;
  const reset = await db
    .selectFrom('password_resets')
    .selectAll()
    .where('token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!reset || reset.used_at || reset.expires_at <= nowIso()) return null;
  const user = await repo.findUserInPartnership(db, reset.partnership_id, reset.user_id);
  return user?.status === 'active' ? { reset, user } : null;
}

/**
 * "Reset your password": the same answer whether or not the address has an account; requests are
 * throttled by the sign-in rules (docs/adr/0014) counted over reset requests, per address and
 * account; a link works once, for an hour, and setting the password ends every session of the user.
 */
export class PasswordResetService {
  readonly #db: Db;
  readonly #config: Pick<Config, 'baseUrl' | 'signIn'>;
  readonly #rules: { maxFailures: number; maxLockMinutes: number };

  constructor(db: Db, config: Pick<Config, 'baseUrl' | 'signIn'>) {
    this.#db = db;
    this.#config = config;
    this.#rules = { maxFailures: config.signIn.maxFailures, maxLockMinutes: config.signIn.windowMinutes };
  }

  async #throttle(email: string, ip: string): Promise<void> {
    const [account, address] = await Promise.all([requests(this.#db, 'email', email), requests(this.#db, 'ip', ip)]);
    const until = lockedUntil({ account, address, ip, knownAddress: false }, this.#rules);
    if (until === null) return;
    const minutes = Math.max(1, Math.ceil((until - Date.now()) / 60_000));
    throw new TooManyRequestsError(
      `Too many requests to reset a password. Wait ${minutes} minute${minutes === 1 ? '' : 's'}, then try again, or ask your administrator for help.`,
      minutes * 60,
    );
  }

  async #issue(trx: Db, user: User, ip: string): Promise<void> {
    const at = nowIso();
    await trx
      .updateTable('password_resets')
      .set({ used_at: at })
      .where('user_id', '=', user.id)
      .where('used_at', 'is', null)
      .execute();
    const secret = newSecret('', 32);
    const expiresAt = new Date(Date.now() + RESET_VALID_MINUTES * 60_000).toISOString();
    const reset = await trx
      .insertInto('password_resets')
      .values({
        partnership_id: user.partnership_id,
        user_id: user.id,
        token_hash: hashSecret(secret),
        created_at: at,
        expires_at: expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actorForUser(user, ip), {
      action: 'create',
      entityType: 'password_reset',
      entityId: reset.id,
      organisationId: user.organisation_id,
      summary: 'Asked for a password reset link',
      after: { expires_at: expiresAt },
    });
    const text = passwordResetText(user.display_name, `${this.#config.baseUrl}/password-reset/${secret}`, expiresAt);
    await enqueue(trx, [
      {
        ...text,
        key: `password-reset:${reset.id}`,
        partnershipId: user.partnership_id,
        userId: user.id,
        recipient: user.email,
      },
    ]);
  }

  /** Emails a reset link when the address belongs to an active account; says nothing either way. */
  async request(rawEmail: string, ip: string): Promise<void> {
    const email = rawEmail.trim().toLowerCase();
    if (!email) throw new ValidationError({ email: 'Enter your email address' });
    if (!EMAIL_PATTERN.test(email))
      throw new ValidationError({ email: 'Enter an email address in the correct format, like name@example.com' });
    await this.#throttle(email, ip);
    await this.#db.transaction().execute(async (trx) => {
      await trx.insertInto('password_reset_requests').values({ email, ip, at: nowIso() }).execute();
      const user = await repo.findUserByEmail(trx, email);
      if (user?.status === 'active') await this.#issue(trx, user, ip);
    });
  }

  async userFor(token: string): Promise<User | null> {
    return (await findReset(this.#db, token))?.user ?? null;
  }

  /** Sets the new password, uses up the link and ends every session of the user; NotFoundError when the link no longer works. */
  async reset(token: string, password: string, confirmation: string, ip: string | null): Promise<User> {
    const fields = newPasswordProblems(password, confirmation, 'new password');
    if (!(await findReset(this.#db, token))) throw new NotFoundError('Password reset');
    if (Object.keys(fields).length) throw new ValidationError(fields);
    const passwordHash = await hashPassword(password);
    return this.#db.transaction().execute(async (trx) => {
      const found = await findReset(trx, token);
      if (!found) throw new NotFoundError('Password reset');
      const at = nowIso();
      const used = await trx
        .updateTable('password_resets')
        .set({ used_at: at })
        .where('id', '=', found.reset.id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (Number(used.numUpdatedRows) !== 1) throw new NotFoundError('Password reset');
      const user = await repo.updateUser(trx, found.user.partnership_id, found.user.id, {
        password_hash: passwordHash,
        updated_at: at,
        // Whoever holds the mailbox may sign in again: earlier failed sign-ins stop counting.
        sign_in_unlocked_at: at,
      });
      const ended = await trx.deleteFrom('sessions').where('user_id', '=', user.id).executeTakeFirst();
      await recordAudit(trx, actorForUser(user, ip), {
        action: 'update',
        entityType: 'user',
        entityId: user.id,
        organisationId: user.organisation_id,
        summary: 'Reset their password with an emailed link',
        after: { sessions_ended: Number(ended.numDeletedRows) },
      });
      return user;
    });
  }
}

export const createPasswordResetService = (db: Db, config: Pick<Config, 'baseUrl' | 'signIn'>): PasswordResetService =>
  new PasswordResetService(db, config);

/** Forgets reset requests once they no longer count for throttling, and links a day after they ended. */
export async function purgePasswordResets(db: Db, now = Date.now()): Promise<void> {
  const dayAgo = new Date(now - LOOKBACK_MS).toISOString();
  await db.deleteFrom('password_reset_requests').where('at', '<', dayAgo).execute();
  await db.deleteFrom('password_resets').where('expires_at', '<', dayAgo).execute();
}
