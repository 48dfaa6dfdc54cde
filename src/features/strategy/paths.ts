import { path } from '../../web/kit/paths.ts';

/** Strategies live beside the plan, under its prefix; the published strategy is public under /p. */
export const PREFIX = '/plan';
export const PUBLIC_PREFIX = '/p';

export const strategyPaths = {
  strategies: path('/plan/strategies'),
  newStrategy: path('/plan/strategies/new'),
  strategy: path('/plan/strategies/:id'),
  newVersion: path('/plan/strategies/:id/versions'),
  version: path('/plan/versions/:id'),
  section: path('/plan/versions/:id/sections/:section'),
  approve: path('/plan/versions/:id/approve'),
  publish: path('/plan/versions/:id/publish'),
  checklist: path('/plan/versions/:id/checklist'),
  editChecklist: path('/plan/versions/:id/checklist/edit'),
  promote: path('/plan/promotions/:id'),
  published: path('/p/:slug/strategy'),
  document: path('/plan/versions/:id/document'),
  documentDownload: path('/plan/versions/:id/document/download'),
  publishedDocument: path('/p/:slug/strategy/document'),
  publishedDownload: path('/p/:slug/strategy/document/download'),
};
