import { path } from '../../web/kit/paths.ts';

export const PREFIX = '/admin/outbox';

export const messagingPaths = {
  index: path('/admin/outbox'),
  show: path('/admin/outbox/:id'),
  resend: path('/admin/outbox/:id/resend'),
};
