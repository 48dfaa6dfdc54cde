import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';
import type { Config } from '../../config.ts';
import { readCookie } from './cookies.ts';

const CSRF_COOKIE = 'ow.csrf';

/**
 * Synchroniser-token CSRF protection for every form. A signed-in visitor's token lives in their
 * session; a visitor with no session yet (the sign-in page, the questionnaire) gets it in a signed
 * cookie instead, so that merely looking at a page never writes a session row.
 * The JSON API is exempt: it authenticates with bearer tokens, never cookies.
 */
export function csrfMiddleware(config: Config): RequestHandler {
  const sign = (token: string) => createHmac('sha256', config.sessionSecret).update(token).digest('base64url');
  const inSession = (req: Request) => Boolean(req.session.userId || req.session.csrfToken);
  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    // Multipart bodies (file uploads) are not parsed before this check: their forms put the
    // token in the action's query string instead (see src/web/kit/upload.ts).
    getTokenFromRequest: (req) =>
      (req.is('multipart/form-data') ? req.query._csrf : (req.body as Record<string, unknown> | undefined)?._csrf) as
        string | undefined,
    getTokenFromState: (req) => {
      if (inSession(req)) return req.session.csrfToken;
      const [token, signature] = (readCookie(req, CSRF_COOKIE) ?? '').split('.');
      if (!token || !signature) return undefined;
      const expected = Buffer.from(sign(token));
      const given = Buffer.from(signature);
      return given.length === expected.length && timingSafeEqual(given, expected) ? token : undefined;
    },
    storeTokenInState: (req, token) => {
      if (inSession(req) || !token) {
        req.session.csrfToken = token;
        return;
      }
      req.res?.cookie(CSRF_COOKIE, `${token}.${sign(token)}`, {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secureCookies,
        path: '/',
      });
    },
  });
  return (req, res, next) => {
    if (req.path.startsWith('/api/')) return next();
    res.locals.csrfToken = generateToken(req);
    csrfSynchronisedProtection(req, res, next);
  };
}
