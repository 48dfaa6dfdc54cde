import { Router, type Response } from 'express';
import type { Config } from '../../config.ts';
import { NotFoundError, TooManyRequestsError, ValidationError } from '../../lib/errors.ts';
import { flash, formField, renderPage } from '../../web/render.ts';
import { route, type SignedInRequest } from '../../web/route.ts';
import type { Services } from '../../services.ts';

const VIEWS = 'accounts/views/account';

const tokenId = (value: unknown): number => {
  const id = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : 0;
  if (id <= 0) throw new NotFoundError('API token');
  return id;
};

/** /account: the signed-in user's own details, password and API tokens. */
export function accountPageRoutes(services: Services, config: Config): Router {
  const router = Router();

  const showAccount = async (req: SignedInRequest, res: Response, locals: Record<string, unknown> = {}) => {
    const [profile, tokens] = await Promise.all([
      services.account.profile(req.actor),
      services.tokens.listOwn(req.actor),
    ]);
    renderPage(res, `${VIEWS}/index.njk`, 'Your account', {
      profile,
      tokens,
      columnClass: 'govuk-grid-column-full',
      ...locals,
    });
  };

  router.get(
    '/account',
    route('account:manage-own', (req, res) => showAccount(req, res)),
  );

  router.get(
    '/account/password',
    route('account:manage-own', async (req, res) => {
      const profile = await services.account.profile(req.actor);
      renderPage(res, `${VIEWS}/password.njk`, 'Change your password', { profile, backLink: '/account' });
    }),
  );

  router.post(
    '/account/password',
    route('account:manage-own', async (req, res) => {
      const input = {
        currentPassword: formField(req.body, 'currentPassword'),
        newPassword: formField(req.body, 'newPassword'),
        confirmPassword: formField(req.body, 'confirmPassword'),
      };
      try {
        await services.passwords.changeOwn(req.actor, input);
      } catch (err) {
        const profile = await services.account.profile(req.actor);
        const show = (status: number, errors: Record<string, string>) =>
          renderPage(res.status(status), `${VIEWS}/password.njk`, 'Change your password', {
            profile,
            errors,
            backLink: '/account',
          });
        if (err instanceof ValidationError) return show(400, err.fields);
        if (err instanceof TooManyRequestsError) {
          res.set('Retry-After', String(err.retryAfterSeconds));
          return show(429, { currentPassword: err.message });
        }
        throw err;
      }
      flash(req, 'Use your new password next time you sign in.', 'Your password has been changed');
      res.redirect(303, '/account');
    }),
  );

  router.post(
    '/account/tokens',
    route('account:manage-own', async (req, res) => {
      const name = formField(req.body, 'name');
      try {
        const { token, secret } = await services.tokens.createOwn(req.actor, name);
        // The secret exists only in this response: it is never stored, so it cannot be shown again.
        res.set('Cache-Control', 'no-store');
        renderPage(res, `${VIEWS}/token-created.njk`, 'Copy your new API token', {
          token,
          secret,
          apiUrl: `${config.baseUrl}/api/v1`,
        });
      } catch (err) {
        if (err instanceof ValidationError)
          return showAccount(req, res.status(400), { errors: err.fields, tokenName: name });
        throw err;
      }
    }),
  );

  router.get(
    '/account/tokens/:id/revoke',
    route('account:manage-own', async (req, res) => {
      const id = tokenId(req.params.id);
      const token = (await services.tokens.listOwn(req.actor)).find((t) => t.id === id);
      if (!token) throw new NotFoundError('API token');
      if (token.revoked_at) return res.redirect(303, '/account');
      renderPage(res, `${VIEWS}/revoke-token.njk`, `Revoke the API token “${token.name}”`, {
        token,
        backLink: '/account',
      });
    }),
  );

  router.post(
    '/account/tokens/:id/revoke',
    route('account:manage-own', async (req, res) => {
      const id = tokenId(req.params.id);
      const token = (await services.tokens.listOwn(req.actor)).find((t) => t.id === id);
      await services.tokens.revokeOwn(req.actor, id);
      flash(req, 'Anything that uses it can no longer reach the API.', `API token “${token?.name ?? id}” revoked`);
      res.redirect(303, '/account');
    }),
  );

  return router;
}
