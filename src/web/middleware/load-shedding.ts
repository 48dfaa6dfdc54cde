import type { NextFunction, Request, RequestHandler, Response } from 'express';

export interface LoadLimits {
  /** Requests handled at once by this process; the rest wait in the queue. */
  maxConcurrent: number;
  /** Requests allowed to wait; one more is answered 503 at once. */
  queueLimit: number;
  /** From arrival to the response's first byte, queue included; past it, 503. A request still
   * waiting in the queue at half this gets its 503 then, while the client is still listening. */
  timeoutMs: number;
}

export interface LoadState {
  readonly limits: LoadLimits;
  readonly active: number;
  readonly queued: number;
  /** 503s sent because the queue was full or a request ran out of time, since start. */
  readonly shed: number;
}

const RETRY_AFTER_SECONDS = 5;
const BUSY = 'Sorry, the service is busy';

/**
 * File uploads are bounded by their size limit and the import's own time limits, and may take
 * minutes for a county's return: the per-request time limit would cut them off half-way.
 */
const isUpload = (req: Request) =>
  req.method !== 'GET' && req.method !== 'HEAD' && !req.is('application/x-www-form-urlencoded') && !req.is('json');

export function serviceUnavailable(req: Request, res: Response, title: string, message: string): void {
  res.status(503).set('Retry-After', String(RETRY_AFTER_SECONDS)).set('Cache-Control', 'no-store');
  // The handler may still be running: this connection is not reused for another request.
  res.set('Connection', 'close');
  if (req.originalUrl.startsWith('/api/')) {
    res.json({ error: title, message });
    return;
  }
  res.render('pages/error.njk', { title, message, status: 503 });
}

/**
 * A bounded queue in front of the app: at most `maxConcurrent` requests run, `queueLimit` wait,
 * and any request not answered within `timeoutMs` gets a 503 with Retry-After instead of hanging.
 */
export function loadShedding(limits: LoadLimits): { middleware: RequestHandler; state: LoadState } {
  let active = 0;
  let shed = 0;
  const waiting: Array<() => void> = [];
  const state: LoadState = {
    limits,
    get active() {
      return active;
    },
    get queued() {
      return waiting.length;
    },
    get shed() {
      return shed;
    },
  };

  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };

  const middleware: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    if (active >= limits.maxConcurrent && waiting.length >= limits.queueLimit) {
      shed++;
      return serviceUnavailable(
        req,
        res,
        BUSY,
        'Too many people are using the service at once. Wait a few seconds, then try again.',
      );
    }
    let started = false;
    let finished = false;
    let queueTimer: NodeJS.Timeout | undefined;
    const start = () => {
      clearTimeout(queueTimer);
      started = true;
      next();
    };
    const tooSlow = () => {
      if (res.headersSent) return;
      shed++;
      serviceUnavailable(req, res, BUSY, 'The service took too long to answer. Wait a few seconds, then try again.');
    };
    const timer = isUpload(req) ? undefined : setTimeout(tooSlow, limits.timeoutMs);
    const done = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      clearTimeout(queueTimer);
      if (started) release();
      else waiting.splice(waiting.indexOf(startQueued), 1);
    };
    const startQueued = () => {
      if (finished) return release();
      start();
    };
    res.once('finish', done);
    res.once('close', done);
    if (active < limits.maxConcurrent) {
      active++;
      start();
    } else {
      waiting.push(startQueued);
      queueTimer = setTimeout(tooSlow, limits.timeoutMs / 2);
    }
  };
  return { middleware, state };
}
