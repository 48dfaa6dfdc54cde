import { z } from 'zod';
import type { Config } from '../../config.ts';
import { NotFoundError } from '../../lib/errors.ts';
import type { Services } from '../../services.ts';
import { definePage, formText, type Page } from '../../web/kit/page.ts';
import { accountPaths as paths } from './paths.ts';
import { startSession } from './session.ts';

const VIEWS = 'accounts/views/users';

/** Public pages where an invited person sets their password from their one-time link. */
export function invitePages(services: Services, config: Config): Page[] {
  const invite = definePage({
    path: paths.invite,
    access: 'public',
    params: z.object({ token: z.string() }),
    form: z.object({ password: formText, 'confirm-password': formText }),
    load: async ({ params, res }) => {
      res.set('Cache-Control', 'no-store');
      const invited = await services.invites.userFor(params.token);
      if (!invited) throw new NotFoundError('Invite');
      return invited;
    },
    view: (invited, { params }) => ({
      template: `${VIEWS}/set-password.njk`,
      title: 'Set your password',
      locals: { invited, action: paths.invite({ token: params.token }) },
    }),
    submit: async ({ params, form, req, res }) => {
      res.set('Cache-Control', 'no-store');
      const user = await services.invites.accept(params.token, form.password, form['confirm-password'], req.ip ?? null);
      await startSession(req, user);
      return {
        redirect: '/',
        flash: 'Your password is set and you are signed in.',
        heading: 'Welcome to One Workforce',
      };
    },
    notFound: () => ({
      template: `${VIEWS}/invite-invalid.njk`,
      title: 'This invite link does not work',
      locals: { validDays: config.inviteValidDays },
    }),
  });
  return [invite];
}
