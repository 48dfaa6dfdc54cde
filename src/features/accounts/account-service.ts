import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { type Actor, hasCapability, requireCapability } from '../../auth/actor.ts';
import { recordAudit } from '../audit/service.ts';
import { optOutsOf, replaceOptOuts } from '../messaging/preferences.ts';
import { isReminder, REMINDER_CODES, REMINDERS, type Reminder } from '../messaging/reminders.ts';
import { ROLES, isRole } from '../../auth/roles.ts';

export interface Profile {
  name: string;
  email: string;
  roleName: string;
  organisationName: string | null;
  signsInWithSso: boolean;
  hasPassword: boolean;
}

export interface ReminderChoice {
  code: Reminder;
  label: string;
  hint: string;
  on: boolean;
}

/** The optional reminders that can reach this user: deadline reminders only reach partner data leads. */
const remindersFor = (actor: Actor): Reminder[] =>
  REMINDER_CODES.filter(
    (code) =>
      code !== 'returns-reminder' || (hasCapability(actor, 'workforce:submit-own') && actor.organisationId !== null),
  );

/** What a signed-in user can see about their own account, and which optional reminders they get. */
export function createAccountService(db: Kysely<Database>) {
  return {
    async reminders(actor: Actor): Promise<ReminderChoice[]> {
      requireCapability(actor, 'account:manage-own');
      const off = await optOutsOf(db, actor.userId ?? -1);
      return remindersFor(actor).map((code) => ({ code, ...REMINDERS[code], on: !off.includes(code) }));
    },

    /** Keeps the reminders in `on` and switches the user's other optional reminders off (audited). */
    async setReminders(actor: Actor, on: string[]): Promise<void> {
      requireCapability(actor, 'account:manage-own');
      const userId = actor.userId ?? -1;
      const chosen = new Set(on.filter(isReminder));
      const off = REMINDER_CODES.filter((code) => !chosen.has(code) && remindersFor(actor).includes(code));
      await db.transaction().execute(async (trx) => {
        const before = await optOutsOf(trx, userId);
        await replaceOptOuts(trx, { id: userId, partnershipId: actor.partnershipId }, off, nowIso());
        await recordAudit(trx, actor, {
          action: 'update',
          entityType: 'user',
          entityId: userId,
          summary: 'Changed which reminders they get by email',
          before: { reminders_off: before },
          after: { reminders_off: off },
        });
      });
    },

    async profile(actor: Actor): Promise<Profile> {
      requireCapability(actor, 'account:manage-own');
      const user = await db
        .selectFrom('users')
        .leftJoin('organisations', 'organisations.id', 'users.organisation_id')
        .select([
          'users.display_name',
          'users.email',
          'users.role',
          'users.password_hash',
          'users.oidc_subject',
          'organisations.name as organisation_name',
        ])
        .where('users.id', '=', actor.userId ?? -1)
        .executeTakeFirst();
      if (!user) throw new NotFoundError('Account');
      return {
        name: user.display_name,
        email: user.email,
        roleName: isRole(user.role) ? ROLES[user.role] : user.role,
        organisationName: user.organisation_name,
        signsInWithSso: Boolean(user.oidc_subject),
        hasPassword: Boolean(user.password_hash),
      };
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
