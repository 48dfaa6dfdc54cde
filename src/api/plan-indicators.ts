/* Success indicators through the API: values per quarter, targets per financial year, and sign-off of a quarter. */
import { z } from 'zod';
import type { Services } from '../services.ts';
import type { IndicatorsService } from '../features/plan/indicators-service.ts';
import { isLiveSource, LIVE_SOURCES } from '../features/plan/indicator-rules.ts';
import { defineOperation, type ApiOperation } from './registry.ts';
import { asApi, changeResponses, created, idParam, IdParams, IsoDate, PLAN_TAG, readResponses } from './plan-common.ts';

const SOURCES = ['manual', ...Object.keys(LIVE_SOURCES)] as [string, ...string[]];
const Travel = z.enum(['better', 'worse', 'same', 'none']);

const Point = z
  .object({
    quarterEnd: z.string(),
    value: z.number().nullable().describe('Null when not recorded, or withheld (suppressed)'),
    suppressed: z.boolean(),
    signedOff: z.boolean().describe('Frozen: the value no longer changes'),
    target: z.number().nullable().describe('The financial year’s target'),
    rag: z.enum(['green', 'amber', 'red', 'none']),
    vsLastQuarter: Travel,
    vsLastYear: Travel,
  })
  .meta({ id: 'PlanIndicatorPoint' });

const IndicatorSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    definition: z.string(),
    unit: z.string(),
    polarity: z.enum(['higher', 'lower']).describe('Which way is better'),
    baseline: z.number().nullable(),
    source: z
      .enum(SOURCES)
      .describe('manual; workforce.*: live from the (suppressed) workforce profile; training.*: live from training'),
    sourceLabel: z.string().describe('Where the values come from, as the indicator page names it'),
    tolerancePercent: z.number().describe('Amber within this share of the target'),
    points: z
      .array(Point)
      .describe('Quarter ends, oldest first: the last 8 in the list, the last 12 for one indicator'),
  })
  .meta({ id: 'PlanIndicator' });

type Series = Awaited<ReturnType<IndicatorsService['get']>>['indicator'];
const indicatorJson = (i: Series) => ({
  id: i.id,
  name: i.name,
  definition: i.definition,
  unit: i.unit,
  polarity: i.polarity,
  baseline: i.baseline === null ? null : Number(i.baseline),
  source: i.source,
  sourceLabel: isLiveSource(i.source) ? LIVE_SOURCES[i.source].label : 'Entered by hand',
  tolerancePercent: Number(i.tolerance_percent),
  points: i.points.map((p) => ({
    quarterEnd: p.quarterEnd,
    value: p.value,
    suppressed: p.suppressed,
    signedOff: p.signedOff,
    target: p.target,
    rag: p.rag,
    vsLastQuarter: p.vsLastQuarter,
    vsLastYear: p.vsLastYear,
  })),
});

const IndicatorBody = z
  .object({
    name: z.string(),
    definition: z.string(),
    unit: z.string(),
    polarity: z.enum(['higher', 'lower']),
    baseline: z.number().nullable().optional(),
    source: z.enum(SOURCES),
    tolerancePercent: z.number().optional().describe('0–100; 10 when not given'),
  })
  .meta({ id: 'PlanIndicatorInput' });

const INDICATOR_FIELDS = { tolerance: 'tolerancePercent' };

/** The fields sent, over the indicator as it is (or over blanks for a new one), as the form sends them. */
function indicatorInput(base: ReturnType<typeof indicatorJson> | null, b: Partial<z.infer<typeof IndicatorBody>>) {
  const baseline = b.baseline !== undefined ? b.baseline : base?.baseline;
  const tolerance = b.tolerancePercent ?? base?.tolerancePercent;
  return {
    name: b.name ?? base?.name ?? '',
    definition: b.definition ?? base?.definition ?? '',
    unit: b.unit ?? base?.unit ?? '',
    polarity: b.polarity ?? base?.polarity ?? '',
    baseline: baseline === null || baseline === undefined ? '' : String(baseline),
    source: b.source ?? base?.source ?? '',
    tolerance: tolerance === undefined ? '' : String(tolerance),
  };
}

function planIndicatorOperations1(services: Services): ApiOperation[] {
  const indicators = services.planIndicators;
  const write = { tag: PLAN_TAG, capability: 'plan:edit' } as const;
  return [
    defineOperation({
      method: 'get',
      path: '/plan/indicators',
      operationId: 'listPlanIndicators',
      tag: PLAN_TAG,
      capability: 'plan:view',
      summary: 'Every success indicator with its last 8 quarters, RAG and direction of travel',
      responses: {
        200: {
          description: 'The indicators',
          schema: z.object({
            quarters: z.array(z.string()),
            signedOff: z.array(z.string()).describe('Quarter ends already signed off'),
            indicators: z.array(IndicatorSchema),
          }),
        },
      },
      handle: async ({ actor }) => {
        const found = await indicators.list(actor);
        return {
          quarters: found.quarters,
          signedOff: found.signedOff,
          indicators: found.indicators.map(indicatorJson),
        };
      },
    }),
    defineOperation({
      method: 'get',
      path: '/plan/indicators/:id',
      operationId: 'getPlanIndicator',
      tag: PLAN_TAG,
      capability: 'plan:view',
      summary: 'One success indicator with its last 12 quarters',
      params: IdParams,
      responses: { 200: { description: 'The indicator', schema: IndicatorSchema }, ...readResponses },
      handle: async ({ actor, params }) => indicatorJson((await indicators.get(actor, params.id)).indicator),
    }),
    defineOperation({
      ...write,
      method: 'post',
      path: '/plan/indicators',
      operationId: 'createPlanIndicator',
      summary: 'Add a success indicator',
      body: IndicatorBody,
      responses: {
        201: { description: 'The indicator is added', schema: z.object({ id: z.number().int() }) },
        ...changeResponses,
      },
      handle: async ({ actor, body, res }) => {
        const { id } = await asApi(indicators.create(actor, indicatorInput(null, body)), INDICATOR_FIELDS);
        return created(res, indicatorJson((await indicators.get(actor, id)).indicator));
      },
    }),
  ];
}

function planIndicatorOperations2(services: Services): ApiOperation[] {
  const indicators = services.planIndicators;
  const write = { tag: PLAN_TAG, capability: 'plan:edit' } as const;
  const valueParams = z.object({ id: idParam('The indicator'), quarterEnd: IsoDate.describe('A quarter end') });
  return [
    defineOperation({
      ...write,
      method: 'patch',
      path: '/plan/indicators/:id',
      operationId: 'updatePlanIndicator',
      summary: 'Change an indicator’s definition: the fields sent replace its own; signed-off values stay frozen',
      params: IdParams,
      body: IndicatorBody.partial(),
      responses: { 200: { description: 'The indicator', schema: IndicatorSchema }, ...changeResponses },
      handle: async ({ actor, params, body }) => {
        const current = indicatorJson((await indicators.get(actor, params.id)).indicator);
        await asApi(indicators.update(actor, params.id, indicatorInput(current, body)), INDICATOR_FIELDS);
        return indicatorJson((await indicators.get(actor, params.id)).indicator);
      },
    }),
    defineOperation({
      ...write,
      method: 'put',
      path: '/plan/indicators/:id/targets/:year',
      operationId: 'setPlanIndicatorTarget',
      summary: 'Set the target for a financial year (2026 is April 2026 to March 2027)',
      params: z.object({ id: idParam('The indicator'), year: z.string().regex(/^\d{4}$/, 'Use a year like 2026') }),
      body: z.object({ target: z.number() }),
      responses: { 200: { description: 'The indicator', schema: IndicatorSchema }, ...changeResponses },
      handle: async ({ actor, params, body }) => {
        const input = { year: params.year, target: String(body.target) };
        await asApi(indicators.setTarget(actor, params.id, input), { year: 'path.year' });
        return indicatorJson((await indicators.get(actor, params.id)).indicator);
      },
    }),
    defineOperation({
      ...write,
      method: 'put',
      path: '/plan/indicators/:id/values/:quarterEnd',
      operationId: 'recordPlanIndicatorValue',
      summary: 'Record a hand-entered value for a quarter (refused for live indicators and signed-off quarters)',
      params: valueParams,
      body: z.object({ value: z.number() }),
      responses: { 200: { description: 'The indicator', schema: IndicatorSchema }, ...changeResponses },
      handle: async ({ actor, params, body }) => {
        const input = { quarterEnd: params.quarterEnd, value: String(body.value) };
        await asApi(indicators.recordValue(actor, params.id, input), { quarterEnd: 'path.quarterEnd' });
        return indicatorJson((await indicators.get(actor, params.id)).indicator);
      },
    }),
  ];
}

function planIndicatorOperations3(services: Services): ApiOperation[] {
  const indicators = services.planIndicators;
  const write = { tag: PLAN_TAG, capability: 'plan:edit' } as const;
  return [
    defineOperation({
      ...write,
      method: 'post',
      path: '/plan/indicators/sign-off',
      operationId: 'signOffPlanIndicators',
      summary: 'Sign off a quarter: every indicator’s value for it (live ones as worked out now) is frozen',
      body: z.object({ quarterEnd: IsoDate }),
      responses: {
        200: {
          description: 'The quarter is signed off',
          schema: z.object({ quarterEnd: z.string(), frozen: z.number().int().describe('Values frozen') }),
        },
        422: changeResponses[422],
      },
      handle: async ({ actor, body }) => ({
        quarterEnd: body.quarterEnd,
        frozen: await asApi(indicators.signOff(actor, body.quarterEnd)),
      }),
    }),
  ];
}

export function planIndicatorOperations(services: Services): ApiOperation[] {
  return [
    ...planIndicatorOperations1(services),
    ...planIndicatorOperations2(services),
    ...planIndicatorOperations3(services),
  ];
}
