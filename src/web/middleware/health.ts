import { Router } from 'express';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { LoadState } from './load-shedding.ts';
import type { StartupState } from './startup.ts';

export interface HealthSources {
  startup: StartupState;
  load: LoadState;
}

/**
 * GET /health (liveness: 200 when the database answers, 503 when it does not) and GET /health/ready
 * (readiness: the database, whether start-up finished, and the request queue). Mounted ahead of the
 * request queue, the session and auth, so they answer however busy the app is. On PostgreSQL the
 * ping has a connection of its own (src/db/database.ts), so a busy pool does not hold it up.
 */
export function healthMiddleware(db: Db, config: Config, sources: HealthSources): Router {
  const router = Router();
  let inFlight: Promise<boolean> | undefined;
  // Many health checks at once share one ping.
  const reachable = () =>
    (inFlight ??= withTimeout(db.ping(), 3000)
      .then(
        () => true,
        () => false,
      )
      .finally(() => {
        inFlight = undefined;
      }));

  router.get('/health', async (_req, res) => {
    const body = { status: 'ok', database: db.engine, version: config.version };
    res.set('Cache-Control', 'no-store');
    if (await reachable()) res.json(body);
    else res.status(503).json({ ...body, status: 'unavailable' });
  });

  router.get('/health/ready', async (_req, res) => {
    const { load, startup } = sources;
    const database = await reachable();
    const queueFull = load.active >= load.limits.maxConcurrent && load.queued >= load.limits.queueLimit;
    const ready = database && startup.ready && !queueFull;
    res
      .status(ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({
        status: ready ? 'ready' : 'not ready',
        database: { engine: db.engine, reachable: database, migrated: startup.ready },
        queue: {
          active: load.active,
          queued: load.queued,
          maxConcurrent: load.limits.maxConcurrent,
          queueLimit: load.limits.queueLimit,
          timeoutMs: load.limits.timeoutMs,
          shed: load.shed,
        },
        pid: process.pid,
      });
  });
  return router;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
