import { path } from '../../web/kit/paths.ts';

export const PUBLIC_PREFIX = '/p';

/** Pages open to anyone, by the partnership's slug (no sign-in). */
export const publicPaths = {
  progress: path('/p/:slug'),
  strategy: path('/p/:slug/strategy'),
};
