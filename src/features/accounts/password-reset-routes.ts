import { z } from 'zod';
import { NotFoundError } from '../../lib/errors.ts';
import type { Services } from '../../services.ts';
import { definePage, formText, type Page } from '../../web/kit/page.ts';
import { accountPaths as paths } from './paths.ts';
import { RESET_VALID_MINUTES } from './password-reset-service.ts';

const VIEWS = 'accounts/views/password-reset';
// Anything else ("sent") is not a reset link: the request falls through to the next page.
const token = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,80}$/) });

/** The GOV.UK "Reset your password" journey: ask, check your email, follow the link, choose a password. */
export function passwordResetPages(services: Services): Page[] {
  const request = definePage({
    path: paths.passwordReset,
    access: 'public',
    form: z.object({ email: formText }),
    throttledField: 'email',
    view: () => ({
      template: `${VIEWS}/request.njk`,
      title: 'Reset your password',
      locals: { backLink: paths.signIn() },
    }),
    submit: async ({ req, form }) => {
      await services.passwordResets.request(form.email, req.ip ?? 'unknown');
      return paths.passwordResetSent();
    },
  });

  const sent = definePage({
    path: paths.passwordResetSent,
    access: 'public',
    view: () => ({
      template: `${VIEWS}/sent.njk`,
      title: 'Check your email',
      locals: { validMinutes: RESET_VALID_MINUTES },
    }),
  });

  const link = definePage({
    path: paths.passwordResetLink,
    access: 'public',
    params: token,
    form: z.object({ password: formText, 'confirm-password': formText }),
    load: async ({ params, res }) => {
      res.set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer');
      const user = await services.passwordResets.userFor(params.token);
      if (!user) throw new NotFoundError('Password reset');
      return user;
    },
    view: (user, { params }) => ({
      template: `${VIEWS}/new-password.njk`,
      title: 'Create a new password',
      locals: { user, action: paths.passwordResetLink({ token: params.token }) },
    }),
    submit: async ({ params, form, req, res }) => {
      res.set('Cache-Control', 'no-store');
      await services.passwordResets.reset(params.token, form.password, form['confirm-password'], req.ip ?? null);
      // The reset ended every stored session of the user; a fresh one keeps this browser's from being saved again.
      await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
      return {
        redirect: paths.signIn(),
        flash: 'Sign in with your email address and your new password.',
        heading: 'Your password has been reset',
      };
    },
    notFound: () => ({
      template: `${VIEWS}/invalid.njk`,
      title: 'This password reset link does not work',
      locals: { validMinutes: RESET_VALID_MINUTES },
    }),
  });

  return [request, sent, link];
}
