import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import { createAccountService } from './features/accounts/account-service.ts';
import { createPasswordService } from './features/accounts/password-service.ts';
import { createSignInService } from './features/accounts/sign-in-service.ts';
import { createTokenService } from './features/accounts/token-service.ts';
import { createInviteService } from './features/accounts/invite-service.ts';
import { createUsersService } from './features/accounts/users-service.ts';
import { createAuditService } from './features/audit/service.ts';
import { createPartnershipService } from './features/partnerships/service.ts';
import { createOrganisationService } from './features/organisations/service.ts';

/** Every feature's use cases, built once over one database. */
export function createServices(db: Db, config: Config) {
  return {
    signIn: createSignInService(db.kysely, config),
    tokens: createTokenService(db.kysely),
    users: createUsersService(db.kysely, config),
    invites: createInviteService(db.kysely),
    account: createAccountService(db.kysely),
    passwords: createPasswordService(db.kysely),
    audit: createAuditService(db.kysely),
    partnerships: createPartnershipService(db.kysely),
    organisations: createOrganisationService(db.kysely),
  };
}

export type Services = ReturnType<typeof createServices>;
