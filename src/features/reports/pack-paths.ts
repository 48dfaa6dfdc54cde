import { path } from '../../web/kit/paths.ts';

/** The quarterly board pack's pages, under /reports (whose landing page is the reports home's). */
export const PACK_PREFIX = '/reports/board-packs';

export const packPaths = {
  index: path('/reports/board-packs'),
  draft: path('/reports/board-packs/draft'),
  pack: path('/reports/board-packs/:id'),
  narrative: path('/reports/board-packs/:id/narrative'),
  issue: path('/reports/board-packs/:id/issue'),
  download: path('/reports/board-packs/:id/download'),
};
