import { Router, type Response } from 'express';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { flash, formField, renderPage } from '../../web/render.ts';
import { route, type SignedInRequest } from '../../web/route.ts';
import type { Services } from '../../services.ts';
import type { Actor } from './actor.ts';
import { ROLES, type Role } from './roles.ts';
import { canGrant, grantableRoles, type AccessInput, type UserDetailsInput } from './users-service.ts';

const VIEWS = 'accounts/views/users';

const ROLE_HINTS: Record<Role, string> = {
  system_admin: 'Runs the service: every partnership, every user and every setting.',
  partnership_admin: 'Manages this partnership: users, organisations, rounds, training and the plan.',
  steering_member: 'Reads results and reports, and edits the strategy and action plan.',
  data_lead: 'Submits and sees their own organisation’s workforce returns.',
  training_coordinator: 'Manages courses, sessions, bookings and attendance.',
  viewer: 'Reads the plan, the workforce profile and reports.',
};

/** A user id from the address: anything else is a page that does not exist. */
function userId(value: unknown): number {
  const text = String(value);
  if (!/^\d{1,9}$/.test(text)) throw new NotFoundError('User');
  return Number(text);
}

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

export function usersRoutes(services: Services): Router {
  const router = Router();
  const users = services.users;

  async function showInviteForm(
    req: SignedInRequest,
    res: Response,
    values: Partial<UserDetailsInput> = {},
    errors?: Record<string, string>,
  ) {
    const organisations = await users.organisations(req.actor);
    renderPage(res, `${VIEWS}/invite.njk`, 'Invite a user', {
      values,
      errors,
      roleItems: roleItems(req.actor, values.role ?? ''),
      organisationItems: organisationItems(organisations, values.organisation ?? ''),
    });
  }

  async function showAccessForm(
    req: SignedInRequest,
    res: Response,
    id: number,
    values?: AccessInput,
    errors?: Record<string, string>,
  ) {
    const user = await users.toChange(req.actor, id);
    const chosen = values ?? {
      role: user.role,
      organisation: user.organisation_id ? String(user.organisation_id) : '',
    };
    renderPage(res, `${VIEWS}/access.njk`, `Change ${user.display_name}’s role and organisation`, {
      user,
      errors,
      self: user.id === req.actor.userId,
      roleName: ROLES[user.role as Role] ?? user.role,
      roleItems: roleItems(req.actor, chosen.role),
      organisationItems: organisationItems(await users.organisations(req.actor), chosen.organisation),
    });
  }

  /** The one-time link is shown in this response only, never stored or redirected to. */
  function showInviteLink(
    res: Response,
    result: { user: { id: number; display_name: string; email: string }; invite: { link: string; expiresAt: string } },
  ) {
    res.set('Cache-Control', 'no-store');
    renderPage(res, `${VIEWS}/invite-link.njk`, 'Invite link created', { invited: result.user, invite: result.invite });
  }

  router.get(
    '/admin/users',
    route('users:manage', async (req, res) => {
      const list = await users.list(req.actor);
      renderPage(res, `${VIEWS}/index.njk`, 'Users', {
        users: list,
        locks: Object.fromEntries(await services.signIn.locks(req.actor, list)),
        roles: ROLES,
        columnClass: 'govuk-grid-column-full',
      });
    }),
  );

  router.get(
    '/admin/users/invite',
    route('users:manage', (req, res) => showInviteForm(req, res)),
  );

  router.post(
    '/admin/users/invite',
    route('users:manage', async (req, res) => {
      const values = {
        name: formField(req.body, 'name'),
        email: formField(req.body, 'email'),
        role: formField(req.body, 'role'),
        organisation: formField(req.body, 'organisation'),
      };
      try {
        showInviteLink(res, await users.invite(req.actor, values));
      } catch (err) {
        if (err instanceof ValidationError) return showInviteForm(req, res.status(400), values, err.fields);
        throw err;
      }
    }),
  );

  router.get(
    '/admin/users/:id',
    route('users:manage', async (req, res) => {
      const user = await users.get(req.actor, userId(req.params.id));
      renderPage(res, `${VIEWS}/show.njk`, user.display_name, {
        shown: user,
        lockedUntil: (await services.signIn.locks(req.actor, [user])).get(user.id),
        roleName: ROLES[user.role as Role] ?? user.role,
        self: user.id === req.actor.userId,
        manageable: canGrant(req.actor, user.role),
      });
    }),
  );

  router.get(
    '/admin/users/:id/access',
    route('users:manage', (req, res) => showAccessForm(req, res, userId(req.params.id))),
  );

  router.post(
    '/admin/users/:id/access',
    route('users:manage', async (req, res) => {
      const id = userId(req.params.id);
      const current = await users.toChange(req.actor, id);
      // Your own role is not on the form: it stays as it is.
      const values = {
        role: formField(req.body, 'role') || (current.id === req.actor.userId ? current.role : ''),
        organisation: formField(req.body, 'organisation'),
      };
      try {
        const user = await users.changeAccess(req.actor, id, values);
        flash(req, `${user.display_name}’s role and organisation are saved`);
        res.redirect(303, `/admin/users/${id}`);
      } catch (err) {
        if (err instanceof ValidationError) return showAccessForm(req, res.status(400), id, values, err.fields);
        throw err;
      }
    }),
  );

  router.get(
    '/admin/users/:id/deactivate',
    route('users:manage', async (req, res) => {
      const user = await users.toDeactivate(req.actor, userId(req.params.id));
      renderPage(res, `${VIEWS}/deactivate.njk`, `Deactivate ${user.display_name}’s account`, { shown: user });
    }),
  );

  router.post(
    '/admin/users/:id/deactivate',
    route('users:manage', async (req, res) => {
      const user = await users.deactivate(req.actor, userId(req.params.id));
      flash(req, `${user.display_name}’s account is deactivated. They can no longer sign in.`);
      res.redirect(303, `/admin/users/${user.id}`);
    }),
  );

  router.post(
    '/admin/users/:id/reactivate',
    route('users:manage', async (req, res) => {
      const user = await users.reactivate(req.actor, userId(req.params.id));
      flash(
        req,
        user.status === 'invited'
          ? `${user.display_name}’s account is reactivated. Create a new invite link so they can set a password.`
          : `${user.display_name}’s account is reactivated. They can sign in again.`,
      );
      res.redirect(303, `/admin/users/${user.id}`);
    }),
  );

  router.post(
    '/admin/users/:id/unlock',
    route('users:manage', async (req, res) => {
      const shown = await users.get(req.actor, userId(req.params.id));
      if (!canGrant(req.actor, shown.role))
        throw new ForbiddenError('Only a system administrator can change a system administrator’s account');
      const user = await services.signIn.unlock(req.actor, shown.id);
      flash(req, `${user.display_name}’s account is unlocked. They can sign in again now.`);
      res.redirect(303, `/admin/users/${user.id}`);
    }),
  );

  router.post(
    '/admin/users/:id/invite',
    route('users:manage', async (req, res) => {
      showInviteLink(res, await users.newInvite(req.actor, userId(req.params.id)));
    }),
  );

  return router;
}
