/* The glossary and acronyms through the API. */
import { z } from 'zod';
import type { Services } from '../services.ts';
import { defineOperation, type ApiOperation } from './registry.ts';
import { asApi, changeResponses, created, IdParams, PLAN_TAG, readResponses } from './plan-common.ts';

const TermSchema = z
  .object({ id: z.number().int(), term: z.string(), expansion: z.string(), definition: z.string() })
  .meta({ id: 'GlossaryTerm' });
const TermBody = z
  .object({
    term: z.string().describe('Unique in the partnership, whatever the capitals'),
    expansion: z.string().optional().describe('What an acronym stands for'),
    definition: z.string(),
  })
  .meta({ id: 'GlossaryTermInput' });

export function planGlossaryOperations(services: Services): ApiOperation[] {
  const glossary = services.planGlossary;
  const write = { tag: PLAN_TAG, capability: 'plan:edit' } as const;
  const read = { tag: PLAN_TAG, capability: 'plan:view' } as const;
  return [
    defineOperation({
      ...read,
      method: 'get',
      path: '/plan/glossary',
      operationId: 'listGlossaryTerms',
      summary: 'The glossary A–Z, or the terms whose words match q',
      query: z.object({ q: z.string().max(200).optional().describe('Words every term returned contains') }),
      responses: { 200: { description: 'The terms', schema: z.array(TermSchema) } },
      handle: async ({ actor, query }) => (await glossary.list(actor, query.q ?? '')).terms,
    }),
    defineOperation({
      ...read,
      method: 'get',
      path: '/plan/glossary/:id',
      operationId: 'getGlossaryTerm',
      summary: 'One term',
      params: IdParams,
      responses: { 200: { description: 'The term', schema: TermSchema }, ...readResponses },
      handle: ({ actor, params }) => glossary.get(actor, params.id),
    }),
    defineOperation({
      ...write,
      method: 'post',
      path: '/plan/glossary',
      operationId: 'createGlossaryTerm',
      summary: 'Add a term; one already there in any capitals is refused',
      body: TermBody,
      responses: { 201: { description: 'The term is added', schema: TermSchema }, ...changeResponses },
      handle: async ({ actor, body, res }) =>
        created(res, await asApi(glossary.create(actor, { ...body, expansion: body.expansion ?? '' }))),
    }),
    defineOperation({
      ...write,
      method: 'patch',
      path: '/plan/glossary/:id',
      operationId: 'updateGlossaryTerm',
      summary: 'Change a term: the fields sent replace its own',
      params: IdParams,
      body: TermBody.partial(),
      responses: { 200: { description: 'The term as saved', schema: TermSchema }, ...changeResponses },
      handle: async ({ actor, params, body }) => {
        const current = await glossary.get(actor, params.id);
        return asApi(glossary.update(actor, params.id, { ...current, ...body }));
      },
    }),
    defineOperation({
      ...write,
      method: 'delete',
      path: '/plan/glossary/:id',
      operationId: 'deleteGlossaryTerm',
      summary: 'Remove a term',
      params: IdParams,
      responses: { 200: { description: 'The term removed', schema: TermSchema }, ...readResponses },
      handle: ({ actor, params }) => glossary.remove(actor, params.id),
    }),
  ];
}
