import { path } from '../../web/kit/paths.ts';

export const REPORTS_PREFIX = '/reports';

/** The reports home, the theme pages and the publication setting (the board packs have their own). */
export const reportsPaths = {
  home: path('/reports'),
  boardPacks: path('/reports/board-packs'),
  theme: path('/reports/themes/:theme'),
  themeIndicators: path('/reports/themes/:theme/indicators'),
  organisation: path('/reports/organisations/:id'),
  publication: path('/reports/publication'),
};
