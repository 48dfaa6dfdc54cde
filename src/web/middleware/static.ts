import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import { buildStylesheet } from '../stylesheet.ts';
import { GOVUK_DIST } from './views.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** Our compiled stylesheet, govuk-frontend's JS, fonts and images from node_modules, and our own few files. */
export function staticMiddleware(production: boolean): Router {
  // Normally already built by `npm start` / `npm test`; a server started another way builds it here.
  buildStylesheet();
  const router = Router();
  const options = { maxAge: production ? '7d' : 0, index: false as const };
  router.use('/assets', express.static(join(GOVUK_DIST, 'govuk', 'assets'), options));
  router.use('/assets', express.static(join(GOVUK_DIST, 'govuk'), { ...options, extensions: [] }));
  router.use('/assets', express.static(join(here, '..', 'assets'), options));
  return router;
}
