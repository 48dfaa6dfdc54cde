import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { NotFoundError, TooManyRequestsError, ValidationError } from '../../lib/errors.ts';
import { minutesAgoIso, nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { type Actor, requireCapability } from '../../auth/actor.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

const FAILED = 'password-change-failed';
const MAX_FAILURES = 5;
const WINDOW_MINUTES = 15;

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** Checks the form in field order, so the error summary lists problems as the form shows them. */
function formProblems(input: PasswordChange): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!input.currentPassword) fields.currentPassword = 'Enter your current password';
  const problem = input.newPassword ? passwordProblem(input.newPassword) : 'Enter a new password';
  if (problem) fields.newPassword = problem;
  if (!input.confirmPassword) fields.confirmPassword = 'Enter your new password again';
  else if (input.newPassword && input.confirmPassword !== input.newPassword)
    fields.confirmPassword = 'The passwords do not match';
  return fields;
}

export function createPasswordService(db: Kysely<Database>) {
  return {
    /** Changes the signed-in user's own password, after checking their current one. */
    async changeOwn(actor: Actor, input: PasswordChange): Promise<void> {
      requireCapability(actor, 'account:manage-own');
      const fields = formProblems(input);
      if (Object.keys(fields).length) throw new ValidationError(fields);
      const user = await db
        .selectFrom('users')
        .select(['id', 'password_hash'])
        .where('id', '=', actor.userId ?? -1)
        .executeTakeFirst();
      if (!user?.password_hash) throw new NotFoundError('Password');
      // Guessing the current password is guessing a password: limit it as sign-in is limited.
      const recent = await db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('actor_user_id', '=', user.id)
        .where('action', '=', FAILED)
        .where('at', '>=', minutesAgoIso(WINDOW_MINUTES))
        .executeTakeFirstOrThrow();
      if (Number(recent.n) >= MAX_FAILURES) {
        throw new TooManyRequestsError(
          `Too many wrong passwords. Wait ${WINDOW_MINUTES} minutes, then try again.`,
          WINDOW_MINUTES * 60,
        );
      }
      if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
        await recordAudit(db, actor, {
          action: FAILED,
          entityType: 'user',
          entityId: user.id,
          summary: 'Failed to change password: wrong current password',
        });
        throw new ValidationError({ currentPassword: 'Your current password is not correct' });
      }
      if (input.newPassword === input.currentPassword)
        throw new ValidationError({ newPassword: 'Your new password must be different from your current password' });
      const hash = await hashPassword(input.newPassword);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ password_hash: hash, updated_at: nowIso() })
          .where('id', '=', user.id)
          .execute();
        await recordAudit(trx, actor, {
          action: 'update',
          entityType: 'user',
          entityId: user.id,
          summary: 'Changed their password',
        });
      });
    },
  };
}

export type PasswordService = ReturnType<typeof createPasswordService>;
