import { path } from '../../web/kit/paths.ts';

/** Training compliance's addresses (issue 14, point 8), under the training feature's prefix. */
export const compliancePaths = {
  compliance: path('/training/compliance'),
  complianceDownload: path('/training/compliance/download'),
  organisationCompliance: path('/training/compliance/organisations/:id'),
  organisationDownload: path('/training/compliance/organisations/:id/download'),
  ownCompliance: path('/training/compliance/mine'),
  requirements: path('/training/compliance/requirements'),
  newRequirement: path('/training/compliance/requirements/new'),
  editRequirement: path('/training/compliance/requirements/:id'),
  newRecord: path('/training/compliance/records/new'),
  importRecords: path('/training/compliance/imports/new'),
  reviewImport: path('/training/compliance/imports/:id'),
};
