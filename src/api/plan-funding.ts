/* Funding streams and the pooled budget's ledger through the API; a ring-fenced stream refuses an overspend. */
import { z } from 'zod';
import type { Services } from '../services.ts';
import type { Actor } from '../auth/actor.ts';
import type { FundingService } from '../features/plan/funding-service.ts';
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

const Kind = z.enum(['contribution', 'allocation', 'commitment', 'spend']);
const Totals = z
  .object({
    contributed: z.number().int(),
    allocated: z.number().int(),
    committed: z.number().int(),
    spent: z.number().int(),
    unallocated: z.number().int(),
    uncommitted: z.number().int(),
    balance: z.number().int().describe('contributed − spent'),
  })
  .describe('Pence')
  .meta({ id: 'PlanLedgerTotals' });

const StreamSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    source: z.string(),
    organisationId: z.number().int().nullable().describe('The contributing partner'),
    amountPerYearPence: z.number().int(),
    conditions: z.string(),
    ringFenced: z.boolean().describe('A ring-fenced stream refuses spending more than has been contributed'),
    totals: Totals,
  })
  .meta({ id: 'PlanFundingStream' });

const EntrySchema = z
  .object({
    id: z.number().int(),
    kind: Kind,
    amountPence: z.number().int(),
    organisationId: z.number().int().nullable(),
    actionId: z.number().int().nullable(),
    onDate: z.string(),
    note: z.string(),
    recordedBy: z.string(),
  })
  .meta({ id: 'PlanLedgerEntry' });

interface StreamRow {
  id: number;
  name: string;
  source: string;
  organisation_id: number | null;
  amount_per_year_pence: number;
  conditions: string;
  ring_fenced: number;
}
const streamJson = (s: StreamRow, totals: z.infer<typeof Totals>) => ({
  id: s.id,
  name: s.name,
  source: s.source,
  organisationId: s.organisation_id,
  amountPerYearPence: Number(s.amount_per_year_pence),
  conditions: s.conditions,
  ringFenced: Boolean(Number(s.ring_fenced)),
  totals,
});

const StreamBody = z
  .object({
    name: z.string(),
    source: z.string(),
    organisationId: z.number().int().nullable().optional(),
    amountPerYearPence: z.number().int(),
    conditions: z.string().optional(),
    ringFenced: z.boolean(),
  })
  .meta({ id: 'PlanFundingStreamInput' });

const EntryBody = z
  .object({
    kind: Kind,
    amountPence: z.number().int().describe('More than 0'),
    organisationId: z.number().int().nullable().optional().describe('The partner contributing (contributions)'),
    actionId: z.number().int().nullable().optional().describe('The plan action (allocations, commitments, spend)'),
    onDate: IsoDate,
    note: z.string().optional(),
  })
  .meta({ id: 'PlanLedgerEntryInput' });

const STREAM_FIELDS = { amountPerYear: 'amountPerYearPence' };

/** The fields sent, over the stream as it is (or over blanks for a new one), as the form sends them. */
function streamInput(base: ReturnType<typeof streamJson> | null, b: Partial<z.infer<typeof StreamBody>>) {
  const ringFenced = b.ringFenced ?? base?.ringFenced;
  return {
    name: b.name ?? base?.name ?? '',
    source: b.source ?? base?.source ?? '',
    organisationId: text(b.organisationId !== undefined ? b.organisationId : base?.organisationId),
    amountPerYear: poundsText(b.amountPerYearPence ?? base?.amountPerYearPence),
    conditions: b.conditions ?? base?.conditions ?? '',
    ringFenced: ringFenced === undefined ? '' : ringFenced ? 'yes' : 'no',
  };
}

async function streamWithEntries(funding: FundingService, actor: Actor, id: number) {
  const found = await funding.stream(actor, id);
  return {
    stream: streamJson(found.stream, found.totals),
    entries: found.entries.map((e) => ({
      id: e.id,
      kind: e.kind,
      amountPence: Number(e.amount_pence),
      organisationId: e.organisation_id,
      actionId: e.action_id,
      onDate: e.on_date,
      note: e.note,
      recordedBy: e.recorded_by,
    })),
  };
}

function planFundingOperations1(services: Services): ApiOperation[] {
  const funding = services.planFunding;
  const write = { tag: PLAN_TAG, capability: 'plan:edit' } as const;
  return [
    defineOperation({
      method: 'get',
      path: '/plan/funding',
      operationId: 'getPlanFunding',
      tag: PLAN_TAG,
      capability: 'plan:view',
      summary: 'The funding streams with their balances, each partner’s, and the pooled budget’s totals',
      responses: {
        200: {
          description: 'The pooled budget',
          schema: z.object({
            streams: z.array(StreamSchema),
            partners: z.array(z.object({ name: z.string(), contributed: z.number(), balance: z.number() })),
            totals: Totals,
          }),
        },
      },
      handle: async ({ actor }) => {
        const found = await funding.overview(actor);
        return {
          streams: found.streams.map((s) => streamJson(s, s.totals)),
          partners: found.partners.map((p) => ({ name: p.name, contributed: p.contributed, balance: p.balance })),
          totals: found.totals,
        };
      },
    }),
    defineOperation({
      method: 'get',
      path: '/plan/funding/streams/:id',
      operationId: 'getPlanFundingStream',
      tag: PLAN_TAG,
      capability: 'plan:view',
      summary: 'One funding stream with its ledger, oldest entry first',
      params: IdParams,
      responses: {
        200: {
          description: 'The stream',
          schema: z.object({ stream: StreamSchema, entries: z.array(EntrySchema) }),
        },
        ...readResponses,
      },
      handle: ({ actor, params }) => streamWithEntries(funding, actor, params.id),
    }),
    defineOperation({
      ...write,
      method: 'post',
      path: '/plan/funding/streams',
      operationId: 'createPlanFundingStream',
      summary: 'Add a funding stream',
      body: StreamBody,
      responses: {
        201: { description: 'The stream is added', schema: z.object({ stream: StreamSchema }) },
        ...changeResponses,
      },
      handle: async ({ actor, body, res }) => {
        const { id } = await asApi(funding.createStream(actor, streamInput(null, body)), STREAM_FIELDS);
        return created(res, { stream: (await streamWithEntries(funding, actor, id)).stream });
      },
    }),
  ];
}

function planFundingOperations2(services: Services): ApiOperation[] {
  const funding = services.planFunding;
  const write = { tag: PLAN_TAG, capability: 'plan:edit' } as const;
  return [
    defineOperation({
      ...write,
      method: 'patch',
      path: '/plan/funding/streams/:id',
      operationId: 'updatePlanFundingStream',
      summary: 'Change a funding stream: the fields sent replace its own; its ledger is kept as it is',
      params: IdParams,
      body: StreamBody.partial(),
      responses: {
        200: { description: 'The stream as saved', schema: z.object({ stream: StreamSchema }) },
        ...changeResponses,
      },
      handle: async ({ actor, params, body }) => {
        const current = (await streamWithEntries(funding, actor, params.id)).stream;
        await asApi(funding.updateStream(actor, params.id, streamInput(current, body)), STREAM_FIELDS);
        return { stream: (await streamWithEntries(funding, actor, params.id)).stream };
      },
    }),
    defineOperation({
      ...write,
      method: 'post',
      path: '/plan/funding/streams/:id/entries',
      operationId: 'addPlanLedgerEntry',
      summary:
        'Record a contribution, allocation, commitment or spend; on a ring-fenced stream an overspend is refused (422, naming amountPence)',
      params: IdParams,
      body: EntryBody,
      responses: {
        201: {
          description: 'The entry is recorded',
          schema: z.object({
            stream: StreamSchema,
            overspent: z.boolean().describe('An ordinary stream may go overdrawn; this says it now is'),
          }),
        },
        ...changeResponses,
      },
      handle: async ({ actor, params, body, res }) => {
        const input = {
          kind: body.kind,
          amount: poundsText(body.amountPence),
          organisationId: text(body.organisationId),
          actionId: text(body.actionId),
          on: partsOf(body.onDate),
          note: body.note ?? '',
        };
        const entry = await asApi(funding.addEntry(actor, params.id, input), { amount: 'amountPence', on: 'onDate' });
        return created(res, {
          stream: (await streamWithEntries(funding, actor, params.id)).stream,
          overspent: entry.overspent,
        });
      },
    }),
  ];
}

export function planFundingOperations(services: Services): ApiOperation[] {
  return [...planFundingOperations1(services), ...planFundingOperations2(services)];
}
