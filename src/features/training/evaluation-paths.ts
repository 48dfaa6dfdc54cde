import { path } from '../../web/kit/paths.ts';

/** Evaluation, charges and substitution (issue 14, points 5–7), beside trainingPaths. */
export const evaluationPaths = {
  evaluate: path('/training/evaluate/:token'),
  courseEvaluation: path('/training/courses/:id/evaluation'),
  charges: path('/training/charges'),
  chargeSettings: path('/training/charges/settings'),
  chargeStatement: path('/training/charges/statement'),
  charge: path('/training/charges/:id'),
  lateArrivals: path('/training/sessions/:id/late-arrivals'),
  substitute: path('/training/bookings/:id/substitute'),
};
