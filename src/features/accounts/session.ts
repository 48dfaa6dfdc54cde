import type { Request } from 'express';
import type { User } from '../../db/schema.ts';
import { safeReturnTo } from '../../web/kit/render.ts';

/** Starts a fresh session for the user: a new session id defeats session fixation. */
export function startSession(req: Request, user: User): Promise<string> {
  const returnTo = safeReturnTo(req.session.returnTo);
  return new Promise((resolve, reject) => {
    req.session.regenerate((err) => {
      if (err) return reject(err);
      req.session.userId = user.id;
      saveSession(req).then(() => resolve(returnTo), reject);
    });
  });
}

/**
 * Saves the session now. Before a redirect whose next request needs what was just put in the
 * session: express-session sends the redirect's headers before its own save has finished, and a
 * quick identity provider can send the browser back first (a CI run on PostgreSQL saw "Your
 * sign-in has expired" that way).
 */
export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}
