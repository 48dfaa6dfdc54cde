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
      req.session.save((saveErr) => (saveErr ? reject(saveErr) : resolve(returnTo)));
    });
  });
}
