import { z } from 'zod';
import { ForbiddenError } from '../../lib/errors.ts';
import type { Services } from '../../services.ts';
import { definePage, formText, idParam, type Page, type PageContext } from '../../web/kit/page.ts';
import { formField } from '../../web/kit/render.ts';
import type { Actor } from '../../auth/actor.ts';
import { userPaths as paths } from './paths.ts';
import { isRole, ROLES, type Role } from '../../auth/roles.ts';
import { canGrant, grantableRoles } from './users-service.ts';

const VIEWS = 'accounts/views/users';

const ROLE_HINTS: Record<Role, string> = {
  system_admin: 'Runs the service: every partnership, every user and every setting.',
  partnership_admin: 'Manages this partnership: users, organisations, rounds, training and the plan.',
  steering_member: 'Reads results and reports, and edits the strategy and action plan.',
  data_lead: 'Submits and sees their own organisation’s workforce returns.',
  training_coordinator: 'Manages courses, sessions, bookings and attendance.',
  training_contact: 'Books training for their own organisation’s staff and sees their records.',
  practitioner: 'Books their own training and sees their own training record.',
  viewer: 'Reads the plan, the workforce profile and reports.',
};

const byId = z.object({ id: idParam });

const roleItems = (actor: Actor, selected: string) =>
  grantableRoles(actor).map((r) => ({
    value: r,
    text: ROLES[r],
    hint: { text: ROLE_HINTS[r] },
    checked: r === selected,
  }));

const organisationItems = (organisations: { id: number; name: string }[], selected: string) => [
  { value: '', text: 'No organisation', selected: !selected },
  ...organisations.map((o) => ({ value: String(o.id), text: o.name, selected: String(o.id) === selected })),
];

/** The one-time link is shown in this response only, never stored or redirected to. */
const showInviteLink = (
  { res, render }: PageContext,
  result: { user: { id: number; display_name: string; email: string }; invite: { link: string; expiresAt: string } },
) => {
  res.set('Cache-Control', 'no-store');
  render(`${VIEWS}/invite-link.njk`, 'Invite link created', { invited: result.user, invite: result.invite });
};

const indexPage = (services: Services) =>
  definePage({
    path: paths.index,
    access: 'users:manage',
    load: async ({ actor }) => {
      const list = await services.users.list(actor);
      return { list, locks: Object.fromEntries(await services.signIn.locks(actor, list)) };
    },
    view: ({ list, locks }) => ({
      template: `${VIEWS}/index.njk`,
      title: 'Users',
      locals: { users: list, locks, roles: ROLES, columnClass: 'govuk-grid-column-full' },
    }),
  });

const invitePage = (services: Services) =>
  definePage({
    path: paths.invite,
    access: 'users:manage',
    form: z.object({ name: formText, email: formText, role: formText, organisation: formText }),
    load: ({ actor }) => services.users.organisations(actor),
    view: (organisations, { actor }, form) => ({
      template: `${VIEWS}/invite.njk`,
      title: 'Invite a user',
      locals: {
        values: form?.values ?? {},
        roleItems: roleItems(actor, formField(form?.values, 'role')),
        organisationItems: organisationItems(organisations, formField(form?.values, 'organisation')),
      },
    }),
    submit: async (ctx) => showInviteLink(ctx, await services.users.invite(ctx.actor, ctx.form)),
  });

const showPage = (services: Services) =>
  definePage({
    path: paths.show,
    access: 'users:manage',
    params: byId,
    load: async ({ actor, params }) => {
      const user = await services.users.get(actor, params.id);
      return { user, lockedUntil: (await services.signIn.locks(actor, [user])).get(user.id) };
    },
    view: ({ user, lockedUntil }, { actor }) => ({
      template: `${VIEWS}/show.njk`,
      title: user.display_name,
      locals: {
        shown: user,
        lockedUntil,
        roleName: isRole(user.role) ? ROLES[user.role] : user.role,
        self: user.id === actor.userId,
        manageable: canGrant(actor, user.role),
      },
    }),
  });

const accessPage = (services: Services) =>
  definePage({
    path: paths.access,
    access: 'users:manage',
    params: byId,
    form: z.object({ role: formText, organisation: formText }),
    load: async ({ actor, params }) => ({
      user: await services.users.toChange(actor, params.id),
      organisations: await services.users.organisations(actor),
    }),
    view: ({ user, organisations }, { actor }, form) => {
      const role = form ? formField(form.values, 'role') : user.role;
      const organisation = form
        ? formField(form.values, 'organisation')
        : user.organisation_id
          ? String(user.organisation_id)
          : '';
      return {
        template: `${VIEWS}/access.njk`,
        title: `Change ${user.display_name}’s role and organisation`,
        locals: {
          user,
          self: user.id === actor.userId,
          roleName: isRole(user.role) ? ROLES[user.role] : user.role,
          roleItems: roleItems(actor, role),
          organisationItems: organisationItems(organisations, organisation),
        },
      };
    },
    submit: async ({ actor, params, form }) => {
      const current = await services.users.toChange(actor, params.id);
      // Your own role is not on the form: it stays as it is.
      const role = form.role || (current.id === actor.userId ? current.role : '');
      const user = await services.users.changeAccess(actor, params.id, { role, organisation: form.organisation });
      return {
        redirect: paths.show({ id: params.id }),
        flash: `${user.display_name}’s role and organisation are saved`,
      };
    },
  });

const deactivatePage = (services: Services) =>
  definePage({
    path: paths.deactivate,
    access: 'users:manage',
    params: byId,
    load: ({ actor, params }) => services.users.toDeactivate(actor, params.id),
    view: (user) => ({
      template: `${VIEWS}/deactivate.njk`,
      title: `Deactivate ${user.display_name}’s account`,
      locals: { shown: user },
    }),
    submit: async ({ actor, params }) => {
      const user = await services.users.deactivate(actor, params.id);
      return {
        redirect: paths.show({ id: user.id }),
        flash: `${user.display_name}’s account is deactivated. They can no longer sign in.`,
      };
    },
  });

const reactivatePage = (services: Services) =>
  definePage({
    path: paths.reactivate,
    access: 'users:manage',
    params: byId,
    submit: async ({ actor, params }) => {
      const user = await services.users.reactivate(actor, params.id);
      return {
        redirect: paths.show({ id: user.id }),
        flash:
          user.status === 'invited'
            ? `${user.display_name}’s account is reactivated. Create a new invite link so they can set a password.`
            : `${user.display_name}’s account is reactivated. They can sign in again.`,
      };
    },
  });

const newInvitePage = (services: Services) =>
  definePage({
    path: paths.newInvite,
    access: 'users:manage',
    params: byId,
    submit: async (ctx) => showInviteLink(ctx, await services.users.newInvite(ctx.actor, ctx.params.id)),
  });

const unlockPage = (services: Services) =>
  definePage({
    path: paths.unlock,
    access: 'users:manage',
    params: byId,
    submit: async ({ actor, params }) => {
      const shown = await services.users.get(actor, params.id);
      if (!canGrant(actor, shown.role))
        throw new ForbiddenError('Only a system administrator can change a system administrator’s account');
      const user = await services.signIn.unlock(actor, shown.id);
      return {
        redirect: paths.show({ id: user.id }),
        flash: `${user.display_name}’s account is unlocked. They can sign in again now.`,
      };
    },
  });

export const usersPages = (services: Services): Page[] => [
  indexPage(services),
  invitePage(services),
  showPage(services),
  accessPage(services),
  deactivatePage(services),
  reactivatePage(services),
  newInvitePage(services),
  unlockPage(services),
];
