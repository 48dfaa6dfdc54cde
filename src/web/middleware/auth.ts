import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Actor } from '../../auth/actor.ts';
import type { Services } from '../../services.ts';
import type { Partnership, User } from '../../db/schema.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      actor?: Actor;
      user?: User;
      partnership?: Partnership;
    }
  }
}

/** Loads the signed-in user from the session, dropping sessions of deactivated accounts. */
export function authMiddleware(services: Services): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const userId = req.session.userId;
      if (userId) {
        const found = await services.signIn.actorForSession(userId, req.ip ?? null, req.session.partnershipId);
        if (found) {
          req.actor = found.actor;
          req.user = found.user;
          req.partnership = await services.partnerships.get(found.actor.partnershipId);
          // Signed-in pages and downloads carry personal data: no browser or proxy may keep them.
          res.set('Cache-Control', 'no-store');
        } else {
          delete req.session.userId;
        }
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}
