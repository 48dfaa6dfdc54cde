import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import type { Capability } from '../auth/roles.ts';

/**
 * One definition per API operation: the same zod schemas validate the request and
 * describe it in the OpenAPI document, so the two cannot drift apart.
 */
export interface ApiOperation<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path under /api/v1, e.g. "/organisations/:organisationId". */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  capability: Capability;
  params?: P;
  query?: Q;
  body?: B;
  /** Body media types other than JSON, e.g. text/csv, described as strings. */
  bodyMediaTypes?: string[];
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  handle(input: {
    actor: Actor;
    params: z.infer<P>;
    query: z.infer<Q>;
    body: z.infer<B>;
    req: Request;
    res: Response;
  }): Promise<unknown>;
}

export function defineOperation<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  op: ApiOperation<P, Q, B>,
): ApiOperation {
  return op as unknown as ApiOperation;
}

export const ErrorSchema = z.object({ error: z.string(), message: z.string().optional() }).meta({ id: 'Error' });
export const ValidationErrorSchema = z
  .object({
    error: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })),
  })
  .meta({ id: 'ValidationError' });
