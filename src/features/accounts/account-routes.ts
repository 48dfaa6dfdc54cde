import { z } from 'zod';
import type { Config } from '../../config.ts';
import { NotFoundError } from '../../lib/errors.ts';
import type { Services } from '../../services.ts';
import { definePage, formChoices, formText, idParam, type Page, type PageContext } from '../../web/kit/page.ts';
import { formField } from '../../web/kit/render.ts';
import { accountPaths as paths } from './paths.ts';

const VIEWS = 'accounts/views/account';

const loadAccount = async (services: Services, { actor }: PageContext<'account:manage-own'>) => {
  const [profile, tokens, reminders] = await Promise.all([
    services.account.profile(actor),
    services.tokens.listOwn(actor),
    services.account.reminders(actor),
  ]);
  return { profile, tokens, reminders };
};

const accountView = (data: Awaited<ReturnType<typeof loadAccount>>, tokenName = '') => ({
  template: `${VIEWS}/index.njk`,
  title: 'Your account',
  locals: {
    ...data,
    tokenName,
    columnClass: 'govuk-grid-column-full',
    reminderRows: data.reminders.map((r) => ({ key: { text: r.label }, value: { text: r.on ? 'On' : 'Off' } })),
  },
});

/** /account: the signed-in user's own details, password and API tokens. */
export function accountPages(services: Services, config: Config): Page[] {
  return [...ownDetailsPages(services), ...tokenPages(services, config)];
}

/** The account page itself, the password and the reminder choices. */
function ownDetailsPages(services: Services): Page[] {
  const account = definePage({
    path: paths.account,
    access: 'account:manage-own',
    load: (ctx) => loadAccount(services, ctx),
    view: (data) => accountView(data),
  });

  const password = definePage({
    path: paths.password,
    access: 'account:manage-own',
    form: z.object({ currentPassword: formText, newPassword: formText, confirmPassword: formText }),
    throttledField: 'currentPassword',
    load: ({ actor }) => services.account.profile(actor),
    view: (profile) => ({
      template: `${VIEWS}/password.njk`,
      title: 'Change your password',
      locals: { profile, backLink: paths.account() },
    }),
    submit: async ({ actor, form }) => {
      await services.passwords.changeOwn(actor, form);
      return {
        redirect: paths.account(),
        flash: 'Use your new password next time you sign in.',
        heading: 'Your password has been changed',
      };
    },
  });

  const reminders = definePage({
    path: paths.reminders,
    access: 'account:manage-own',
    form: z.object({ reminders: formChoices }),
    load: ({ actor }) => services.account.reminders(actor),
    view: (choices) => ({
      template: `${VIEWS}/reminders.njk`,
      title: 'Choose your email reminders',
      locals: {
        backLink: paths.account(),
        items: choices.map((c) => ({ value: c.code, text: c.label, hint: { text: c.hint }, checked: c.on })),
      },
    }),
    submit: async ({ actor, form }) => {
      await services.account.setReminders(actor, form.reminders);
      return { redirect: `${paths.account()}#reminders`, flash: 'Your reminder choices are saved' };
    },
  });

  return [account, password, reminders];
}

/** Creating and revoking the user's own API tokens. */
function tokenPages(services: Services, config: Config): Page[] {
  const createToken = definePage({
    path: paths.tokens,
    access: 'account:manage-own',
    only: 'post',
    form: z.object({ name: formText }),
    load: (ctx) => loadAccount(services, ctx),
    view: (data, _ctx, form) => accountView(data, formField(form?.values, 'name')),
    submit: async ({ actor, form, res, render }) => {
      const { token, secret } = await services.tokens.createOwn(actor, form.name);
      // The secret exists only in this response: it is never stored, so it cannot be shown again.
      res.set('Cache-Control', 'no-store');
      render(`${VIEWS}/token-created.njk`, 'Copy your new API token', {
        token,
        secret,
        apiUrl: `${config.baseUrl}/api/v1`,
      });
    },
  });

  const ownToken = async (ctx: PageContext<'account:manage-own', { id: number }>) => {
    const token = (await services.tokens.listOwn(ctx.actor)).find((t) => t.id === ctx.params.id);
    if (!token) throw new NotFoundError('API token');
    return token;
  };

  const revokeToken = definePage({
    path: paths.revokeToken,
    access: 'account:manage-own',
    params: z.object({ id: idParam }),
    load: async (ctx) => {
      const token = await ownToken(ctx);
      if (token.revoked_at) ctx.res.redirect(303, paths.account());
      return token;
    },
    view: (token) => ({
      template: `${VIEWS}/revoke-token.njk`,
      title: `Revoke the API token “${token.name}”`,
      locals: { token, backLink: paths.account() },
    }),
    submit: async (ctx) => {
      const token = await ownToken(ctx);
      await services.tokens.revokeOwn(ctx.actor, token.id);
      return {
        redirect: paths.account(),
        flash: 'Anything that uses it can no longer reach the API.',
        heading: `API token “${token.name}” revoked`,
      };
    },
  });

  return [createToken, revokeToken];
}
