/*
 * A practitioner's record and account, made the one way whoever adds them (issue 14, "People"):
 * the practitioner row, an invited `practitioner` account, and the emailed link that sets its
 * password — an invitation when a coordinator adds them, a confirmation of their address when they
 * registered themselves. The account works only once the link has been used.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../../auth/actor.ts';
import type { Config } from '../../config.ts';
import type { Database, User } from '../../db/schema.ts';
import { formatDateTime, nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { issueInvite } from '../accounts/invite-service.ts';
import type { MessageText } from '../messaging/templates.ts';
import type { PractitionerDetails } from './registration-input.ts';
import type { PractitionerRow } from './repository.ts';

type Db = Kysely<Database>;
export type AccountConfig = Pick<Config, 'baseUrl' | 'inviteValidDays' | 'signIn'>;

/** The email a self-registered person gets: follow the link to confirm the address and choose a password. */
export function confirmAddressText(name: string, link: string, expiresAt: string): MessageText {
  return {
    template: 'training-registration',
    subject: 'Confirm your email address for One Workforce training',
    body:
      `Dear ${name},\n\nYou registered to book training with One Workforce. To confirm this is your email address ` +
      `and choose your password, open this link:\n\n${link}\n\nThe link works once and stops working on ` +
      `${formatDateTime(expiresAt)}. Until then your account does not work.\n\nOne Workforce\n` +
      'If you did not register, you can ignore this email: nothing more will happen.',
  };
}

export interface NewPractitioner {
  partnershipId: number;
  organisationId: number;
  details: PractitionerDetails;
}

/** The invited account for a new practitioner, or the existing account of that address in this partnership. */
async function accountFor(trx: Db, input: NewPractitioner, at: string): Promise<{ user: User; created: boolean }> {
  const existing = await trx
    .selectFrom('users')
    .selectAll()
    .where('email', '=', input.details.email)
    .executeTakeFirst();
  if (existing) return { user: existing, created: false };
  const user = await trx
    .insertInto('users')
    .values({
      partnership_id: input.partnershipId,
      email: input.details.email,
      display_name: input.details.name,
      role: 'practitioner',
      organisation_id: input.organisationId,
      password_hash: null,
      oidc_subject: null,
      status: 'invited',
      created_at: at,
      updated_at: at,
      last_sign_in_at: null,
      sign_in_unlocked_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { user, created: true };
}

/**
 * Adds the practitioner and their invited account, and emails the link (`confirm`: the
 * self-registration text). An address that already has an account in the partnership is linked
 * to it and sent nothing. Call it inside the transaction of the change.
 */
export async function addPractitionerAccount(
  trx: Db,
  actor: Actor | ((user: User) => Actor),
  input: NewPractitioner,
  config: AccountConfig,
  how: 'invite' | 'confirm',
): Promise<{ practitioner: PractitionerRow; invited: boolean }> {
  const at = nowIso();
  const { user, created } = await accountFor(trx, input, at);
  const who = typeof actor === 'function' ? actor(user) : actor;
  const userId = user.partnership_id === input.partnershipId ? user.id : null;
  const held = await trx
    .selectFrom('training_practitioners')
    .select('id')
    .where('partnership_id', '=', input.partnershipId)
    .where('email', '=', input.details.email)
    .executeTakeFirst();
  // Someone a coordinator added before they registered keeps that record and gains the account.
  const practitioner = held
    ? await trx
        .updateTable('training_practitioners')
        .set({ user_id: userId, updated_at: at })
        .where('id', '=', held.id)
        .returningAll()
        .executeTakeFirstOrThrow()
    : await trx
        .insertInto('training_practitioners')
        .values({
          partnership_id: input.partnershipId,
          user_id: userId,
          organisation_id: input.organisationId,
          ...input.details,
          created_at: at,
          updated_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
  await recordAudit(trx, who, {
    action: 'create',
    entityType: 'training_practitioner',
    entityId: practitioner.id,
    organisationId: input.organisationId,
    summary: `${how === 'confirm' ? 'Registered as' : 'Added'} practitioner ${practitioner.id}${held ? ' (record kept, account added)' : ''}`,
    after: {
      organisation: input.organisationId,
      job_role: practitioner.job_role,
      account: created ? 'invited' : 'existing',
    },
  });
  if (created) await issueInvite(trx, who, user, config, how === 'confirm' ? confirmAddressText : undefined);
  return { practitioner, invited: created };
}
