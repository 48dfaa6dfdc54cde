import { path } from '../../web/kit/paths.ts';

export const PREFIX = '/admin/audit';

export const auditPaths = {
  index: path('/admin/audit'),
};
