import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../lib/logger.ts';

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

/** Why a request was answered 503: one structured log line each (docs/adr/0045). */
export type UnavailableReason = 'queue full' | 'queue timeout' | 'timeout' | 'pool busy' | 'database down' | 'starting';

/** Logs one 503 with its reason and the queue's state, so a burst of them can be told apart. */
export function logUnavailable(
  logger: Logger | undefined,
  req: Request,
  reason: UnavailableReason,
  detail: Record<string, unknown> = {},
): void {
  const level = reason === 'database down' ? 'error' : 'warn';
  logger?.[level]({ status: 503, reason, method: req.method, path: req.path, ...detail }, `503 ${reason}`);
}
const BUSY = 'Sorry, the service is busy';

/**
 * File uploads are bounded by their size limit and the import's own time limits, and may take
 * minutes for a county's return: the per-request time limit would cut them off half-way.
 */
const isUpload = (req: Request) =>
  req.method !== 'GET' && req.method !== 'HEAD' && !req.is('application/x-www-form-urlencoded') && !req.is('json');

// Sent synchronously, with no template: a busy app must answer at once, and a handler still running
// after its time limit must not find a render of ours half-way.
const page = (title: string, message: string) => `<!DOCTYPE html>
<html lang="en" class="govuk-template"><head><meta charset="utf-8"><title>${title} – One Workforce</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/govuk-frontend.min.css"><link rel="stylesheet" href="/assets/app.css"></head>
<body class="govuk-template__body"><div class="govuk-width-container"><main class="govuk-main-wrapper" id="main-content">
<h1 class="govuk-heading-l">${title}</h1><p class="govuk-body">${message}</p>
<p class="govuk-body"><a class="govuk-link" href="/">Go to the home page</a></p></main></div></body></html>`;

export function serviceUnavailable(req: Request, res: Response, title: string, message: string): void {
  res.status(503).set('Retry-After', String(RETRY_AFTER_SECONDS)).set('Cache-Control', 'no-store');
  // The handler may still be running: this connection is not reused for another request.
  res.set('Connection', 'close');
  if (req.originalUrl.startsWith('/api/')) res.json({ error: title, message });
  else res.type('html').send(page(title, message));
}

/** After a 503 for running out of time, whatever the still-running handler writes goes nowhere. */
function ignoreLateWrites(res: Response): void {
  Object.assign(res, {
    setHeader: () => res,
    writeHead: () => res,
    write: () => true,
    end: () => res,
  });
}

/**
 * A bounded queue in front of the app: at most `maxConcurrent` requests run, `queueLimit` wait,
 * and any request not answered within `timeoutMs` gets a 503 with Retry-After instead of hanging.
 */
class RequestQueue implements LoadState {
  readonly limits: LoadLimits;
  readonly #logger: Logger | undefined;
  #active = 0;
  #shed = 0;
  readonly #waiting: Array<() => void> = [];
  // Requests start one per turn of the event loop. node:sqlite answers synchronously, so a
  // page runs from start to end in one turn; started straight from the last response's 'finish',
  // every freed place ran its next page in the same turn, and /health, new connections and the time
  // limits waited behind the whole batch. One per turn, they wait for one page at most.
  readonly #ready: Array<() => void> = [];
  #draining = false;

  constructor(limits: LoadLimits, logger?: Logger) {
    this.limits = limits;
    this.#logger = logger;
  }

  #shedFor(req: Request, reason: UnavailableReason): void {
    this.#shed++;
    logUnavailable(this.#logger, req, reason, { active: this.#active, queued: this.#waiting.length });
  }

  get active(): number {
    return this.#active;
  }
  get queued(): number {
    return this.#waiting.length;
  }
  get shed(): number {
    return this.#shed;
  }

  #drain = (): void => {
    this.#ready.shift()?.();
    if (this.#ready.length) setImmediate(this.#drain);
    else this.#draining = false;
  };

  #schedule(start: () => void): void {
    this.#ready.push(start);
    if (!this.#draining) {
      this.#draining = true;
      setImmediate(this.#drain);
    }
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) this.#schedule(next);
    else this.#active--;
  }

  /** The middleware: sheds the request at once, or queues it and starts it on a turn of its own. */
  admit = (req: Request, res: Response, next: NextFunction): void => {
    if (this.#active >= this.limits.maxConcurrent && this.#waiting.length >= this.limits.queueLimit) {
      this.#shedFor(req, 'queue full');
      return serviceUnavailable(
        req,
        res,
        BUSY,
        'Too many people are using the service at once. Wait a few seconds, then try again.',
      );
    }
    this.#track(req, res, next);
  };

  #track(req: Request, res: Response, next: NextFunction): void {
    let started = false;
    let finished = false;
    let queueTimer: NodeJS.Timeout | undefined;
    const tooSlow = () => {
      if (res.headersSent) return;
      this.#shedFor(req, started ? 'timeout' : 'queue timeout');
      serviceUnavailable(req, res, BUSY, 'The service took too long to answer. Wait a few seconds, then try again.');
      ignoreLateWrites(res);
    };
    const timer = isUpload(req) ? undefined : setTimeout(tooSlow, this.limits.timeoutMs);
    const startQueued = () => {
      if (finished) return this.#release();
      clearTimeout(queueTimer);
      started = true;
      next();
    };
    const done = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      clearTimeout(queueTimer);
      if (started) this.#release();
      else {
        // Not in the queue any more when its start is already scheduled (it then hands its place on).
        const place = this.#waiting.indexOf(startQueued);
        if (place >= 0) this.#waiting.splice(place, 1);
      }
    };
    res.once('finish', done);
    res.once('close', done);
    if (this.#active < this.limits.maxConcurrent) {
      // A place is free: taken now, started on its own turn like the rest (a burst of arrivals would
      // otherwise run all its pages in the turn that read them).
      this.#active++;
      this.#schedule(startQueued);
    } else {
      this.#waiting.push(startQueued);
      queueTimer = setTimeout(tooSlow, this.limits.timeoutMs / 2);
    }
  }
}

export function loadShedding(limits: LoadLimits, logger?: Logger): { middleware: RequestHandler; state: LoadState } {
  const queue = new RequestQueue(limits, logger);
  return { middleware: queue.admit, state: queue };
}
