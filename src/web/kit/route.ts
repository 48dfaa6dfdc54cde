import type { NextFunction, Request, Response } from 'express';
import type { Actor } from '../../auth/actor.ts';
import { can, type Capability } from '../../auth/roles.ts';
import { ForbiddenError, UnauthenticatedError } from '../../lib/errors.ts';

export type SignedInRequest = Request & { actor: Actor };
type Handler = (req: SignedInRequest, res: Response) => Promise<void> | void;

/**
 * Every signed-in route goes through here and names the capability it needs. The service
 * it calls checks again: this wrapper decides what the user is shown, the service what they may do.
 */
export function route(capability: Capability, handler: Handler) {
  const wrapped = async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (!req.actor) throw new UnauthenticatedError();
      if (!can(req.actor.role, capability)) throw new ForbiddenError();
      await handler(req as SignedInRequest, res);
    } catch (err) {
      next(err);
    }
  };
  return Object.assign(wrapped, { capability });
}

/** Pages anyone may see, signed in or not. */
export function publicRoute(handler: (req: Request, res: Response) => Promise<void> | void) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      await handler(req, res);
    } catch (err) {
      next(err);
    }
  };
}
