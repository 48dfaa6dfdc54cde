import { path } from '../../web/kit/paths.ts';

export const PREFIX = '/plan';

export const planPaths = {
  index: path('/plan'),
  newPriority: path('/plan/priorities/new'),
  priority: path('/plan/priorities/:id'),
  editPriority: path('/plan/priorities/:id/edit'),
  newObjective: path('/plan/priorities/:id/objectives/new'),
  editObjective: path('/plan/objectives/:id/edit'),
  actions: path('/plan/actions'),
  exceptions: path('/plan/actions/exceptions'),
  mine: path('/plan/my-actions'),
  download: path('/plan/actions/download'),
  newAction: path('/plan/actions/new'),
  action: path('/plan/actions/:id'),
  editAction: path('/plan/actions/:id/edit'),
  addUpdate: path('/plan/actions/:id/updates'),
  overrideRag: path('/plan/actions/:id/rag'),
  risks: path('/plan/risks'),
  newRisk: path('/plan/risks/new'),
  risk: path('/plan/risks/:id'),
  editRisk: path('/plan/risks/:id/edit'),
  linkRiskAction: path('/plan/risks/:id/actions'),
  unlinkRiskAction: path('/plan/risks/:id/actions/remove'),
  importPlan: path('/plan/actions/import'),
  reviewImport: path('/plan/imports/:id'),
};
