import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database, User } from '../../db/schema.ts';
import { NotFoundError, TooManyRequestsError, ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { type Actor, requireCapability } from '../../auth/actor.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import * as repo from './repository.ts';
import { isRole } from '../../auth/roles.ts';
import { accountLockedUntil, LOOKBACK_MS, lockedUntil } from './sign-in-throttle.ts';
import { attemptsByEmail, hasSignedInFrom, recentAttempts } from './sign-in-attempts.ts';

const GENERIC_FAILURE = 'Enter a correct email address and password';

// Verifying against a real hash when the account does not exist keeps response times alike.
let decoyHash: Promise<string> | undefined;
const decoy = () => (decoyHash ??= hashPassword('decoy password that never matches'));

export function actorForUser(user: User, ip: string | null, activePartnershipId?: number): Actor {
  const role = isRole(user.role) ? user.role : 'viewer';
  const partnershipId = role === 'system_admin' && activePartnershipId ? activePartnershipId : user.partnership_id;
  return {
    userId: user.id,
    partnershipId,
    role,
    organisationId: user.organisation_id,
    label: `${user.display_name} <${user.email}>`,
    ip,
  };
}

export class SignInService {
  readonly #db: Kysely<Database>;
  readonly #rules: { maxFailures: number; maxLockMinutes: number };

  constructor(db: Kysely<Database>, config: Config) {
    this.#db = db;
    this.#rules = { maxFailures: config.signIn.maxFailures, maxLockMinutes: config.signIn.windowMinutes };
  }

  async #throttle(email: string, ip: string): Promise<void> {
    const user = await repo.findUserByEmail(this.#db, email);
    const since = new Date(Math.max(Date.now() - LOOKBACK_MS, Date.parse(user?.sign_in_unlocked_at ?? '') || 0));
    const [account, address, knownAddress] = await Promise.all([
      recentAttempts(this.#db, 'email', email, since.toISOString()),
      recentAttempts(this.#db, 'ip', ip, new Date(Date.now() - LOOKBACK_MS).toISOString()),
      hasSignedInFrom(this.#db, email, ip),
    ]);
    const until = lockedUntil({ account, address, ip, knownAddress }, this.#rules);
    if (until === null) return;
    const minutes = Math.max(1, Math.ceil((until - Date.now()) / 60_000));
    throw new TooManyRequestsError(
      `Too many failed attempts to sign in. Wait ${minutes} minute${minutes === 1 ? '' : 's'}, then try again, or ask your administrator to unlock your account or reset your password.`,
      minutes * 60,
    );
  }

  async #fail(email: string, ip: string, user: User | undefined, reason: string): Promise<never> {
    await repo.recordSignInAttempt(this.#db, {
      partnershipId: user?.partnership_id ?? null,
      email,
      ip,
      at: nowIso(),
      succeeded: false,
    });
    if (user) {
      await recordAudit(this.#db, actorForUser(user, ip), {
        action: 'sign-in-failed',
        entityType: 'user',
        entityId: user.id,
        summary: `Failed sign-in: ${reason}`,
      });
    }
    throw new ValidationError({ email: GENERIC_FAILURE });
  }

  /** Checks email and password; returns the user on success. Throttles repeated failures. */
  async signIn(rawEmail: string, password: string, ip: string): Promise<User> {
    const email = rawEmail.trim().toLowerCase();
    const fields: Record<string, string> = {};
    if (!email) fields.email = 'Enter your email address';
    if (!password) fields.password = 'Enter your password';
    if (Object.keys(fields).length) throw new ValidationError(fields);
    await this.#throttle(email, ip);
    const user = await repo.findUserByEmail(this.#db, email);
    const ok = await verifyPassword(password, user?.password_hash ?? (await decoy()));
    if (!user || !user.password_hash || !ok) return this.#fail(email, ip, user, 'wrong password');
    if (user.status !== 'active') return this.#fail(email, ip, user, `account ${user.status}`);
    const at = nowIso();
    await repo.recordSignInAttempt(this.#db, { partnershipId: user.partnership_id, email, ip, at, succeeded: true });
    await repo.updateUser(this.#db, user.partnership_id, user.id, { last_sign_in_at: at });
    await recordAudit(this.#db, actorForUser(user, ip), {
      action: 'sign-in',
      entityType: 'user',
      entityId: user.id,
      summary: 'Signed in with password',
    });
    return user;
  }

  /** Single sign-on: links the provider's subject to an active account with the same verified email. */
  async signInWithOidc(claims: { sub: string; email?: string; email_verified?: boolean }, ip: string): Promise<User> {
    let user = await repo.findUserByOidcSubject(this.#db, claims.sub);
    if (!user && claims.email && claims.email_verified !== false) {
      const byEmail = await repo.findUserByEmail(this.#db, claims.email);
      if (byEmail && !byEmail.oidc_subject) {
        user = await repo.updateUser(this.#db, byEmail.partnership_id, byEmail.id, {
          oidc_subject: claims.sub,
          updated_at: nowIso(),
        });
      }
    }
    if (!user || user.status === 'deactivated') {
      throw new ValidationError({
        oidc: 'Your organisation account is not linked to an active One Workforce account. Ask your partnership administrator to invite you.',
      });
    }
    const at = nowIso();
    const changes =
      user.status === 'invited'
        ? { status: 'active' as const, last_sign_in_at: at, updated_at: at }
        : { last_sign_in_at: at };
    user = await repo.updateUser(this.#db, user.partnership_id, user.id, changes);
    await recordAudit(this.#db, actorForUser(user, ip), {
      action: 'sign-in',
      entityType: 'user',
      entityId: user.id,
      summary: 'Signed in with single sign-on',
    });
    return user;
  }

  /** For the users page: when each locked account's sign-in unlocks (ISO), by user id. */
  async locks(actor: Actor, users: Pick<User, 'id' | 'email' | 'sign_in_unlocked_at'>[]): Promise<Map<number, string>> {
    requireCapability(actor, 'users:manage');
    const since = new Date(Date.now() - LOOKBACK_MS).toISOString();
    const attempts = await attemptsByEmail(this.#db, users, since);
    const locks = new Map<number, string>();
    for (const user of users) {
      const until = accountLockedUntil(attempts.get(user.email) ?? [], this.#rules);
      if (until !== null) locks.set(user.id, new Date(until).toISOString());
    }
    return locks;
  }

  /** An administrator lets the account sign in again from everywhere: earlier failures stop counting. */
  async unlock(actor: Actor, userId: number): Promise<User> {
    requireCapability(actor, 'users:manage');
    return this.#db.transaction().execute(async (trx) => {
      const user = await repo.findUserById(trx, userId);
      if (!user || user.partnership_id !== actor.partnershipId) throw new NotFoundError('User');
      const at = nowIso();
      const updated = await repo.updateUser(trx, user.partnership_id, user.id, { sign_in_unlocked_at: at });
      await recordAudit(trx, actor, {
        action: 'update',
        entityType: 'user',
        entityId: user.id,
        organisationId: user.organisation_id,
        summary: `Unlocked sign-in for ${user.email}`,
        before: { sign_in_unlocked_at: user.sign_in_unlocked_at },
        after: { sign_in_unlocked_at: at },
      });
      return updated;
    });
  }

  async recordSignOut(actor: Actor): Promise<void> {
    await recordAudit(this.#db, actor, {
      action: 'sign-out',
      entityType: 'user',
      entityId: actor.userId,
      summary: 'Signed out',
    });
  }

  /** The actor for a session, or null when the account is gone or deactivated; `read` is the user row if already read. */
  async actorForSession(
    userId: number,
    ip: string | null,
    activePartnershipId?: number,
    read?: User,
  ): Promise<{ actor: Actor; user: User } | null> {
    const user = read?.id === userId ? read : await repo.findUserById(this.#db, userId);
    if (!user || user.status !== 'active') return null;
    return { actor: actorForUser(user, ip, activePartnershipId), user };
  }
}

export const createSignInService = (db: Kysely<Database>, config: Config): SignInService =>
  new SignInService(db, config);
