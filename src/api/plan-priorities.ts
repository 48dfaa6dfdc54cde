/* Priorities and their SMART objectives through the API. */
import { z } from 'zod';
import type { Services } from '../services.ts';
import type { ObjectiveInput, PriorityInput } from '../features/plan/plan-input.ts';
import type { ObjectiveView, PriorityView } from '../features/plan/priorities-service.ts';
import { defineOperation, type ApiOperation } from './registry.ts';
import { ActionSchema, actionJson } from './plan-actions.ts';
import { asApi, changeResponses, created, IdParams, IsoDate, partsOf, PLAN_TAG, readResponses } from './plan-common.ts';

const PrioritySchema = z
  .object({
    id: z.number().int(),
    rank: z.number().int(),
    title: z.string(),
    description: z.string(),
    themes: z.array(z.number().int()).describe('OCWT themes, 1–8'),
    riskAppetite: z.number().int().describe('Highest residual risk score (1–25) accepted'),
  })
  .meta({ id: 'PlanPriority' });

const ObjectiveSchema = z
  .object({
    id: z.number().int(),
    priorityId: z.number().int(),
    what: z.string(),
    measure: z.string(),
    target: z.string(),
    dueDate: z.string(),
    owner: z.string(),
  })
  .meta({ id: 'PlanObjective' });

const PriorityBody = z
  .object({
    title: z.string(),
    description: z.string(),
    rank: z.number().int().describe('1 is first'),
    themes: z.array(z.number().int()).optional(),
    riskAppetite: z.number().int().optional().describe('1–25; 12 when not given'),
  })
  .meta({ id: 'PlanPriorityInput' });

const ObjectiveBody = z
  .object({ what: z.string(), measure: z.string(), target: z.string(), dueDate: IsoDate, owner: z.string() })
  .meta({ id: 'PlanObjectiveInput' });

const PRIORITY_FIELDS = { appetite: 'riskAppetite' };
const OBJECTIVE_FIELDS = { due: 'dueDate' };

function priorityInput(base: PriorityView | null, b: Partial<z.infer<typeof PriorityBody>>): PriorityInput {
  return {
    title: b.title ?? base?.title ?? '',
    description: b.description ?? base?.description ?? '',
    rank: String(b.rank ?? base?.rank ?? ''),
    themes: (b.themes ?? base?.themes ?? []).map(String),
    appetite: String(b.riskAppetite ?? base?.riskAppetite ?? ''),
  };
}

function objectiveInput(base: ObjectiveView | null, b: Partial<z.infer<typeof ObjectiveBody>>): ObjectiveInput {
  return {
    what: b.what ?? base?.what ?? '',
    measure: b.measure ?? base?.measure ?? '',
    target: b.target ?? base?.target ?? '',
    due: partsOf(b.dueDate ?? base?.dueDate),
    owner: b.owner ?? base?.owner ?? '',
  };
}

function planPriorityOperations1(services: Services): ApiOperation[] {
  const priorities = services.planPriorities;
  const write = { tag: PLAN_TAG, capability: 'plan:edit' } as const;
  return [
    defineOperation({
      method: 'get',
      path: '/plan/priorities',
      operationId: 'listPlanPriorities',
      tag: PLAN_TAG,
      capability: 'plan:view',
      summary: 'The priorities, ranked, each with its SMART objectives',
      responses: {
        200: {
          description: 'The priorities',
          schema: z.array(PrioritySchema.extend({ objectives: z.array(ObjectiveSchema) })),
        },
      },
      handle: ({ actor }) => priorities.list(actor),
    }),
    defineOperation({
      method: 'get',
      path: '/plan/priorities/:id',
      operationId: 'getPlanPriority',
      tag: PLAN_TAG,
      capability: 'plan:view',
      summary: 'One priority with its objectives and actions',
      params: IdParams,
      responses: {
        200: {
          description: 'The priority',
          schema: z.object({
            priority: PrioritySchema,
            objectives: z.array(ObjectiveSchema),
            actions: z.array(ActionSchema),
          }),
        },
        ...readResponses,
      },
      handle: async ({ actor, params }) => {
        const found = await priorities.get(actor, params.id);
        return { priority: found.priority, objectives: found.objectives, actions: found.actions.map(actionJson) };
      },
    }),
    defineOperation({
      ...write,
      method: 'post',
      path: '/plan/priorities',
      operationId: 'createPlanPriority',
      summary: 'Add a priority',
      body: PriorityBody,
      responses: { 201: { description: 'The priority is added', schema: PrioritySchema }, ...changeResponses },
      handle: async ({ actor, body, res }) =>
        created(res, await asApi(priorities.create(actor, priorityInput(null, body)), PRIORITY_FIELDS)),
    }),
  ];
}

function planPriorityOperations2(services: Services): ApiOperation[] {
  const priorities = services.planPriorities;
  const write = { tag: PLAN_TAG, capability: 'plan:edit' } as const;
  return [
    defineOperation({
      ...write,
      method: 'patch',
      path: '/plan/priorities/:id',
      operationId: 'updatePlanPriority',
      summary: 'Change a priority: the fields sent replace its own',
      params: IdParams,
      body: PriorityBody.partial(),
      responses: { 200: { description: 'The priority as saved', schema: PrioritySchema }, ...changeResponses },
      handle: async ({ actor, params, body }) => {
        const current = (await priorities.get(actor, params.id)).priority;
        return asApi(priorities.update(actor, params.id, priorityInput(current, body)), PRIORITY_FIELDS);
      },
    }),
    defineOperation({
      ...write,
      method: 'post',
      path: '/plan/priorities/:id/objectives',
      operationId: 'createPlanObjective',
      summary: 'Add a SMART objective to a priority',
      params: IdParams,
      body: ObjectiveBody,
      responses: { 201: { description: 'The objective is added', schema: ObjectiveSchema }, ...changeResponses },
      handle: async ({ actor, params, body, res }) =>
        created(
          res,
          await asApi(priorities.createObjective(actor, params.id, objectiveInput(null, body)), OBJECTIVE_FIELDS),
        ),
    }),
    defineOperation({
      method: 'get',
      path: '/plan/objectives/:id',
      operationId: 'getPlanObjective',
      tag: PLAN_TAG,
      capability: 'plan:view',
      summary: 'One SMART objective',
      params: IdParams,
      responses: { 200: { description: 'The objective', schema: ObjectiveSchema }, ...readResponses },
      handle: async ({ actor, params }) => (await priorities.getObjective(actor, params.id)).objective,
    }),
    defineOperation({
      ...write,
      method: 'patch',
      path: '/plan/objectives/:id',
      operationId: 'updatePlanObjective',
      summary: 'Change a SMART objective: the fields sent replace its own',
      params: IdParams,
      body: ObjectiveBody.partial(),
      responses: { 200: { description: 'The objective as saved', schema: ObjectiveSchema }, ...changeResponses },
      handle: async ({ actor, params, body }) => {
        const current = (await priorities.getObjective(actor, params.id)).objective;
        return asApi(priorities.updateObjective(actor, params.id, objectiveInput(current, body)), OBJECTIVE_FIELDS);
      },
    }),
  ];
}

export function planPriorityOperations(services: Services): ApiOperation[] {
  return [...planPriorityOperations1(services), ...planPriorityOperations2(services)];
}
