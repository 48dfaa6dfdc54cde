import { path } from '../../web/kit/paths.ts';

/** Addresses of self-registration, practitioners' CSV import, email domains and the public catalogue. */
export const registrationPaths = {
  selfRegister: path('/training/register'),
  selfRegisterSent: path('/training/register/check-your-email'),
  settings: path('/training/registration-settings'),
  publicSwitch: path('/training/registration-settings/public-catalogue'),
  editDomains: path('/training/registration-settings/organisations/:id'),
  importPractitioners: path('/training/practitioners/import'),
  reviewPractitioners: path('/training/practitioners/import/:id'),
  publicCatalogue: path('/training/catalogue'),
  publicPartnership: path('/training/catalogue/:partnership'),
  feed: path('/training/catalogue/:partnership/sessions.ics'),
  registerPdf: path('/training/sessions/:id/register.pdf'),
  importAttendance: path('/training/sessions/:id/attendance-import'),
  reviewAttendance: path('/training/sessions/:id/attendance-import/:import'),
};
