import { path } from '../../../web/kit/paths.ts';

export const PREFIX = '/workforce';

/** The workforce returns pages (standard and profile pages are declared by their own rooms). */
export const returnsPaths = {
  landing: path('/workforce'),
  submit: path('/workforce/submit'),
  upload: path('/workforce/uploads/:uploadId'),
  problemsCsv: path('/workforce/uploads/:uploadId/problems.csv'),
  problemsXlsx: path('/workforce/uploads/:uploadId/problems.xlsx'),
  submitUpload: path('/workforce/uploads/:uploadId/submit'),
  cancel: path('/workforce/uploads/:uploadId/cancel'),
  submitted: path('/workforce/uploads/:uploadId/submitted'),
  history: path('/workforce/organisations/:organisationId/returns'),
  exportCsv: path('/workforce/organisations/:organisationId/returns/:censusDate/export.csv'),
  fullTimeHours: path('/workforce/organisations/:organisationId/full-time-hours'),
  completeness: path('/workforce/returns'),
  collections: path('/workforce/collections'),
};
