import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Config } from '../config.ts';
import type { Services } from '../services.ts';
import { can } from '../auth/roles.ts';
import { ForbiddenError, UnauthenticatedError, ValidationError } from '../lib/errors.ts';
import { openApiDocument } from './openapi.ts';
import { apiOperations } from './operations.ts';
import { type ApiOperation, XLSX_TYPE } from './registry.ts';

function issuesToFields(where: string, error: z.ZodError): Record<string, string> {
  return Object.fromEntries(error.issues.map((i) => [[where, ...i.path].join('.'), i.message]));
}

function parse<T extends z.ZodType | undefined>(schema: T, value: unknown, where: string): unknown {
  if (!schema) return value;
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(issuesToFields(where, result.error));
  return result.data;
}

function mount(router: Router, op: ApiOperation, services: Services): void {
  router[op.method](op.path, async (req: Request, res: Response, next: NextFunction) => {
    try {
      const header = req.get('authorization') ?? '';
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const actor = match ? await services.tokens.authenticate(match[1] as string, req.ip ?? null) : null;
      if (!actor) throw new UnauthenticatedError();
      res.set('Cache-Control', 'no-store');
      const needed = typeof op.capability === 'string' ? [op.capability] : op.capability;
      if (!needed.some((c) => can(actor.role, c))) throw new ForbiddenError();
      const params = parse(op.params, req.params, 'path');
      const query = parse(op.query, req.query, 'query');
      if (op.body && !op.bodyMediaTypes?.length && !req.is('application/json'))
        throw new ValidationError({ body: 'Send the body as JSON (Content-Type: application/json)' });
      const body = op.body && req.is('application/json') ? parse(op.body, req.body, 'body') : req.body;
      const result = await op.handle({ actor, params, query, body, req, res });
      if (!res.headersSent) res.json(result);
    } catch (err) {
      next(err);
    }
  });
}

/** /api/v1: bearer-token JSON API. No cookies, so no session and no CSRF. */
export function apiRouter(services: Services, config: Config): Router {
  const router = Router();
  const operations = apiOperations(services);
  router.use(express.json({ limit: '5mb' }));
  router.use(express.text({ type: ['text/csv', 'text/plain'], limit: '50mb' }));
  router.use(express.raw({ type: XLSX_TYPE, limit: '50mb' }));
  router.get('/v1/openapi.json', (_req, res) => {
    res.json(openApiDocument(operations, config.version, config.baseUrl));
  });
  const v1 = Router();
  for (const op of operations) mount(v1, op, services);
  router.use('/v1', v1);
  router.use((_req, res) => {
    res.status(404).json({ error: 'Not found', message: 'No such API operation. See /api/v1/openapi.json.' });
  });
  return router;
}
