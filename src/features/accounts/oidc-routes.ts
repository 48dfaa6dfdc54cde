import type { Response } from 'express';
import type { OidcConfig } from '../../config.ts';
import { ValidationError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Services } from '../../services.ts';
import { definePage, type Page } from '../../web/kit/page.ts';
import { renderPage, safeReturnTo } from '../../web/kit/render.ts';
import { createOidcClient, OidcRejectedError, OidcUnavailableError } from './oidc.ts';
import { accountPaths as paths } from './paths.ts';
import { saveSession, startSession } from './session.ts';

const FAILURES = {
  unavailable: {
    status: 503,
    title: 'Single sign-on is not available at the moment',
    message:
      'Your organisation’s sign-in service cannot be reached. Try again in a few minutes, or sign in with your email address and password.',
  },
  expired: {
    status: 400,
    title: 'Your sign-in has expired',
    message: 'The sign-in took too long, was started in another browser or tab, or was already used. Start again.',
  },
  rejected: {
    status: 400,
    title: 'You could not be signed in',
    message:
      'Your organisation’s sign-in service did not sign you in, or its answer could not be checked. Start again. If this keeps happening, contact your partnership administrator.',
  },
} as const;

function showFailure(res: Response, kind: keyof typeof FAILURES, message?: string): void {
  const failure = FAILURES[kind];
  renderPage(res.status(failure.status), 'accounts/views/oidc-error.njk', failure.title, {
    message: message ?? failure.message,
  });
}

/** /sign-in/oidc and its callback: single sign-on with the partnership's OpenID Connect provider. */
export function oidcPages(services: Services, oidc: OidcConfig, logger: Logger): Page[] {
  const sso = createOidcClient(oidc);

  const start = definePage({
    path: paths.signInOidc,
    access: 'public',
    handle: async ({ req, res }) => {
      if (req.actor) return res.redirect(303, '/');
      try {
        const { url, checks } = await sso.start();
        req.session.oidc = { ...checks, returnTo: safeReturnTo(req.session.returnTo) };
        await saveSession(req);
        res.redirect(303, url.href);
      } catch (err) {
        if (!(err instanceof OidcUnavailableError)) throw err;
        logger.warn({ err }, 'single sign-on provider unavailable');
        showFailure(res, 'unavailable');
      }
    },
  });

  /** Not a form: the provider's answer. An account that is not set up here is a ValidationError from the service. */
  const callback = definePage({
    path: paths.oidcCallback,
    access: 'public',
    handle: async ({ req, res }) => {
      const checks = req.session.oidc;
      // Each sign-in's state, nonce and verifier are used once.
      delete req.session.oidc;
      if (!checks) return showFailure(res, 'expired');
      const search = new URL(req.originalUrl, 'http://callback.invalid').search;
      try {
        const claims = await sso.finish(search, checks);
        const user = await services.signIn.signInWithOidc(claims, req.ip ?? 'unknown');
        req.session.returnTo = checks.returnTo;
        res.redirect(303, await startSession(req, user));
      } catch (err) {
        if (err instanceof ValidationError)
          return renderPage(res.status(403), 'accounts/views/oidc-error.njk', 'Your account is not set up', {
            message: err.fields.oidc ?? err.message,
          });
        if (err instanceof OidcUnavailableError) {
          logger.warn({ err }, 'single sign-on provider unavailable');
          return showFailure(res, 'unavailable');
        }
        if (err instanceof OidcRejectedError) {
          logger.warn({ err }, 'single sign-on response rejected');
          return showFailure(res, err.stateMismatch ? 'expired' : 'rejected');
        }
        throw err;
      }
    },
  });

  return [start, callback];
}
