/* The action plan through the API: list with filters, read, add, change, progress updates and the RAG override. */
import { z } from 'zod';
import type { Services } from '../services.ts';
import type { ActionView } from '../features/plan/actions-service.ts';
import type { ActionInput } from '../features/plan/plan-input.ts';
import { isException, RAG_STATES } from '../features/plan/rag.ts';
import { defineOperation, type ApiOperation } from './registry.ts';
import {
  asApi,
  changeResponses,
  created,
  IdParams,
  IsoDate,
  partsOf,
  PLAN_TAG,
  poundsText,
  readResponses,
  text,
} from './plan-common.ts';

const Position = z.number().int().min(1).max(8);

export const ActionSchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    priorityId: z.number().int().nullable(),
    priorityTitle: z.string().nullable(),
    objectiveId: z.number().int().nullable(),
    themes: z.array(Position).describe('OCWT themes, 1–8'),
    stages: z.array(Position).describe('OCWT stages, 1–8'),
    outcomes: z.string(),
    successCriteria: z.string(),
    leadUserId: z.number().int().nullable().describe('The lead’s user id, or null for a named person'),
    leadName: z.string(),
    leadOrganisation: z.string(),
    startDate: z.string(),
    dueDate: z.string(),
    costPence: z.number().int().nullable(),
    fundingStream: z.string(),
    progress: z.number().int().describe('0–100, from the latest update'),
    lastUpdateOn: z.string().nullable(),
    rag: z.enum(RAG_STATES).describe('blue: complete; grey: not started'),
    workedOutRag: z.enum(RAG_STATES).describe('The written rule’s colour, before any override'),
    overrideReason: z.string().nullable().describe('Set when the RAG is overridden'),
    stale: z.boolean().describe('No update for 6 weeks'),
    courseIds: z.array(z.number().int()).describe('The training courses the action commissions'),
    courses: z
      .array(z.object({ id: z.number().int(), title: z.string() }))
      .describe('The same courses with their titles, by title'),
  })
  .meta({ id: 'PlanAction' });

export function actionJson(a: ActionView) {
  const { status, ragOverride: _override, ragOverrideReason, priorityRank: _rank, ...own } = a;
  return {
    ...own,
    rag: status.rag,
    workedOutRag: status.worked,
    overrideReason: status.overridden ? ragOverrideReason : null,
    stale: status.stale,
    courseIds: a.courses.map((c) => c.id),
  };
}

const ActionBody = z
  .object({
    title: z.string(),
    priorityId: z.number().int(),
    objectiveId: z.number().int().nullable().optional(),
    themes: z.array(z.number().int()).optional(),
    stages: z.array(z.number().int()).optional(),
    outcomes: z.string(),
    successCriteria: z.string().optional(),
    leadUserId: z.number().int().nullable().optional().describe('A user of the partnership; or give leadName'),
    leadName: z.string().optional().describe('A lead without an account, with leadOrganisation'),
    leadOrganisation: z.string().optional(),
    startDate: IsoDate,
    dueDate: IsoDate.describe('On or after startDate'),
    costPence: z.number().int().nullable().optional().describe('Whole pence, 0 or more'),
    fundingStream: z.string().optional(),
    courseIds: z
      .array(z.number().int())
      .optional()
      .describe('Training courses of your partnership’s catalogue; replaces the links; left as they are when absent'),
  })
  .meta({ id: 'PlanActionInput' });
type ActionBodyValues = Partial<z.infer<typeof ActionBody>>;

/** The service's field names as the request names them. */
const ACTION_FIELDS = { start: 'startDate', due: 'dueDate', cost: 'costPence' };

const EMPTY: ActionInput = {
  title: '',
  priorityId: '',
  objectiveId: '',
  themes: [],
  stages: [],
  outcomes: '',
  successCriteria: '',
  leadUserId: '',
  leadName: '',
  leadOrganisation: '',
  start: partsOf(null),
  due: partsOf(null),
  cost: '',
  fundingStream: '',
};

const inputOf = (a: ActionView): ActionInput => ({
  title: a.title,
  priorityId: text(a.priorityId),
  objectiveId: text(a.objectiveId),
  themes: a.themes.map(String),
  stages: a.stages.map(String),
  outcomes: a.outcomes,
  successCriteria: a.successCriteria,
  leadUserId: text(a.leadUserId),
  leadName: a.leadName,
  leadOrganisation: a.leadOrganisation,
  start: partsOf(a.startDate),
  due: partsOf(a.dueDate),
  cost: poundsText(a.costPence),
  fundingStream: a.fundingStream,
});

/** The fields the request gives, over the action as it is (or over blanks for a new one). */
function withBody(base: ActionInput, b: ActionBodyValues): ActionInput {
  const given = <K extends keyof ActionBodyValues>(key: K) => b[key] !== undefined;
  return {
    title: b.title ?? base.title,
    priorityId: given('priorityId') ? text(b.priorityId) : base.priorityId,
    objectiveId: given('objectiveId') ? text(b.objectiveId) : base.objectiveId,
    themes: b.themes ? b.themes.map(String) : base.themes,
    stages: b.stages ? b.stages.map(String) : base.stages,
    outcomes: b.outcomes ?? base.outcomes,
    successCriteria: b.successCriteria ?? base.successCriteria,
    leadUserId: given('leadUserId') ? text(b.leadUserId) : base.leadUserId,
    leadName: b.leadName ?? base.leadName,
    leadOrganisation: b.leadOrganisation ?? base.leadOrganisation,
    start: b.startDate ? partsOf(b.startDate) : base.start,
    due: b.dueDate ? partsOf(b.dueDate) : base.due,
    cost: given('costPence') ? poundsText(b.costPence) : base.cost,
    fundingStream: b.fundingStream ?? base.fundingStream,
    courseIds: b.courseIds ? b.courseIds.map(String) : base.courseIds,
  };
}

const NumericId = z
  .string()
  .regex(/^\d{1,9}$/, 'Use the numeric id')
  .transform(Number);
const ListQuery = z.object({
  rag: z.enum(RAG_STATES).optional().describe('Only actions of this colour'),
  exceptions: z.enum(['true', 'false']).optional().describe('true: only red, amber and stale actions'),
  priorityId: NumericId.optional().describe('Only the actions of this priority'),
  leadUserId: NumericId.optional().describe('Only the actions this user leads'),
});

const Update = z
  .object({ updateOn: z.string(), progress: z.number().int(), narrative: z.string(), author: z.string() })
  .meta({ id: 'PlanActionUpdate' });

function planActionOperations1(services: Services): ApiOperation[] {
  const actions = services.planActions;
  return [
    defineOperation({
      method: 'get',
      path: '/plan/actions',
      operationId: 'listPlanActions',
      tag: PLAN_TAG,
      capability: 'plan:view',
      summary: 'The action plan, by priority rank then due date, with each action’s RAG',
      query: ListQuery,
      responses: { 200: { description: 'The actions', schema: z.array(ActionSchema) } },
      handle: async ({ actor, query }) => {
        const list = await actions.list(actor, { priorityId: query.priorityId, leadUserId: query.leadUserId });
        return list
          .filter((a) => !query.rag || a.status.rag === query.rag)
          .filter((a) => query.exceptions !== 'true' || isException(a.status))
          .map(actionJson);
      },
    }),
    defineOperation({
      method: 'get',
      path: '/plan/actions/mine',
      operationId: 'listMyPlanActions',
      tag: PLAN_TAG,
      capability: 'plan:update-own',
      summary: 'The actions the token’s user is named as lead of',
      responses: { 200: { description: 'The actions', schema: z.array(ActionSchema) } },
      handle: async ({ actor }) => (await actions.mine(actor)).map(actionJson),
    }),
    defineOperation({
      method: 'get',
      path: '/plan/actions/:id',
      operationId: 'getPlanAction',
      tag: PLAN_TAG,
      capability: 'plan:view',
      summary: 'One action with every progress update, newest first',
      params: IdParams,
      responses: {
        200: {
          description: 'The action',
          schema: z.object({ action: ActionSchema, updates: z.array(Update), canUpdate: z.boolean() }),
        },
        ...readResponses,
      },
      handle: async ({ actor, params }) => {
        const found = await actions.get(actor, params.id);
        return {
          action: actionJson(found.action),
          updates: found.updates.map((u) => ({
            updateOn: u.update_on,
            progress: Number(u.progress),
            narrative: u.narrative,
            author: u.author_label,
          })),
          canUpdate: found.canUpdate,
        };
      },
    }),
  ];
}

function planActionOperations2(services: Services): ApiOperation[] {
  const actions = services.planActions;
  const ok = (description: string) => ({ 200: { description, schema: ActionSchema }, ...changeResponses });
  return [
    defineOperation({
      method: 'post',
      path: '/plan/actions',
      operationId: 'createPlanAction',
      tag: PLAN_TAG,
      capability: 'plan:edit',
      summary: 'Add an action to the plan',
      body: ActionBody,
      responses: { 201: { description: 'The action is added', schema: ActionSchema }, ...changeResponses },
      handle: async ({ actor, body, res }) =>
        created(res, actionJson(await asApi(actions.create(actor, withBody(EMPTY, body)), ACTION_FIELDS))),
    }),
    defineOperation({
      method: 'patch',
      path: '/plan/actions/:id',
      operationId: 'updatePlanAction',
      tag: PLAN_TAG,
      capability: 'plan:edit',
      summary: 'Change an action: the fields sent replace the action’s own',
      params: IdParams,
      body: ActionBody.partial(),
      responses: ok('The action as saved'),
      handle: async ({ actor, params, body }) => {
        const current = (await actions.get(actor, params.id)).action;
        const input = withBody(inputOf(current), body);
        return actionJson(await asApi(actions.update(actor, params.id, input), ACTION_FIELDS));
      },
    }),
    defineOperation({
      method: 'post',
      path: '/plan/actions/:id/updates',
      operationId: 'addPlanActionUpdate',
      tag: PLAN_TAG,
      capability: 'plan:update-own',
      summary: 'Add a dated progress update (plan editors, or the action’s own lead); the RAG is worked out again',
      params: IdParams,
      body: z.object({
        progress: z.number().int().describe('0–100; 100 is complete (blue)'),
        narrative: z.string().describe('What has happened since the last update'),
      }),
      responses: { 201: { description: 'The action after the update', schema: ActionSchema }, ...changeResponses },
      handle: async ({ actor, params, body, res }) => {
        const input = { progress: String(body.progress), narrative: body.narrative };
        return created(res, actionJson(await asApi(actions.addUpdate(actor, params.id, input))));
      },
    }),
  ];
}

function planActionOperations3(services: Services): ApiOperation[] {
  const actions = services.planActions;
  const ok = (description: string) => ({ 200: { description, schema: ActionSchema }, ...changeResponses });
  return [
    defineOperation({
      method: 'put',
      path: '/plan/actions/:id/rag-override',
      operationId: 'overridePlanActionRag',
      tag: PLAN_TAG,
      capability: 'plan:edit',
      summary: 'Override the worked-out RAG with a reason, or clear the override with rag null',
      params: IdParams,
      body: z.object({
        rag: z.enum(['red', 'amber', 'green']).nullable(),
        reason: z.string().optional().describe('Required with a colour'),
      }),
      responses: ok('The action with its RAG'),
      handle: async ({ actor, params, body }) =>
        actionJson(
          await asApi(actions.overrideRag(actor, params.id, { rag: body.rag ?? '', reason: body.reason ?? '' })),
        ),
    }),
  ];
}

export function planActionOperations(services: Services): ApiOperation[] {
  return [...planActionOperations1(services), ...planActionOperations2(services), ...planActionOperations3(services)];
}
