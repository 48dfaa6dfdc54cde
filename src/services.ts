import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import { createSignInService } from './features/accounts/sign-in-service.ts';
import { createTokenService } from './features/accounts/token-service.ts';
import { createAuditService } from './features/audit/service.ts';
import { createPartnershipService } from './features/partnerships/service.ts';

/** Every feature's use cases, built once over one database. */
export function createServices(db: Db, config: Config) {
  return {
    signIn: createSignInService(db.kysely, config),
    tokens: createTokenService(db.kysely),
    audit: createAuditService(db.kysely),
    partnerships: createPartnershipService(db.kysely),
  };
}

export type Services = ReturnType<typeof createServices>;
