import { path } from '../../web/kit/paths.ts';

export const PREFIX = '/training';

export const trainingPaths = {
  catalogue: path('/training'),
  newCourse: path('/training/courses/new'),
  course: path('/training/courses/:id'),
  editCourse: path('/training/courses/:id/edit'),
  newSession: path('/training/courses/:id/sessions/new'),
  session: path('/training/sessions/:id'),
  editSession: path('/training/sessions/:id/edit'),
  cancelSession: path('/training/sessions/:id/cancel'),
  book: path('/training/sessions/:id/book'),
  bookings: path('/training/bookings'),
  ownRecord: path('/training/my-record.csv'),
  booking: path('/training/bookings/:id'),
  cancelBooking: path('/training/bookings/:id/cancel'),
  acceptOffer: path('/training/bookings/:id/accept'),
  offerPlace: path('/training/bookings/:id/offer'),
  coordinatorDecision: path('/training/bookings/:id/decision'),
  practitioners: path('/training/practitioners'),
  newPractitioner: path('/training/practitioners/new'),
  approval: path('/training/approve/:token'),
  register: path('/training/sessions/:id/register'),
  walkIn: path('/training/sessions/:id/walk-in'),
  certificate: path('/training/bookings/:id/certificate.pdf'),
  verifyStart: path('/training/certificates'),
  verify: path('/training/certificates/:code'),
};
