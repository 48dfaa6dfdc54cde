import { z } from 'zod';
import type { ApiOperation } from './registry.ts';
import { ErrorSchema, XLSX_TYPE } from './registry.ts';

const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' }) as Record<
    string,
    unknown
  >;
}

function parameters(op: ApiOperation) {
  const list: Record<string, unknown>[] = [];
  for (const [where, schema] of [
    ['path', op.params],
    ['query', op.query],
  ] as const) {
    if (!schema || !(schema instanceof z.ZodObject)) continue;
    for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      const description = field.description;
      list.push({
        name,
        in: where,
        required: where === 'path' || !field.safeParse(undefined).success,
        schema: jsonSchema(field),
        ...(description ? { description } : {}),
      });
    }
  }
  return list;
}

/** The OpenAPI 3.1 document, built from the operations' own schemas. */
export function openApiDocument(
  operations: ApiOperation[],
  version: string,
  serverUrl: string,
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = toOpenApiPath(op.path);
    const content: Record<string, unknown> = {};
    if (op.body) content['application/json'] = { schema: jsonSchema(op.body) };
    for (const type of op.bodyMediaTypes ?? [])
      content[type] = { schema: type === XLSX_TYPE ? { type: 'string', format: 'binary' } : { type: 'string' } };
    const needs = (typeof op.capability === 'string' ? [op.capability] : op.capability).map((c) => `\`${c}\``);
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(op.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema ? { content: { 'application/json': { schema: jsonSchema(response.schema) } } } : {}),
      };
    }
    responses['401'] ??= {
      description: 'Missing, unknown or revoked token',
      content: { 'application/json': { schema: jsonSchema(ErrorSchema) } },
    };
    responses['403'] ??= {
      description: `The token's user lacks the capability ${needs.join(' or ')}`,
      content: { 'application/json': { schema: jsonSchema(ErrorSchema) } },
    };
    (paths[path] ??= {})[op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      tags: [op.tag],
      description: `Needs the capability ${needs.join(' or ')} (see docs/roles.md).`,
      parameters: parameters(op),
      ...(Object.keys(content).length ? { requestBody: { required: true, content } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'One Workforce API',
      version,
      description: 'Personal API tokens act with their user’s capabilities. Create one on your account page.',
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'A personal API token, starting "ow_"' },
      },
    },
    paths,
  };
}
