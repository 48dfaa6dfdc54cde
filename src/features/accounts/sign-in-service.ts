import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database, User } from '../../db/schema.ts';
import { TooManyRequestsError, ValidationError } from '../../lib/errors.ts';
import { minutesAgoIso, nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../../auth/actor.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import * as repo from './repository.ts';
import { isRole } from '../../auth/roles.ts';

const GENERIC_FAILURE = 'Enter a correct email address and password';
// Addresses see a looser limit than accounts, so one office behind a single address is not locked out.
const IP_FAILURE_FACTOR = 4;

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

export function createSignInService(db: Kysely<Database>, config: Config) {
  const { maxFailures, windowMinutes } = config.signIn;

  async function throttle(email: string, ip: string): Promise<void> {
    const since = minutesAgoIso(windowMinutes);
    const { byEmail, byIp } = await repo.countRecentFailures(db, email, ip, since);
    if (byEmail < maxFailures && byIp < maxFailures * IP_FAILURE_FACTOR) return;
    const oldest = await repo.oldestRecentFailure(db, email, since);
    const unlockAt = oldest ? Date.parse(oldest) + windowMinutes * 60_000 : Date.now() + windowMinutes * 60_000;
    const minutes = Math.max(1, Math.ceil((unlockAt - Date.now()) / 60_000));
    throw new TooManyRequestsError(
      `Too many failed attempts to sign in. Wait ${minutes} minute${minutes === 1 ? '' : 's'}, then try again, or ask your administrator to reset your password.`,
      minutes * 60,
    );
  }

  async function fail(email: string, ip: string, user: User | undefined, reason: string): Promise<never> {
    await repo.recordSignInAttempt(db, {
      partnershipId: user?.partnership_id ?? null,
      email,
      ip,
      at: nowIso(),
      succeeded: false,
    });
    if (user) {
      await recordAudit(db, actorForUser(user, ip), {
        action: 'sign-in-failed',
        entityType: 'user',
        entityId: user.id,
        summary: `Failed sign-in: ${reason}`,
      });
    }
    throw new ValidationError({ email: GENERIC_FAILURE });
  }

  return {
    /** Checks email and password; returns the user on success. Throttles repeated failures. */
    async signIn(rawEmail: string, password: string, ip: string): Promise<User> {
      const email = rawEmail.trim().toLowerCase();
      const fields: Record<string, string> = {};
      if (!email) fields.email = 'Enter your email address';
      if (!password) fields.password = 'Enter your password';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      await throttle(email, ip);
      const user = await repo.findUserByEmail(db, email);
      const ok = await verifyPassword(password, user?.password_hash ?? (await decoy()));
      if (!user || !user.password_hash || !ok) return fail(email, ip, user, 'wrong password');
      if (user.status !== 'active') return fail(email, ip, user, `account ${user.status}`);
      const at = nowIso();
      await repo.recordSignInAttempt(db, { partnershipId: user.partnership_id, email, ip, at, succeeded: true });
      await repo.updateUser(db, user.partnership_id, user.id, { last_sign_in_at: at });
      await recordAudit(db, actorForUser(user, ip), {
        action: 'sign-in',
        entityType: 'user',
        entityId: user.id,
        summary: 'Signed in with password',
      });
      return user;
    },

    /** Single sign-on: links the provider's subject to an active account with the same verified email. */
    async signInWithOidc(claims: { sub: string; email?: string; email_verified?: boolean }, ip: string): Promise<User> {
      let user = await repo.findUserByOidcSubject(db, claims.sub);
      if (!user && claims.email && claims.email_verified !== false) {
        const byEmail = await repo.findUserByEmail(db, claims.email);
        if (byEmail && !byEmail.oidc_subject) {
          user = await repo.updateUser(db, byEmail.partnership_id, byEmail.id, {
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
      user = await repo.updateUser(db, user.partnership_id, user.id, changes);
      await recordAudit(db, actorForUser(user, ip), {
        action: 'sign-in',
        entityType: 'user',
        entityId: user.id,
        summary: 'Signed in with single sign-on',
      });
      return user;
    },

    async recordSignOut(actor: Actor): Promise<void> {
      await recordAudit(db, actor, {
        action: 'sign-out',
        entityType: 'user',
        entityId: actor.userId,
        summary: 'Signed out',
      });
    },

    /** The actor for a session, or null when the account is gone or deactivated. */
    async actorForSession(
      userId: number,
      ip: string | null,
      activePartnershipId?: number,
    ): Promise<{ actor: Actor; user: User } | null> {
      const user = await repo.findUserById(db, userId);
      if (!user || user.status !== 'active') return null;
      return { actor: actorForUser(user, ip, activePartnershipId), user };
    },
  };
}

export type SignInService = ReturnType<typeof createSignInService>;
