import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database, User } from '../../db/schema.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { type Actor, requireCapability } from '../../auth/actor.ts';
import { issueInvite, type IssuedInvite } from './invite-service.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import * as repo from './repository.ts';
import { revokeUserTokens } from './token-service.ts';
import { can, isRole, ROLE_CAPABILITIES, ROLE_CODES, type Role } from '../../auth/roles.ts';

/** What the invite form and `users create` send: raw text, checked here. */
export interface UserDetailsInput {
  name: string;
  email: string;
  role: string;
  organisation: string;
}
export interface AccessInput {
  role: string;
  organisation: string;
}
export type UserWithOrganisation = User & { organisation_name: string | null };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Every organisation-bound role needs an organisation to be limited to.
const NEEDS_ORGANISATION = new Set<Role>(ROLE_CODES.filter((r) => ROLE_CAPABILITIES[r].has('workforce:submit-own')));

/** What the audit log keeps of a user: never the password hash. */
const snapshot = (u: User) => ({
  id: u.id,
  email: u.email,
  display_name: u.display_name,
  role: u.role,
  organisation_id: u.organisation_id,
  status: u.status,
});

/**
 * Whether the actor may give a role, or manage a user who holds it: a role that works across
 * partnerships (a system administrator's) only by someone who holds that power themselves.
 */
export function canGrant(actor: Actor, role: string): boolean {
  return (
    isRole(role) &&
    can(actor.role, 'users:manage') &&
    (!ROLE_CAPABILITIES[role].has('partnerships:manage') || can(actor.role, 'partnerships:manage'))
  );
}

export function grantableRoles(actor: Actor): Role[] {
  return ROLE_CODES.filter((r) => canGrant(actor, r));
}

/** People's accounts in a partnership: listing, creating, inviting, changing role and status, unlocking. */
export class UsersService {
  readonly #db: Kysely<Database>;
  readonly #config: Pick<Config, 'baseUrl' | 'inviteValidDays'>;

  constructor(db: Kysely<Database>, config: Pick<Config, 'baseUrl' | 'inviteValidDays'>) {
    this.#db = db;
    this.#config = config;
  }

  async #checkAccess(actor: Actor, input: AccessInput, fields: Record<string, string>) {
    const role = isRole(input.role) ? input.role : null;
    if (!role) fields.role = 'Select a role';
    else if (!canGrant(actor, role))
      fields.role = 'Only a system administrator can make someone a system administrator';
    let organisationId: number | null = null;
    if (input.organisation) {
      const options = await repo.listOrganisationOptions(this.#db, actor.partnershipId);
      const found = options.find((o) => String(o.id) === input.organisation.trim());
      if (found) organisationId = found.id;
      else fields.organisation = 'Select an organisation from the list';
    } else if (role && NEEDS_ORGANISATION.has(role)) {
      fields.organisation = 'Select the organisation this partner data lead works for';
    }
    return { role, organisationId };
  }

  async #checkDetails(actor: Actor, input: UserDetailsInput) {
    const fields: Record<string, string> = {};
    const name = input.name.trim();
    const email = input.email.trim().toLowerCase();
    if (!name) fields.name = 'Enter their full name';
    else if (name.length > 120) fields.name = 'Full name must be 120 characters or fewer';
    if (!email) fields.email = 'Enter their email address';
    else if (email.length > 254 || !EMAIL.test(email))
      fields.email = 'Enter an email address in the correct format, like name@example.com';
    else if (await repo.findUserByEmail(this.#db, email))
      fields.email = 'Someone already has an account with this email address';
    const { role, organisationId } = await this.#checkAccess(actor, input, fields);
    if (Object.keys(fields).length || !role) throw new ValidationError(fields);
    return { name, email, role, organisationId };
  }

  /** The user, within the actor's partnership and reach, or NotFound / Forbidden. */
  async #target(actor: Actor, id: number): Promise<User> {
    requireCapability(actor, 'users:manage');
    const user = await repo.findUserInPartnership(this.#db, actor.partnershipId, id);
    if (!user) throw new NotFoundError('User');
    if (!canGrant(actor, user.role))
      throw new ForbiddenError('Only a system administrator can change a system administrator’s account');
    return user;
  }

  async #setStatus(actor: Actor, user: User, status: User['status'], summary: string): Promise<User> {
    return this.#db.transaction().execute(async (trx) => {
      const at = nowIso();
      const updated = await repo.updateUser(trx, actor.partnershipId, user.id, { status, updated_at: at });
      let revoked = 0;
      if (status === 'deactivated') {
        await repo.expireUnusedInvites(trx, actor.partnershipId, user.id, at);
        revoked = await revokeUserTokens(trx, user.id, at);
      }
      await recordAudit(trx, actor, {
        action: 'update',
        entityType: 'user',
        entityId: user.id,
        organisationId: user.organisation_id,
        summary: revoked ? `${summary}; revoked ${revoked} API token${revoked === 1 ? '' : 's'}` : summary,
        before: snapshot(user),
        after: snapshot(updated),
      });
      return updated;
    });
  }

  /**
   * Adds a user. With a password (command line only) the account is active at once;
   * without, it is 'invited' and comes with a one-time invite link.
   */
  async create(
    actor: Actor,
    input: UserDetailsInput,
    password?: string,
  ): Promise<{ user: User; invite: IssuedInvite | null }> {
    requireCapability(actor, 'users:manage');
    const details = await this.#checkDetails(actor, input);
    const problem = password === undefined ? null : passwordProblem(password);
    if (problem) throw new ValidationError({ password: problem });
    const passwordHash = password === undefined ? null : await hashPassword(password);
    return this.#db.transaction().execute(async (trx) => {
      const at = nowIso();
      const user = await repo.insertUser(trx, {
        partnership_id: actor.partnershipId,
        email: details.email,
        display_name: details.name,
        role: details.role,
        organisation_id: details.organisationId,
        password_hash: passwordHash,
        oidc_subject: null,
        status: passwordHash ? 'active' : 'invited',
        created_at: at,
        updated_at: at,
        last_sign_in_at: null,
      });
      await recordAudit(trx, actor, {
        action: 'create',
        entityType: 'user',
        entityId: user.id,
        organisationId: user.organisation_id,
        summary: `${passwordHash ? 'Created' : 'Invited'} ${user.display_name} <${user.email}>`,
        after: snapshot(user),
      });
      return { user, invite: passwordHash ? null : await issueInvite(trx, actor, user, this.#config) };
    });
  }

  /** The user to deactivate, for the confirmation page: never yourself. */
  async toDeactivate(actor: Actor, id: number): Promise<User> {
    const user = await this.#target(actor, id);
    if (user.id === actor.userId) throw new ForbiddenError('You cannot deactivate your own account');
    return user;
  }

  /** The user to change, for the change page: only within the actor's reach. */
  toChange(actor: Actor, id: number): Promise<User> {
    return this.#target(actor, id);
  }

  async list(actor: Actor): Promise<UserWithOrganisation[]> {
    requireCapability(actor, 'users:manage');
    return repo.listUsers(this.#db, actor.partnershipId);
  }

  async organisations(actor: Actor): Promise<{ id: number; name: string }[]> {
    requireCapability(actor, 'users:manage');
    return repo.listOrganisationOptions(this.#db, actor.partnershipId);
  }

  async get(actor: Actor, id: number): Promise<UserWithOrganisation> {
    requireCapability(actor, 'users:manage');
    const user = await repo.findUserInPartnership(this.#db, actor.partnershipId, id);
    if (!user) throw new NotFoundError('User');
    const organisation = (await repo.listOrganisationOptions(this.#db, actor.partnershipId)).find(
      (o) => o.id === user.organisation_id,
    );
    return { ...user, organisation_name: organisation?.name ?? null };
  }

  /** For the command line, which acts in the user's own partnership. */
  userByEmail(email: string): Promise<User | undefined> {
    return repo.findUserByEmail(this.#db, email);
  }

  async invite(actor: Actor, input: UserDetailsInput): Promise<{ user: User; invite: IssuedInvite }> {
    const { user, invite } = await this.create(actor, input);
    if (!invite) throw new Error('An account made without a password comes with an invite');
    return { user, invite };
  }

  /** Changes role and organisation. Nobody changes their own role: another administrator must. */
  async changeAccess(actor: Actor, id: number, input: AccessInput): Promise<User> {
    const user = await this.#target(actor, id);
    const fields: Record<string, string> = {};
    if (user.id === actor.userId && input.role !== user.role)
      fields.role = 'You cannot change your own role. Ask another administrator to do it.';
    const { role, organisationId } = await this.#checkAccess(actor, input, fields);
    if (Object.keys(fields).length || !role) throw new ValidationError(fields);
    if (role === user.role && organisationId === user.organisation_id) return user;
    return this.#db.transaction().execute(async (trx) => {
      const updated = await repo.updateUser(trx, actor.partnershipId, id, {
        role,
        organisation_id: organisationId,
        updated_at: nowIso(),
      });
      await recordAudit(trx, actor, {
        action: 'update',
        entityType: 'user',
        entityId: id,
        organisationId: updated.organisation_id,
        summary: `Changed the role or organisation of ${user.email}`,
        before: snapshot(user),
        after: snapshot(updated),
      });
      return updated;
    });
  }

  async deactivate(actor: Actor, id: number): Promise<User> {
    const user = await this.toDeactivate(actor, id);
    if (user.status === 'deactivated') return user;
    return this.#setStatus(actor, user, 'deactivated', `Deactivated ${user.email}`);
  }

  /** Someone who never set a password goes back to 'invited', ready for a new link. */
  async reactivate(actor: Actor, id: number): Promise<User> {
    const user = await this.#target(actor, id);
    if (user.status !== 'deactivated') return user;
    const status = user.password_hash || user.oidc_subject ? 'active' : 'invited';
    return this.#setStatus(actor, user, status, `Reactivated ${user.email}`);
  }

  async newInvite(actor: Actor, id: number): Promise<{ user: User; invite: IssuedInvite }> {
    const user = await this.#target(actor, id);
    if (user.status !== 'invited')
      throw new ForbiddenError('Only someone who has not yet set a password can be given an invite link');
    return { user, invite: await this.#db.transaction().execute((trx) => issueInvite(trx, actor, user, this.#config)) };
  }
}

export const createUsersService = (
  db: Kysely<Database>,
  config: Pick<Config, 'baseUrl' | 'inviteValidDays'>,
): UsersService => new UsersService(db, config);
