import type { RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';

/**
 * Synchroniser-token CSRF protection for every form (the token lives in the session).
 * The JSON API is exempt: it authenticates with bearer tokens, never cookies.
 */
export function csrfMiddleware(): RequestHandler {
  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    // Multipart bodies (file uploads) are not parsed before this check: their forms put the
    // token in the action's query string instead (see src/web/kit/upload.ts).
    getTokenFromRequest: (req) =>
      (req.is('multipart/form-data') ? req.query._csrf : (req.body as Record<string, unknown> | undefined)?._csrf) as
        string | undefined,
  });
  return (req, res, next) => {
    if (req.path.startsWith('/api/')) return next();
    res.locals.csrfToken = generateToken(req);
    csrfSynchronisedProtection(req, res, next);
  };
}
