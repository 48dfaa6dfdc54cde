import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import { GOVUK_DIST } from './views.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** govuk-frontend's CSS, JS, fonts and images straight from node_modules, plus our own few files. */
export function staticMiddleware(production: boolean): Router {
  const router = Router();
  const options = { maxAge: production ? '7d' : 0, index: false as const };
  router.use('/assets', express.static(join(GOVUK_DIST, 'govuk', 'assets'), options));
  router.use('/assets', express.static(join(GOVUK_DIST, 'govuk'), { ...options, extensions: [] }));
  router.use('/assets', express.static(join(here, '..', 'assets'), options));
  return router;
}
