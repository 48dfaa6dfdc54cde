import { Router, type Request, type Response } from 'express';
import type { Config } from '../../config.ts';
import type { User } from '../../db/schema.ts';
import { TooManyRequestsError, ValidationError } from '../../lib/errors.ts';
import { formField, renderPage, safeReturnTo } from '../../web/render.ts';
import { publicRoute, route } from '../../web/route.ts';
import type { Services } from '../../services.ts';

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

export function accountRoutes(services: Services, config: Config): Router {
  const router = Router();
  const oidcLabel = config.oidc?.label;

  const showSignIn = (res: Response, locals: Record<string, unknown> = {}) =>
    renderPage(res, 'accounts/views/sign-in.njk', 'Sign in', { oidcLabel, ...locals });

  router.get(
    '/sign-in',
    publicRoute((req, res) => {
      if (req.actor) return res.redirect(303, '/');
      showSignIn(res);
    }),
  );

  router.post(
    '/sign-in',
    publicRoute(async (req, res) => {
      const email = formField(req.body, 'email');
      try {
        const user = await services.signIn.signIn(email, formField(req.body, 'password'), req.ip ?? 'unknown');
        res.redirect(303, await startSession(req, user));
      } catch (err) {
        if (err instanceof ValidationError) return showSignIn(res.status(400), { errors: err.fields, email });
        if (err instanceof TooManyRequestsError) {
          res.set('Retry-After', String(err.retryAfterSeconds));
          return showSignIn(res.status(429), { errors: { email: err.message }, email });
        }
        throw err;
      }
    }),
  );

  router.post(
    '/sign-out',
    route('home:view', async (req, res) => {
      await services.signIn.recordSignOut(req.actor);
      await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
      res.clearCookie('ow.sid');
      res.redirect(303, '/signed-out');
    }),
  );

  router.get(
    '/signed-out',
    publicRoute((_req, res) => renderPage(res, 'accounts/views/signed-out.njk', 'You have signed out')),
  );

  return router;
}
