import { path } from '../../web/kit/paths.ts';

export const accountPaths = {
  signIn: path('/sign-in'),
  signInOidc: path('/sign-in/oidc'),
  oidcCallback: path('/sign-in/oidc/callback'),
  signOut: path('/sign-out'),
  signedOut: path('/signed-out'),
  account: path('/account'),
  password: path('/account/password'),
  tokens: path('/account/tokens'),
  revokeToken: path('/account/tokens/:id/revoke'),
  invite: path('/invite/:token'),
  passwordReset: path('/password-reset'),
  passwordResetSent: path('/password-reset/sent'),
  passwordResetLink: path('/password-reset/:token'),
  reminders: path('/account/reminders'),
};

export const userPaths = {
  index: path('/admin/users'),
  invite: path('/admin/users/invite'),
  show: path('/admin/users/:id'),
  access: path('/admin/users/:id/access'),
  deactivate: path('/admin/users/:id/deactivate'),
  reactivate: path('/admin/users/:id/reactivate'),
  newInvite: path('/admin/users/:id/invite'),
  unlock: path('/admin/users/:id/unlock'),
};
