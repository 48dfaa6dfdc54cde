/* Governance through the API: groups, members, meetings, actions arising, and an action arising put on the plan. */
import { z } from 'zod';
import type { Services } from '../services.ts';
import { todayInLondon } from '../lib/dates.ts';
import type { Actor } from '../auth/actor.ts';
import type { GovernanceService, GroupInput } from '../features/plan/governance-service.ts';
import { defineOperation, type ApiOperation } from './registry.ts';
import {
  asApi,
  changeResponses,
  created,
  IdParams,
  IsoDate,
  partsOf,
  PLAN_TAG,
  readResponses,
  text,
} from './plan-common.ts';

const Kind = z.enum(['board', 'steering', 'sub-group']);
const GroupSchema = z
  .object({
    id: z.number().int(),
    kind: Kind,
    name: z.string(),
    parentId: z.number().int().nullable().describe('The group it reports to'),
    termsOfReference: z.string(),
    reviewOn: z.string(),
    reviewOverdue: z.boolean(),
  })
  .meta({ id: 'GovernanceGroup' });
const MemberSchema = z
  .object({ id: z.number().int(), name: z.string(), organisation: z.string(), role: z.string() })
  .meta({ id: 'GovernanceMember' });
const MeetingSchema = z
  .object({ id: z.number().int(), groupId: z.number().int(), heldOn: z.string(), decisions: z.array(z.string()) })
  .meta({ id: 'GovernanceMeeting' });
const ArisingSchema = z
  .object({
    id: z.number().int(),
    what: z.string(),
    owner: z.string(),
    organisation: z.string(),
    dueOn: z.string(),
    planActionId: z.number().int().nullable().describe('Set once it is on the action plan'),
  })
  .meta({ id: 'GovernanceActionArising' });

interface GroupRow {
  id: number;
  kind: string;
  name: string;
  parent_id: number | null;
  terms_of_reference: string;
  review_on: string;
}
const groupJson = (g: GroupRow, today: string) => ({
  id: g.id,
  kind: g.kind,
  name: g.name,
  parentId: g.parent_id,
  termsOfReference: g.terms_of_reference,
  reviewOn: g.review_on,
  reviewOverdue: g.review_on < today,
});
const meetingJson = (m: { id: number; group_id: number; held_on: string; decisions: string }) => ({
  id: m.id,
  groupId: m.group_id,
  heldOn: m.held_on,
  decisions: m.decisions
    .split('\n')
    .map((d) => d.trim())
    .filter(Boolean),
});
const arisingJson = (a: {
  id: number;
  what: string;
  owner: string;
  owner_organisation: string;
  due_on: string;
  plan_action_id: number | null;
}) => ({
  id: a.id,
  what: a.what,
  owner: a.owner,
  organisation: a.owner_organisation,
  dueOn: a.due_on,
  planActionId: a.plan_action_id,
});

const GroupBody = z
  .object({
    kind: Kind,
    name: z.string(),
    parentId: z.number().int().nullable().optional(),
    termsOfReference: z.string(),
    reviewOn: IsoDate.describe('When the terms of reference are next reviewed'),
  })
  .meta({ id: 'GovernanceGroupInput' });

const groupInput = (base: GroupInput, b: Partial<z.infer<typeof GroupBody>>): GroupInput => ({
  kind: b.kind ?? base.kind,
  name: b.name ?? base.name,
  parentId: b.parentId !== undefined ? text(b.parentId) : base.parentId,
  termsOfReference: b.termsOfReference ?? base.termsOfReference,
  review: b.reviewOn ? partsOf(b.reviewOn) : base.review,
});
const BLANK_GROUP: GroupInput = { kind: '', name: '', parentId: '', termsOfReference: '', review: partsOf(null) };

const GroupDetail = z.object({ group: GroupSchema, members: z.array(MemberSchema), meetings: z.array(MeetingSchema) });
const MeetingDetail = z.object({ meeting: MeetingSchema, arising: z.array(ArisingSchema) });

async function groupDetail(governance: GovernanceService, actor: Actor, id: number) {
  const found = await governance.get(actor, id);
  return {
    group: groupJson(found.group, todayInLondon()),
    members: found.members.map((m) => ({ id: m.id, name: m.name, organisation: m.organisation, role: m.role })),
    meetings: found.meetings.map(meetingJson),
  };
}

async function meetingDetail(governance: GovernanceService, actor: Actor, id: number) {
  const found = await governance.getMeeting(actor, id);
  return { meeting: meetingJson(found.meeting), arising: found.arising.map(arisingJson) };
}

function planGovernanceOperations1(services: Services): ApiOperation[] {
  const governance = services.planGovernance;
  const write = { tag: PLAN_TAG, capability: 'plan:edit' } as const;
  const read = { tag: PLAN_TAG, capability: 'plan:view' } as const;
  return [
    defineOperation({
      ...read,
      method: 'get',
      path: '/plan/groups',
      operationId: 'listGovernanceGroups',
      summary: 'The board, steering group and sub-groups',
      responses: { 200: { description: 'The groups', schema: z.array(GroupSchema) } },
      handle: async ({ actor }) => (await governance.list(actor)).groups.map((g) => groupJson(g, todayInLondon())),
    }),
    defineOperation({
      ...read,
      method: 'get',
      path: '/plan/groups/:id',
      operationId: 'getGovernanceGroup',
      summary: 'One group with its members and meetings, newest first',
      params: IdParams,
      responses: { 200: { description: 'The group', schema: GroupDetail }, ...readResponses },
      handle: ({ actor, params }) => groupDetail(governance, actor, params.id),
    }),
    defineOperation({
      ...write,
      method: 'post',
      path: '/plan/groups',
      operationId: 'createGovernanceGroup',
      summary: 'Add a group',
      body: GroupBody,
      responses: { 201: { description: 'The group is added', schema: GroupDetail }, ...changeResponses },
      handle: async ({ actor, body, res }) => {
        const row = await asApi(governance.createGroup(actor, groupInput(BLANK_GROUP, body)), { review: 'reviewOn' });
        return created(res, await groupDetail(governance, actor, row.id));
      },
    }),
    defineOperation({
      ...write,
      method: 'patch',
      path: '/plan/groups/:id',
      operationId: 'updateGovernanceGroup',
      summary: 'Change a group: the fields sent replace its own',
      params: IdParams,
      body: GroupBody.partial(),
      responses: { 200: { description: 'The group as saved', schema: GroupDetail }, ...changeResponses },
      handle: async ({ actor, params, body }) => {
        const base = governance.groupInput((await governance.get(actor, params.id)).group);
        await asApi(governance.updateGroup(actor, params.id, groupInput(base, body)), { review: 'reviewOn' });
        return groupDetail(governance, actor, params.id);
      },
    }),
    defineOperation({
      ...write,
      method: 'post',
      path: '/plan/groups/:id/members',
      operationId: 'addGovernanceMember',
      summary: 'Add a member to a group',
      params: IdParams,
      body: z.object({ name: z.string(), organisation: z.string(), role: z.string().describe('e.g. Chair') }),
      responses: { 201: { description: 'The group with the member', schema: GroupDetail }, ...changeResponses },
      handle: async ({ actor, params, body, res }) => {
        await asApi(governance.addMember(actor, params.id, body));
        return created(res, await groupDetail(governance, actor, params.id));
      },
    }),
  ];
}

function planGovernanceOperations2(services: Services): ApiOperation[] {
  const governance = services.planGovernance;
  const write = { tag: PLAN_TAG, capability: 'plan:edit' } as const;
  const read = { tag: PLAN_TAG, capability: 'plan:view' } as const;
  return [
    defineOperation({
      ...write,
      method: 'post',
      path: '/plan/groups/:id/meetings',
      operationId: 'addGovernanceMeeting',
      summary: 'Record a meeting with its decisions',
      params: IdParams,
      body: z.object({ heldOn: IsoDate, decisions: z.array(z.string()).describe('One decision each') }),
      responses: { 201: { description: 'The meeting', schema: MeetingDetail }, ...changeResponses },
      handle: async ({ actor, params, body, res }) => {
        const input = { held: partsOf(body.heldOn), decisions: body.decisions.join('\n') };
        const row = await asApi(governance.addMeeting(actor, params.id, input), { held: 'heldOn' });
        return created(res, await meetingDetail(governance, actor, row.id));
      },
    }),
    defineOperation({
      ...read,
      method: 'get',
      path: '/plan/meetings/:id',
      operationId: 'getGovernanceMeeting',
      summary: 'One meeting with its decisions and actions arising',
      params: IdParams,
      responses: { 200: { description: 'The meeting', schema: MeetingDetail }, ...readResponses },
      handle: ({ actor, params }) => meetingDetail(governance, actor, params.id),
    }),
    defineOperation({
      ...write,
      method: 'post',
      path: '/plan/meetings/:id/actions-arising',
      operationId: 'addGovernanceActionArising',
      summary: 'Record an action arising from a meeting',
      params: IdParams,
      body: z.object({ what: z.string(), owner: z.string(), organisation: z.string(), dueOn: IsoDate }),
      responses: { 201: { description: 'The meeting', schema: MeetingDetail }, ...changeResponses },
      handle: async ({ actor, params, body, res }) => {
        const input = { what: body.what, owner: body.owner, organisation: body.organisation, due: partsOf(body.dueOn) };
        await asApi(governance.addArising(actor, params.id, input), { due: 'dueOn' });
        return created(res, await meetingDetail(governance, actor, params.id));
      },
    }),
    defineOperation({
      ...write,
      method: 'post',
      path: '/plan/actions-arising/:id/plan-action',
      operationId: 'addGovernanceActionArisingToPlan',
      summary: 'Put an action arising on the action plan, under a priority (once only)',
      params: IdParams,
      body: z.object({ priorityId: z.number().int() }),
      responses: {
        201: {
          description: 'The plan action is added',
          schema: z.object({ meetingId: z.number().int(), actionId: z.number().int(), title: z.string() }),
        },
        ...changeResponses,
      },
      handle: async ({ actor, params, body, res }) =>
        created(res, await asApi(governance.addToPlan(actor, params.id, String(body.priorityId)))),
    }),
  ];
}

export function planGovernanceOperations(services: Services): ApiOperation[] {
  return [...planGovernanceOperations1(services), ...planGovernanceOperations2(services)];
}
