import { path } from '../../web/kit/paths.ts';

export const PREFIX = '/admin/organisations';

export const organisationPaths = {
  index: path('/admin/organisations'),
  new: path('/admin/organisations/new'),
  show: path('/admin/organisations/:id'),
  edit: path('/admin/organisations/:id/edit'),
};
