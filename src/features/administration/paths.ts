import { path } from '../../web/kit/paths.ts';

export const PREFIX = '/admin';

export const administrationPaths = {
  index: path('/admin'),
};
