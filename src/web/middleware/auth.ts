import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Actor } from '../../auth/actor.ts';
import type { Services } from '../../services.ts';
import type { Partnership, User } from '../../db/schema.ts';
import { DatabaseSessionStore } from './session-store.ts';

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

/** The session's user as read with the session (one statement), or read again where it was not. */
async function actorFor(
  services: Services,
  req: Request,
  userId: number,
): Promise<{ actor: Actor; user: User } | null> {
  const store = req.sessionStore;
  const read = store instanceof DatabaseSessionStore ? store.userOf(req.sessionID) : undefined;
  return services.signIn.actorForSession(userId, req.ip ?? null, req.session.partnershipId, read);
}

/** The actor's partnership: the one read with the session when it is the user's own, else read now. */
async function partnershipFor(
  services: Services,
  req: Request,
  partnershipId: number,
): Promise<Partnership | undefined> {
  const store = req.sessionStore;
  const read = store instanceof DatabaseSessionStore ? store.partnershipOf(req.sessionID) : undefined;
  return read?.id === partnershipId ? read : services.partnerships.get(partnershipId);
}

/** Loads the signed-in user from the session, dropping sessions of deactivated accounts. */
export function authMiddleware(services: Services): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const userId = req.session.userId;
      if (userId) {
        const found = await actorFor(services, req, userId);
        if (found) {
          req.actor = found.actor;
          req.user = found.user;
          req.partnership = await partnershipFor(services, req, found.actor.partnershipId);
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
