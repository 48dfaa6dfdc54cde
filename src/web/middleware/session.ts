import type { RequestHandler } from 'express';
import session from 'express-session';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { DatabaseSessionStore } from './session-store.ts';

declare module 'express-session' {
  interface SessionData {
    userId: number;
    /** The partnership a system administrator is working in. */
    partnershipId: number;
    flash: { heading?: string; text: string };
    oidc: { state: string; nonce: string; codeVerifier: string; returnTo: string };
    returnTo: string;
  }
}

export const SESSION_COOKIE = 'ow.sid';

export function sessionMiddleware(db: Db, config: Config): RequestHandler {
  return session({
    name: SESSION_COOKIE,
    secret: config.sessionSecret,
    // The idle expiry is the store's (SESSION_MAX_AGE_MINUTES after the last request). The cookie
    // has none, so the browser drops it when it closes, and it is not signed and sent again with
    // every answer, which a rolling cookie cost (docs/adr/0042).
    store: new DatabaseSessionStore(db.kysely, config.sessionMaxAgeMinutes * 60_000),
    resave: false,
    saveUninitialized: false,
    rolling: false,
    proxy: config.secureCookies,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.secureCookies },
  });
}
