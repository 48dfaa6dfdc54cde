/* Strategies and their versions through the API (issue 15 points 1 and 10, docs/adr/0026). */
import { z } from 'zod';
import type { Services } from '../services.ts';
import type { Actor } from '../auth/actor.ts';
import { defineOperation, ErrorSchema, type ApiOperation } from './registry.ts';
import {
  asApi,
  changeResponses,
  created,
  IdParams,
  idParam,
  IsoDate,
  partsOf,
  PLAN_TAG,
  readResponses,
} from './plan-common.ts';

const VersionSummary = z
  .object({
    id: z.number().int(),
    number: z.number().int(),
    status: z.enum(['draft', 'approved', 'published']),
    approvedBy: z.string().nullable(),
    approvedOn: z.string().nullable(),
    publishedAt: z.string().nullable(),
  })
  .meta({ id: 'StrategyVersionSummary' });
const StrategySchema = z
  .object({ id: z.number().int(), title: z.string(), period: z.string(), versions: z.array(VersionSummary) })
  .meta({ id: 'Strategy' });
const VersionSchema = z
  .object({
    id: z.number().int(),
    strategyId: z.number().int(),
    number: z.number().int(),
    status: z.enum(['draft', 'approved', 'published']),
    sections: z.array(z.object({ key: z.string(), title: z.string(), markdown: z.string(), html: z.string() })),
    figures: z
      .array(z.object({ token: z.string(), label: z.string(), value: z.string() }))
      .describe("A draft's current values; an approved or published version's frozen ones"),
  })
  .meta({ id: 'StrategyVersion' });
const StrategyBody = z
  .object({ title: z.string(), startYear: z.number().int(), endYear: z.number().int() })
  .meta({ id: 'StrategyInput' });
const SectionParams = z.object({ id: idParam('The version’s id'), section: z.string().describe('The section’s key') });
const conflict = { 409: { description: 'The version is not in a state that allows this', schema: ErrorSchema } };

async function versionOf(services: Services, actor: Actor, id: number) {
  const view = await services.strategies.view(actor, id);
  return {
    id: view.version.id,
    strategyId: view.version.strategyId,
    number: view.version.number,
    status: view.version.status,
    sections: view.sections.map((s) => ({ key: s.key, title: s.title, markdown: s.body, html: s.html })),
    figures: view.figures.map((f) => ({ token: f.token, label: f.label, value: String(f.value) })),
  };
}

const read = { tag: PLAN_TAG, capability: 'plan:view' } as const;
const write = { tag: PLAN_TAG, capability: 'plan:edit' } as const;

const strategyReads = (services: Services) => [
  defineOperation({
    ...read,
    method: 'get',
    path: '/plan/strategies',
    operationId: 'listStrategies',
    summary: 'The partnership’s strategies, each with its versions',
    responses: { 200: { description: 'The strategies', schema: z.array(StrategySchema) } },
    handle: async ({ actor }) => (await services.strategies.list(actor)).strategies,
  }),
  defineOperation({
    ...read,
    method: 'get',
    path: '/plan/strategies/:id',
    operationId: 'getStrategy',
    summary: 'One strategy with its versions',
    params: IdParams,
    responses: { 200: { description: 'The strategy', schema: StrategySchema }, ...readResponses },
    handle: async ({ actor, params }) => {
      const { strategy, versions } = await services.strategies.get(actor, params.id);
      return { ...strategy, versions };
    },
  }),
  defineOperation({
    ...read,
    method: 'get',
    path: '/plan/versions/:id',
    operationId: 'getStrategyVersion',
    summary: 'A version: its sections in Markdown and as HTML with the figures in place, and the figures',
    params: IdParams,
    responses: { 200: { description: 'The version', schema: VersionSchema }, ...readResponses },
    handle: ({ actor, params }) => versionOf(services, actor, params.id),
  }),
];

const strategyChanges = (services: Services) => [
  defineOperation({
    ...write,
    method: 'post',
    path: '/plan/strategies',
    operationId: 'createStrategy',
    summary: 'Add a strategy over a period, with a first draft version',
    body: StrategyBody,
    responses: {
      201: { description: 'The strategy', schema: z.object({ id: z.number().int(), versionId: z.number().int() }) },
      ...changeResponses,
    },
    handle: async ({ actor, body, res }) =>
      created(
        res,
        await asApi(
          services.strategies.create(actor, {
            title: body.title,
            startYear: String(body.startYear),
            endYear: String(body.endYear),
          }),
        ),
      ),
  }),
  defineOperation({
    ...write,
    method: 'post',
    path: '/plan/strategies/:id/versions',
    operationId: 'startStrategyDraft',
    summary: 'Start a new draft from the latest version (one draft at a time)',
    params: IdParams,
    responses: {
      201: { description: 'The draft', schema: z.object({ id: z.number().int(), number: z.number().int() }) },
      ...readResponses,
      ...conflict,
    },
    handle: async ({ actor, params, res }) => created(res, await services.strategies.startDraft(actor, params.id)),
  }),
];

const versionChanges = (services: Services) => [
  defineOperation({
    ...write,
    method: 'put',
    path: '/plan/versions/:id/sections/:section',
    operationId: 'saveStrategySection',
    summary: 'Replace a draft’s section (Markdown; figure tokens such as {{ workforce.turnoverRate }})',
    params: SectionParams,
    body: z.object({ markdown: z.string() }).meta({ id: 'StrategySectionInput' }),
    responses: { 200: { description: 'The version', schema: VersionSchema }, ...changeResponses, ...conflict },
    handle: async ({ actor, params, body }) => {
      await asApi(services.strategies.saveSection(actor, params.id, params.section, body.markdown), {
        body: 'body.markdown',
      });
      return versionOf(services, actor, params.id);
    },
  }),
  defineOperation({
    ...write,
    method: 'post',
    path: '/plan/versions/:id/approve',
    operationId: 'approveStrategyVersion',
    summary: 'Approve a draft by a governance group on a date: every figure is frozen into it',
    params: IdParams,
    body: z.object({ groupId: z.number().int(), approvedOn: IsoDate }).meta({ id: 'StrategyApproval' }),
    responses: { 200: { description: 'The version', schema: VersionSchema }, ...changeResponses, ...conflict },
    handle: async ({ actor, params, body }) => {
      await asApi(
        services.strategies.approve(actor, params.id, { groupId: String(body.groupId), on: partsOf(body.approvedOn) }),
      );
      return versionOf(services, actor, params.id);
    },
  }),
  defineOperation({
    ...write,
    method: 'post',
    path: '/plan/versions/:id/publish',
    operationId: 'publishStrategyVersion',
    summary: 'Publish an approved version at /p/<partnership>/strategy',
    params: IdParams,
    responses: { 200: { description: 'The version', schema: VersionSchema }, ...readResponses, ...conflict },
    handle: async ({ actor, params }) => {
      await services.strategies.publish(actor, params.id);
      return versionOf(services, actor, params.id);
    },
  }),
];

export const planStrategyOperations = (services: Services): ApiOperation[] => [
  ...strategyReads(services),
  ...strategyChanges(services),
  ...versionChanges(services),
];
