import { path } from '../../web/kit/paths.ts';

export const homePaths = {
  home: path('/'),
};
