import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database, User } from '../../db/schema.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { hashSecret, newSecret } from '../../lib/secrets.ts';
import { daysFromNowIso, nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { enqueue } from '../messaging/repository.ts';
import { invitationText, type MessageText } from '../messaging/templates.ts';
import type { Actor } from '../../auth/actor.ts';
import { hashPassword, newPasswordProblems } from './passwords.ts';
import * as repo from './repository.ts';
import { actorForUser } from './sign-in-service.ts';

export interface IssuedInvite {
  link: string;
  expiresAt: string;
}

type InviteConfig = Pick<Config, 'baseUrl' | 'inviteValidDays'>;

/**
 * Makes a one-time invite link for an invited user, ending any earlier unused ones. Only the
 * secret's hash is stored; the link is shown once and emailed (an invitation, or `text` for
 * another purpose, e.g. confirming a self-registered address). Call it inside the change's transaction.
 */
export async function issueInvite(
  trx: Kysely<Database>,
  actor: Actor,
  user: User,
  config: InviteConfig,
  text: (name: string, link: string, expiresAt: string) => MessageText = invitationText,
): Promise<IssuedInvite> {
  const at = nowIso();
  await repo.expireUnusedInvites(trx, user.partnership_id, user.id, at);
  const secret = newSecret('', 32);
  const invite = await repo.insertInvite(trx, {
    partnership_id: user.partnership_id,
    user_id: user.id,
    token_hash: hashSecret(secret),
    created_by: actor.userId,
    created_at: at,
    expires_at: daysFromNowIso(config.inviteValidDays),
    used_at: null,
  });
  await recordAudit(trx, actor, {
    action: 'create',
    entityType: 'invite',
    entityId: invite.id,
    organisationId: user.organisation_id,
    summary: `Created an invite link for ${user.email}`,
    after: { user_id: user.id, expires_at: invite.expires_at },
  });
  const link = `${config.baseUrl}/invite/${secret}`;
  // Emailed through the outbox in this transaction; the link is still shown once on screen.
  await enqueue(trx, [
    {
      ...text(user.display_name, link, invite.expires_at),
      key: `invite:${invite.id}`,
      partnershipId: user.partnership_id,
      userId: user.id,
      recipient: user.email,
    },
  ]);
  return { link, expiresAt: invite.expires_at };
}

/** Accepting an invite: the public side, where the invited person sets their password. */
export function createInviteService(db: Kysely<Database>) {
  /** The invite and its user when the link is unused, in date and the user still invited. */
  async function find(database: Kysely<Database>, token: string) {
    if (!token) return null;
    const invite = await repo.findInviteByTokenHash(database, hashSecret(token));
    if (!invite || invite.used_at || invite.expires_at <= nowIso()) return null;
    const user = await repo.findUserInPartnership(database, invite.partnership_id, invite.user_id);
    return user?.status === 'invited' ? { invite, user } : null;
  }

  return {
    async userFor(token: string): Promise<User | null> {
      return (await find(db, token))?.user ?? null;
    },

    /** Sets the password and activates the account; NotFoundError when the link no longer works. */
    async accept(token: string, password: string, confirmation: string, ip: string | null): Promise<User> {
      const fields = newPasswordProblems(password, confirmation, 'password');
      if (!(await find(db, token))) throw new NotFoundError('Invite');
      if (Object.keys(fields).length) throw new ValidationError(fields);
      const passwordHash = await hashPassword(password);
      return db.transaction().execute(async (trx) => {
        const found = await find(trx, token);
        if (!found) throw new NotFoundError('Invite');
        const at = nowIso();
        const claimed = await repo.markInviteUsed(trx, found.invite.id, at);
        if (!claimed) throw new NotFoundError('Invite');
        await repo.expireUnusedInvites(trx, found.user.partnership_id, found.user.id, at);
        const user = await repo.updateUser(trx, found.user.partnership_id, found.user.id, {
          password_hash: passwordHash,
          status: 'active',
          updated_at: at,
          last_sign_in_at: at,
        });
        await recordAudit(trx, actorForUser(user, ip), {
          action: 'update',
          entityType: 'user',
          entityId: user.id,
          organisationId: user.organisation_id,
          summary: 'Accepted an invite and set a password',
          before: { status: 'invited' },
          after: { status: 'active' },
        });
        return user;
      });
    },
  };
}

export type InviteService = ReturnType<typeof createInviteService>;
