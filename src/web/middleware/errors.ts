import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { PoolBusyError, type Db } from '../../db/database.ts';
import type { Logger } from '../../lib/logger.ts';
import { logUnavailable } from './load-shedding.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  TooManyRequestsError,
  UnauthenticatedError,
  ValidationError,
} from '../../lib/errors.ts';

const isApi = (req: Request) => req.originalUrl.startsWith('/api/');

function show(req: Request, res: Response, status: number, title: string, message: string): void {
  if (isApi(req)) {
    res.status(status).json({ error: title, message });
    return;
  }
  res.status(status).render('pages/error.njk', { title, message, status });
}

export const notFoundMiddleware: RequestHandler = (req, res) => {
  show(
    req,
    res,
    404,
    'Page not found',
    'If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address.',
  );
};

export function errorMiddleware(db: Db, logger: Logger): ErrorRequestHandler {
  return async (err, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof UnauthenticatedError) {
      if (isApi(req))
        return show(req, res, 401, 'Unauthorised', 'Send a valid API token as "Authorization: Bearer <token>".');
      req.session.returnTo = req.method === 'GET' ? req.originalUrl : '/';
      return res.redirect(303, '/sign-in');
    }
    if (err instanceof ForbiddenError)
      return show(
        req,
        res,
        403,
        'You do not have permission to see this page',
        `${err.message}. If you think you should, ask your partnership administrator.`,
      );
    if (err instanceof NotFoundError)
      return show(req, res, 404, 'Page not found', `${err.message}. Check the address, or go back to the home page.`);
    if (err instanceof ConflictError) return show(req, res, 409, 'Conflict', err.message);
    if (err instanceof TooManyRequestsError) {
      res.set('Retry-After', String(err.retryAfterSeconds));
      return show(req, res, 429, 'Too many requests', err.message);
    }
    if (err instanceof ValidationError && isApi(req)) {
      return res.status(422).json({
        error: 'Invalid request',
        errors: Object.entries(err.fields).map(([field, message]) => ({ field, message })),
      });
    }
    const type = (err as { type?: string }).type;
    if (type === 'entity.too.large')
      return show(req, res, 413, 'The file or form is too large', 'Send a smaller file, or split it into parts.');
    if (type === 'entity.parse.failed')
      return show(req, res, 400, 'The request could not be read', 'Check the request body is well-formed.');
    if ((err as { code?: string }).code === 'EBADCSRFTOKEN' || (err as Error).message === 'invalid csrf token') {
      return show(req, res, 403, 'Your form has expired', 'Go back, refresh the page and try again.');
    }
    if (err instanceof PoolBusyError) {
      logUnavailable(logger, req, 'pool busy');
      res.set('Retry-After', '5');
      return show(
        req,
        res,
        503,
        'Sorry, the service is busy',
        'Too many people are using the service at once. Wait a few seconds, then try again.',
      );
    }
    const databaseDown = await db.ping().then(
      () => false,
      () => true,
    );
    if (databaseDown) {
      logUnavailable(logger, req, 'database down', { err });
      res.set('Retry-After', '30');
      return show(
        req,
        res,
        503,
        'Sorry, the service is unavailable',
        'The database cannot be reached at the moment. Your information is safe. Try again in a few minutes.',
      );
    }
    logger.error({ err, path: req.path }, 'unhandled error');
    return show(
      req,
      res,
      500,
      'Sorry, there is a problem with the service',
      'Try again later. If the problem continues, contact your partnership administrator.',
    );
  };
}
