import { path } from '../../web/kit/paths.ts';

export const PREFIX = '/admin/partnerships';

export const partnershipPaths = {
  index: path('/admin/partnerships'),
  new: path('/admin/partnerships/new'),
  switch: path('/admin/partnerships/:id/switch'),
};
