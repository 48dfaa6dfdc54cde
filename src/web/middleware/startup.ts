import type { RequestHandler } from 'express';
import type { Logger } from '../../lib/logger.ts';
import { logUnavailable, serviceUnavailable } from './load-shedding.ts';

/** Whether the database has been reached and migrated since start; until then every page is a 503. */
export interface StartupState {
  ready: boolean;
}

/** Answers 503 with Retry-After while the app waits for its database at start (e.g. PostgreSQL still down). */
export function startupGate(state: StartupState, logger?: Logger): RequestHandler {
  return (req, res, next) => {
    if (state.ready) return next();
    logUnavailable(logger, req, 'starting');
    serviceUnavailable(
      req,
      res,
      'Sorry, the service is starting',
      'The service is waiting for its database. Your information is safe. Try again in a minute.',
    );
  };
}
