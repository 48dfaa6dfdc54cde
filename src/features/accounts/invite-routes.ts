import { Router, type Response } from 'express';
import type { Config } from '../../config.ts';
import type { User } from '../../db/schema.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { flash, formField, renderPage } from '../../web/render.ts';
import { publicRoute } from '../../web/route.ts';
import type { Services } from '../../services.ts';
import { startSession } from './routes.ts';

const VIEWS = 'accounts/views/users';

/** Public pages where an invited person sets their password from their one-time link. */
export function inviteRoutes(services: Services, config: Config): Router {
  const router = Router();

  const showInvalid = (res: Response) =>
    renderPage(res.status(404), `${VIEWS}/invite-invalid.njk`, 'This invite link does not work', {
      validDays: config.inviteValidDays,
    });

  const showForm = (res: Response, invited: User, token: string, errors?: Record<string, string>) =>
    renderPage(res, `${VIEWS}/set-password.njk`, 'Set your password', {
      invited,
      errors,
      action: `/invite/${encodeURIComponent(token)}`,
    });

  router.get(
    '/invite/:token',
    publicRoute(async (req, res) => {
      res.set('Cache-Control', 'no-store');
      const token = String(req.params.token);
      const invited = await services.invites.userFor(token);
      if (!invited) return showInvalid(res);
      showForm(res, invited, token);
    }),
  );

  router.post(
    '/invite/:token',
    publicRoute(async (req, res) => {
      res.set('Cache-Control', 'no-store');
      const token = String(req.params.token);
      try {
        const user = await services.invites.accept(
          token,
          formField(req.body, 'password'),
          formField(req.body, 'confirm-password'),
          req.ip ?? null,
        );
        await startSession(req, user);
        flash(req, 'Your password is set and you are signed in.', 'Welcome to One Workforce');
        res.redirect(303, '/');
      } catch (err) {
        if (err instanceof NotFoundError) return showInvalid(res);
        if (err instanceof ValidationError) {
          const invited = await services.invites.userFor(token);
          if (!invited) return showInvalid(res);
          return showForm(res.status(400), invited, token, err.fields);
        }
        throw err;
      }
    }),
  );

  return router;
}
