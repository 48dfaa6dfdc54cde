import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { type Actor, requireCapability } from '../../auth/actor.ts';
import { ROLES, isRole } from '../../auth/roles.ts';

export interface Profile {
  name: string;
  email: string;
  roleName: string;
  organisationName: string | null;
  signsInWithSso: boolean;
  hasPassword: boolean;
}

/** What a signed-in user can see about their own account. */
export function createAccountService(db: Kysely<Database>) {
  return {
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
