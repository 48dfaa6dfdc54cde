import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type Actor, hasCapability, requireCapability } from '../../auth/actor.ts';
import { todayInLondon } from '../../lib/dates.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { updateAndAudit } from './audited-update.ts';
import type { ActionsService } from './actions-service.ts';
import { dateParts, reportsTo } from './governance-input.ts';
import { type DateParts, dateField, FieldErrors, requiredText } from './plan-input.ts';

export const GROUP_KINDS: Record<string, string> = {
  board: 'Board',
  steering: 'Steering group',
  'sub-group': 'Sub-group',
};

export interface GroupInput {
  kind: string;
  name: string;
  parentId: string;
  termsOfReference: string;
  review: DateParts;
}
export interface MemberInput {
  name: string;
  organisation: string;
  role: string;
}
export interface MeetingInput {
  held: DateParts;
  decisions: string;
}
export interface ArisingInput {
  what: string;
  owner: string;
  organisation: string;
  due: DateParts;
}

export class GovernanceService {
  readonly db: Kysely<Database>;
  readonly actions: ActionsService;
  constructor(db: Kysely<Database>, actions: ActionsService) {
    this.db = db;
    this.actions = actions;
  }

  groups(partnershipId: number) {
    return this.db.selectFrom('gov_groups').selectAll().where('partnership_id', '=', partnershipId).orderBy('id');
  }

  async findGroup(actor: Actor, id: number) {
    const group = await this.groups(actor.partnershipId).where('id', '=', id).executeTakeFirst();
    if (!group) throw new NotFoundError('Group');
    return group;
  }

  async findMeeting(actor: Actor, id: number) {
    const meeting = await this.db
      .selectFrom('gov_meetings')
      .innerJoin('gov_groups', 'gov_groups.id', 'gov_meetings.group_id')
      .selectAll('gov_meetings')
      .select('gov_groups.name as group_name')
      .where('gov_meetings.partnership_id', '=', actor.partnershipId)
      .where('gov_meetings.id', '=', id)
      .executeTakeFirst();
    if (!meeting) throw new NotFoundError('Meeting');
    return meeting;
  }

  async checkGroup(actor: Actor, input: GroupInput, id: number | null) {
    const errors = new FieldErrors();
    if (!(input.kind in GROUP_KINDS)) errors.add('kind', 'Select whether it is a board, steering group or sub-group');
    let parentId: number | null = null;
    if (input.parentId) {
      const all = await this.groups(actor.partnershipId).execute();
      const parent = /^\d+$/.test(input.parentId) ? all.find((g) => g.id === Number(input.parentId)) : undefined;
      if (!parent) errors.add('parentId', 'Select the group it reports to from the list, or none');
      else if (id !== null && reportsTo(all, parent.id, id))
        errors.add('parentId', 'A group cannot report to itself or to one of the groups that report to it');
      else parentId = parent.id;
    }
    const values = {
      kind: input.kind,
      parent_id: parentId,
      name: requiredText(errors, 'name', input.name, 'the group’s name', 200),
      terms_of_reference: requiredText(
        errors,
        'termsOfReference',
        input.termsOfReference,
        'the terms of reference',
        8000,
      ),
      review_on: dateField(errors, 'review', input.review, 'review date'),
    };
    errors.throwIfAny();
    return values;
  }

  async list(actor: Actor) {
    requireCapability(actor, 'plan:view');
    const today = todayInLondon();
    const rows = await this.groups(actor.partnershipId).execute();
    return {
      groups: rows.map((g) => ({
        ...g,
        kindName: GROUP_KINDS[g.kind] ?? g.kind,
        parentName: rows.find((p) => p.id === g.parent_id)?.name ?? null,
        reviewOverdue: g.review_on < today,
      })),
      canEdit: hasCapability(actor, 'plan:edit'),
    };
  }

  async listParents(actor: Actor) {
    requireCapability(actor, 'plan:view');
    return this.groups(actor.partnershipId).execute();
  }

  async get(actor: Actor, id: number) {
    requireCapability(actor, 'plan:view');
    const group = await this.findGroup(actor, id);
    const [members, meetings, parent] = await Promise.all([
      this.db
        .selectFrom('gov_members')
        .selectAll()
        .where('partnership_id', '=', actor.partnershipId)
        .where('group_id', '=', id)
        .orderBy('id')
        .execute(),
      this.db
        .selectFrom('gov_meetings')
        .selectAll()
        .where('partnership_id', '=', actor.partnershipId)
        .where('group_id', '=', id)
        .orderBy('held_on', 'desc')
        .execute(),
      group.parent_id === null ? undefined : this.findGroup(actor, group.parent_id),
    ]);
    return {
      group: {
        ...group,
        kindName: GROUP_KINDS[group.kind] ?? group.kind,
        reviewOverdue: group.review_on < todayInLondon(),
      },
      parent: parent ?? null,
      members,
      meetings,
      canEdit: hasCapability(actor, 'plan:edit'),
    };
  }

  groupInput(group: {
    kind: string;
    name: string;
    parent_id: number | null;
    terms_of_reference: string;
    review_on: string;
  }) {
    return {
      kind: group.kind,
      name: group.name,
      parentId: group.parent_id === null ? '' : String(group.parent_id),
      termsOfReference: group.terms_of_reference,
      review: dateParts(group.review_on),
    };
  }

  async createGroup(actor: Actor, input: GroupInput) {
    requireCapability(actor, 'plan:edit');
    const values = await this.checkGroup(actor, input, null);
    return this.db.transaction().execute(async (trx) => {
      const at = nowIso();
      const row = await trx
        .insertInto('gov_groups')
        .values({ partnership_id: actor.partnershipId, ...values, created_at: at, updated_at: at })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: 'create',
        entityType: 'gov_group',
        entityId: row.id,
        summary: `Added group ${row.name}`,
        after: values,
      });
      return row;
    });
  }

  async updateGroup(actor: Actor, id: number, input: GroupInput) {
    requireCapability(actor, 'plan:edit');
    const before = await this.findGroup(actor, id);
    const values = await this.checkGroup(actor, input, id);
    return this.db.transaction().execute(async (trx) => {
      await updateAndAudit(trx, actor, {
        table: 'gov_groups',
        id,
        values,
        entityType: 'gov_group',
        noun: 'group',
        before,
      });
      return { ...before, ...values };
    });
  }

  async addMember(actor: Actor, groupId: number, input: MemberInput) {
    requireCapability(actor, 'plan:edit');
    const group = await this.findGroup(actor, groupId);
    const errors = new FieldErrors();
    const values = {
      name: requiredText(errors, 'name', input.name, 'the member’s name', 200),
      organisation: requiredText(errors, 'organisation', input.organisation, 'the member’s organisation', 200),
      role: requiredText(errors, 'role', input.role, 'their role in the group, like Chair or Member', 200),
    };
    errors.throwIfAny();
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('gov_members')
        .values({ partnership_id: actor.partnershipId, group_id: groupId, ...values })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: 'create',
        entityType: 'gov_member',
        entityId: row.id,
        summary: `Added ${values.name} to ${group.name}`,
        after: values,
      });
      return values;
    });
  }

  async addMeeting(actor: Actor, groupId: number, input: MeetingInput) {
    requireCapability(actor, 'plan:edit');
    const group = await this.findGroup(actor, groupId);
    const errors = new FieldErrors();
    const values = {
      held_on: dateField(errors, 'held', input.held, 'meeting date'),
      decisions: requiredText(
        errors,
        'decisions',
        input.decisions.replace(/\r\n/g, '\n'),
        'the decisions made, one a line',
        8000,
      ),
    };
    errors.throwIfAny();
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('gov_meetings')
        .values({ partnership_id: actor.partnershipId, group_id: groupId, ...values, created_at: nowIso() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: 'create',
        entityType: 'gov_meeting',
        entityId: row.id,
        summary: `Recorded a meeting of ${group.name} on ${values.held_on}`,
        after: values,
      });
      return row;
    });
  }

  async getMeeting(actor: Actor, id: number) {
    requireCapability(actor, 'plan:view');
    const meeting = await this.findMeeting(actor, id);
    const arising = await this.db
      .selectFrom('gov_actions_arising')
      .selectAll()
      .where('partnership_id', '=', actor.partnershipId)
      .where('meeting_id', '=', id)
      .orderBy('id')
      .execute();
    return {
      meeting: {
        ...meeting,
        decisionList: meeting.decisions
          .split('\n')
          .map((d) => d.trim())
          .filter(Boolean),
      },
      arising,
      canEdit: hasCapability(actor, 'plan:edit'),
    };
  }

  async addArising(actor: Actor, meetingId: number, input: ArisingInput) {
    requireCapability(actor, 'plan:edit');
    const meeting = await this.findMeeting(actor, meetingId);
    const errors = new FieldErrors();
    const values = {
      what: requiredText(errors, 'what', input.what, 'the action arising', 500),
      owner: requiredText(errors, 'owner', input.owner, 'who will do it', 200),
      owner_organisation: requiredText(errors, 'organisation', input.organisation, 'their organisation', 200),
      due_on: dateField(errors, 'due', input.due, 'due date'),
    };
    errors.throwIfAny();
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('gov_actions_arising')
        .values({ partnership_id: actor.partnershipId, meeting_id: meetingId, ...values })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: 'create',
        entityType: 'gov_action_arising',
        entityId: row.id,
        summary: `Action arising from ${meeting.group_name} on ${meeting.held_on}: ${values.what}`,
        after: values,
      });
      return row;
    });
  }

  async meetingOfArising(actor: Actor, arisingId: number) {
    requireCapability(actor, 'plan:view');
    const row = await this.db
      .selectFrom('gov_actions_arising')
      .select('meeting_id')
      .where('partnership_id', '=', actor.partnershipId)
      .where('id', '=', arisingId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('Action arising');
    return row.meeting_id;
  }

  /** One click: the action arising becomes a plan action (audited by the actions service) and links to it. */
  async addToPlan(actor: Actor, arisingId: number, priorityId: string) {
    requireCapability(actor, 'plan:edit');
    const arising = await this.db
      .selectFrom('gov_actions_arising')
      .selectAll()
      .where('partnership_id', '=', actor.partnershipId)
      .where('id', '=', arisingId)
      .executeTakeFirst();
    if (!arising) throw new NotFoundError('Action arising');
    if (arising.plan_action_id !== null)
      throw new ValidationError({ priorityId: 'This action arising is already on the action plan' });
    const meeting = await this.findMeeting(actor, arising.meeting_id);
    const today = todayInLondon();
    const created = await this.actions.create(actor, {
      title: arising.what,
      priorityId,
      objectiveId: '',
      themes: [],
      stages: [],
      outcomes: `Arising from the ${meeting.group_name} meeting on ${meeting.held_on}`,
      successCriteria: '',
      leadUserId: '',
      leadName: arising.owner,
      leadOrganisation: arising.owner_organisation,
      start: dateParts(arising.due_on < today ? arising.due_on : today),
      due: dateParts(arising.due_on),
      cost: '',
      fundingStream: '',
    });
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('gov_actions_arising')
        .set({ plan_action_id: created.id })
        .where('partnership_id', '=', actor.partnershipId)
        .where('id', '=', arisingId)
        .execute();
      await recordAudit(trx, actor, {
        action: 'update',
        entityType: 'gov_action_arising',
        entityId: arisingId,
        summary: `Added to the action plan as action ${created.id}`,
        before: arising,
        after: { ...arising, plan_action_id: created.id },
      });
    });
    return { meetingId: arising.meeting_id, actionId: created.id, title: created.title };
  }
}

export const createGovernanceService = (db: Kysely<Database>, actions: ActionsService) =>
  new GovernanceService(db, actions);
