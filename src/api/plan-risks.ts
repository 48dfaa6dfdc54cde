/* The risk register through the API: risks with their linked actions and history, and linking actions. */
import { z } from 'zod';
import type { Services } from '../services.ts';
import type { RiskInput, RiskView } from '../features/plan/risks-service.ts';
import { defineOperation, type ApiOperation } from './registry.ts';
import { ActionSchema, actionJson } from './plan-actions.ts';
import {
  asApi,
  changeResponses,
  created,
  idParam,
  IdParams,
  IsoDate,
  partsOf,
  PLAN_TAG,
  readResponses,
  text,
} from './plan-common.ts';

const Level = z.enum(['Low', 'Medium', 'High']);
const Scores = z.object({ likelihood: z.number().int(), impact: z.number().int(), score: z.number().int() });

const RiskSchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    priorityId: z.number().int().nullable(),
    cause: z.string(),
    effect: z.string(),
    owner: z.string(),
    likelihood: z.number().int().describe('1 rare – 5 almost certain'),
    impact: z.number().int().describe('1 negligible – 5 severe'),
    targetLikelihood: z.number().int(),
    targetImpact: z.number().int(),
    controls: z.string(),
    contingency: z.string(),
    reviewOn: z.string(),
    inherentScore: z.number().int().describe('likelihood × impact, 1–25'),
    inherentLevel: Level,
    residual: Scores.describe('Falls towards the target only as far as the linked actions are complete'),
    residualLevel: Level,
    linkedActions: z.number().int(),
    completeActions: z.number().int(),
    appetite: z.number().int().nullable(),
    aboveAppetite: z.boolean(),
  })
  .meta({ id: 'PlanRisk' });

const riskJson = (r: RiskView) => ({
  id: r.id,
  title: r.title,
  priorityId: r.priorityId,
  cause: r.cause,
  effect: r.effect,
  owner: r.owner,
  likelihood: r.likelihood,
  impact: r.impact,
  targetLikelihood: r.targetLikelihood,
  targetImpact: r.targetImpact,
  controls: r.controls,
  contingency: r.contingency,
  reviewOn: r.reviewOn,
  inherentScore: r.inherentScore,
  inherentLevel: r.inherentLevel,
  residual: r.residual,
  residualLevel: r.residualLevel,
  linkedActions: r.mitigation.linked,
  completeActions: r.mitigation.complete,
  appetite: r.appetite,
  aboveAppetite: r.aboveAppetite,
});

const RiskBody = z
  .object({
    title: z.string(),
    priorityId: z.number().int().nullable().optional(),
    cause: z.string(),
    effect: z.string(),
    owner: z.string(),
    likelihood: z.number().int().describe('1–5'),
    impact: z.number().int().describe('1–5'),
    targetLikelihood: z.number().int().describe('1–5, no higher than likelihood'),
    targetImpact: z.number().int().describe('1–5, no higher than impact'),
    controls: z.string().optional(),
    contingency: z.string(),
    reviewOn: IsoDate,
  })
  .meta({ id: 'PlanRiskInput' });
type RiskBodyValues = Partial<z.infer<typeof RiskBody>>;

const RISK_FIELDS = { review: 'reviewOn' };

function riskInput(base: RiskView | null, b: RiskBodyValues): RiskInput {
  return {
    title: b.title ?? base?.title ?? '',
    priorityId: b.priorityId !== undefined ? text(b.priorityId) : text(base?.priorityId),
    cause: b.cause ?? base?.cause ?? '',
    effect: b.effect ?? base?.effect ?? '',
    owner: b.owner ?? base?.owner ?? '',
    likelihood: text(b.likelihood ?? base?.likelihood),
    impact: text(b.impact ?? base?.impact),
    targetLikelihood: text(b.targetLikelihood ?? base?.targetLikelihood),
    targetImpact: text(b.targetImpact ?? base?.targetImpact),
    controls: b.controls ?? base?.controls ?? '',
    contingency: b.contingency ?? base?.contingency ?? '',
    review: partsOf(b.reviewOn ?? base?.reviewOn),
  };
}

const History = z
  .object({ at: z.string(), by: z.string(), event: z.string(), inherentScore: z.number(), residualScore: z.number() })
  .meta({ id: 'PlanRiskHistory' });

function planRiskOperations1(services: Services): ApiOperation[] {
  const risks = services.planRisks;
  const write = { tag: PLAN_TAG, capability: 'plan:edit' } as const;
  return [
    defineOperation({
      method: 'get',
      path: '/plan/risks',
      operationId: 'listPlanRisks',
      tag: PLAN_TAG,
      capability: 'plan:view',
      summary: 'The risk register with inherent and residual scores',
      responses: { 200: { description: 'The risks', schema: z.array(RiskSchema) } },
      handle: async ({ actor }) => (await risks.list(actor)).map(riskJson),
    }),
    defineOperation({
      method: 'get',
      path: '/plan/risks/:id',
      operationId: 'getPlanRisk',
      tag: PLAN_TAG,
      capability: 'plan:view',
      summary: 'One risk with its mitigating actions and the history of its scores, newest first',
      params: IdParams,
      responses: {
        200: {
          description: 'The risk',
          schema: z.object({ risk: RiskSchema, actions: z.array(ActionSchema), history: z.array(History) }),
        },
        ...readResponses,
      },
      handle: async ({ actor, params }) => {
        const found = await risks.get(actor, params.id);
        return {
          risk: riskJson(found.risk),
          actions: found.linked.map(actionJson),
          history: found.history.map((h) => ({
            at: h.at,
            by: h.actor_label,
            event: h.event,
            inherentScore: Number(h.inherent_score),
            residualScore: Number(h.residual_score),
          })),
        };
      },
    }),
    defineOperation({
      ...write,
      method: 'post',
      path: '/plan/risks',
      operationId: 'createPlanRisk',
      summary: 'Add a risk',
      body: RiskBody,
      responses: { 201: { description: 'The risk is added', schema: RiskSchema }, ...changeResponses },
      handle: async ({ actor, body, res }) =>
        created(res, riskJson(await asApi(risks.create(actor, riskInput(null, body)), RISK_FIELDS))),
    }),
  ];
}

function planRiskOperations2(services: Services): ApiOperation[] {
  const risks = services.planRisks;
  const write = { tag: PLAN_TAG, capability: 'plan:edit' } as const;
  const saved = { 200: { description: 'The risk as saved', schema: RiskSchema }, ...changeResponses };
  return [
    defineOperation({
      ...write,
      method: 'patch',
      path: '/plan/risks/:id',
      operationId: 'updatePlanRisk',
      summary: 'Change a risk: the fields sent replace its own; the scores are kept in its history',
      params: IdParams,
      body: RiskBody.partial(),
      responses: saved,
      handle: async ({ actor, params, body }) => {
        const current = (await risks.get(actor, params.id)).risk;
        return riskJson(await asApi(risks.update(actor, params.id, riskInput(current, body)), RISK_FIELDS));
      },
    }),
    defineOperation({
      ...write,
      method: 'post',
      path: '/plan/risks/:id/actions',
      operationId: 'linkPlanRiskAction',
      summary: 'Link a plan action that mitigates the risk',
      params: IdParams,
      body: z.object({ actionId: z.number().int() }),
      responses: saved,
      handle: async ({ actor, params, body }) =>
        riskJson(await asApi(risks.setLink(actor, params.id, String(body.actionId), true))),
    }),
    defineOperation({
      ...write,
      method: 'delete',
      path: '/plan/risks/:id/actions/:actionId',
      operationId: 'unlinkPlanRiskAction',
      summary: 'Unlink a mitigating action',
      params: z.object({ id: idParam('The risk'), actionId: idParam('The plan action') }),
      responses: saved,
      handle: async ({ actor, params }) =>
        riskJson(
          await asApi(risks.setLink(actor, params.id, String(params.actionId), false), { actionId: 'path.actionId' }),
        ),
    }),
  ];
}

export function planRiskOperations(services: Services): ApiOperation[] {
  return [...planRiskOperations1(services), ...planRiskOperations2(services)];
}
