import { Router } from 'express';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';

/** GET /health: 200 when the database answers, 503 when it does not. Mounted first: no session, no auth. */
export function healthMiddleware(db: Db, config: Config): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const body = { status: 'ok', database: db.engine, version: config.version };
    try {
      await withTimeout(db.ping(), 3000);
      res.set('Cache-Control', 'no-store').json(body);
    } catch {
      res
        .status(503)
        .set('Cache-Control', 'no-store')
        .json({ ...body, status: 'unavailable' });
    }
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
