import { path } from '../../web/kit/paths.ts';

export const PREFIX = '/assessment';

/** The self-assessment pages for signed-in users: rounds, results and the framework. */
export const assessmentPaths = {
  landing: path('/assessment'),
  framework: path('/assessment/framework'),
  editFramework: path('/assessment/framework/edit'),
  compare: path('/assessment/compare'),
  importRound: path('/assessment/rounds/import'),
  newRound: path('/assessment/rounds/new'),
  round: path('/assessment/rounds/:id'),
  editRound: path('/assessment/rounds/:id/edit'),
  respond: path('/assessment/rounds/:id/respond'),
  open: path('/assessment/rounds/:id/open'),
  close: path('/assessment/rounds/:id/close'),
  invitations: path('/assessment/rounds/:id/invitations'),
  openLinks: path('/assessment/rounds/:id/open-links'),
  linksCsv: path('/assessment/rounds/:id/links.csv'),
  emailLinks: path('/assessment/rounds/:id/email-links'),
  newFocusGroup: path('/assessment/rounds/:id/focus-groups/new'),
  continueFocusGroup: path('/assessment/rounds/:id/focus-groups/:responseId/continue'),
  results: path('/assessment/rounds/:id/results'),
  cell: path('/assessment/rounds/:id/results/cells/:theme/:stage'),
  resultsCsv: path('/assessment/rounds/:id/results.csv'),
  resultsXlsx: path('/assessment/rounds/:id/results.xlsx'),
  resultsPdf: path('/assessment/rounds/:id/results.pdf'),
  evidenceCsv: path('/assessment/rounds/:id/evidence.csv'),
  priorities: path('/assessment/rounds/:id/priorities'),
  deletePriority: path('/assessment/rounds/:id/priorities/:priorityId/delete'),
};

export const RESPOND_PREFIX = '/respond';

/** The questionnaire, answered through a link (a token) without an account. */
export const respondPaths = {
  start: path('/respond/:token'),
  begin: path('/respond/:token/start'),
  theme: path('/respond/:token/theme/:theme'),
  saved: path('/respond/:token/saved'),
  check: path('/respond/:token/check'),
  submit: path('/respond/:token/submit'),
  confirmation: path('/respond/:token/confirmation'),
};
