import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Services } from '../../services.ts';
import { defineFeature, definePage, formText, type Feature, type Page } from '../../web/kit/page.ts';
import { formField } from '../../web/kit/render.ts';
import { accountPages } from './account-routes.ts';
import { invitePages } from './invite-routes.ts';
import { oidcPages } from './oidc-routes.ts';
import { passwordResetPages } from './password-reset-routes.ts';
import { accountPaths as paths, userPaths } from './paths.ts';
import { startSession } from './session.ts';
import { usersPages } from './users-routes.ts';

function signInPages(services: Services, config: Config): Page[] {
  const signIn = definePage({
    path: paths.signIn,
    access: 'public',
    form: z.object({ email: formText, password: formText }),
    throttledField: 'email',
    load: ({ actor, res }) => {
      if (actor) res.redirect(303, '/');
    },
    view: (_data, _ctx, form) => ({
      template: 'accounts/views/sign-in.njk',
      title: 'Sign in',
      locals: { oidcLabel: config.oidc?.label, email: formField(form?.values, 'email') },
    }),
    submit: async ({ req, form }) => {
      const user = await services.signIn.signIn(form.email, form.password, req.ip ?? 'unknown');
      return startSession(req, user);
    },
  });

  const signOut = definePage({
    path: paths.signOut,
    access: 'home:view',
    submit: async ({ actor, req, res }) => {
      await services.signIn.recordSignOut(actor);
      await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
      res.clearCookie('ow.sid');
      return paths.signedOut();
    },
  });

  const signedOut = definePage({
    path: paths.signedOut,
    access: 'public',
    view: () => ({ template: 'accounts/views/signed-out.njk', title: 'You have signed out' }),
  });

  return [signIn, signOut, signedOut];
}

/** Accounts: signing in and out, your own account, invites and the users of a partnership. */
export function accountsFeature(services: Services, config: Config, logger: Logger): Feature {
  return defineFeature(
    '/',
    [
      ...signInPages(services, config),
      ...(config.oidc ? oidcPages(services, config.oidc, logger) : []),
      ...accountPages(services, config),
      ...invitePages(services, config),
      ...passwordResetPages(services),
      ...usersPages(services),
    ],
    { ...paths, users: userPaths },
  );
}
