import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type Actor, hasCapability, requireCapability } from '../../auth/actor.ts';
import { todayInLondon } from '../../lib/dates.ts';
import { ForbiddenError, NotFoundError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import {
  type ActionInput,
  checkActionFields,
  checkUpdate,
  FieldErrors,
  parsePositions,
  type UpdateInput,
} from './plan-input.ts';
import { isException, OVERRIDABLE, RAG_LABELS, ragFor, type RagResult } from './rag.ts';
import * as repo from './repository.ts';
import {
  actionsOfCourse,
  checkCourseIds,
  courseChoices,
  coursesOfActions,
  type LinkedCourse,
  replaceCourseLinks,
} from './actions-courses.ts';

export interface ActionView {
  id: number;
  title: string;
  priorityId: number | null;
  priorityTitle: string | null;
  priorityRank: number | null;
  objectiveId: number | null;
  themes: number[];
  stages: number[];
  outcomes: string;
  successCriteria: string;
  leadUserId: number | null;
  leadName: string;
  leadOrganisation: string;
  startDate: string;
  dueDate: string;
  costPence: number | null;
  fundingStream: string;
  progress: number;
  lastUpdateOn: string | null;
  ragOverride: string | null;
  ragOverrideReason: string | null;
  status: RagResult;
  /** The training courses it commissions, by title. */
  courses: LinkedCourse[];
}

export function actionView(row: repo.ActionRow, today: string, courses: LinkedCourse[] = []): ActionView {
  return {
    id: row.id,
    title: row.title,
    priorityId: row.priority_id,
    priorityTitle: row.priority_title,
    priorityRank: row.priority_rank,
    objectiveId: row.objective_id,
    themes: parsePositions(row.themes),
    stages: parsePositions(row.stages),
    outcomes: row.outcomes,
    successCriteria: row.success_criteria,
    leadUserId: row.lead_user_id,
    leadName: row.lead_name,
    leadOrganisation: row.lead_organisation,
    startDate: row.start_date,
    dueDate: row.due_date,
    costPence: row.cost_pence === null ? null : Number(row.cost_pence),
    fundingStream: row.funding_stream,
    progress: Number(row.progress),
    lastUpdateOn: row.last_update_on,
    ragOverride: row.rag_override,
    ragOverrideReason: row.rag_override_reason,
    courses,
    status: ragFor(
      {
        startDate: row.start_date,
        dueDate: row.due_date,
        progress: Number(row.progress),
        lastUpdateOn: row.last_update_on,
        override: row.rag_override,
      },
      today,
    ),
  };
}

/** Whether the actor may add updates to this action: a plan editor, or the action's own lead. */
export function mayUpdate(actor: Actor, action: { leadUserId: number | null }): boolean {
  if (hasCapability(actor, 'plan:edit')) return true;
  return hasCapability(actor, 'plan:update-own') && actor.userId !== null && action.leadUserId === actor.userId;
}

/** The stored fields the audit log shows for an action. */
const auditedFields = (a: ActionView) => ({
  title: a.title,
  priorityId: a.priorityId,
  objectiveId: a.objectiveId,
  themes: a.themes,
  stages: a.stages,
  outcomes: a.outcomes,
  successCriteria: a.successCriteria,
  leadUserId: a.leadUserId,
  leadName: a.leadName,
  leadOrganisation: a.leadOrganisation,
  startDate: a.startDate,
  dueDate: a.dueDate,
  costPence: a.costPence,
  fundingStream: a.fundingStream,
  courseIds: a.courses.map((c) => c.id),
});

/** The action plan's use cases: actions, their updates, RAG and course links, each checked against the actor's capabilities and audited. */
export class ActionsService {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async #find(actor: Actor, id: number, executor: Kysely<Database> = this.#db): Promise<ActionView> {
    const row = await repo.findAction(executor, actor.partnershipId, id);
    if (!row) throw new NotFoundError('Action');
    const courses = await coursesOfActions(executor, actor.partnershipId, [id]);
    return actionView(row, todayInLondon(), courses.get(id));
  }

  /** The partnership's actions (filtered), each with its linked courses. */
  async #views(actor: Actor, filter: repo.ActionFilter = {}): Promise<ActionView[]> {
    const [rows, courses] = await Promise.all([
      repo.listActions(this.#db, actor.partnershipId, filter),
      coursesOfActions(this.#db, actor.partnershipId),
    ]);
    const today = todayInLondon();
    return rows.map((row) => actionView(row, today, courses.get(row.id)));
  }

  /** The form's values checked, with the priority, objective and lead found in this partnership. */
  async #check(actor: Actor, input: ActionInput) {
    const errors = new FieldErrors();
    const fields = checkActionFields(input, errors);
    const priorityId = Number(input.priorityId);
    const priority = /^\d+$/.test(input.priorityId)
      ? await repo.findPriority(this.#db, actor.partnershipId, priorityId)
      : undefined;
    if (!priority) errors.add('priorityId', 'Select the priority this action delivers');
    let objectiveId: number | null = null;
    if (input.objectiveId) {
      const objective = /^\d+$/.test(input.objectiveId)
        ? await repo.findObjective(this.#db, actor.partnershipId, Number(input.objectiveId))
        : undefined;
      if (!objective || (priority && objective.priority_id !== priority.id))
        errors.add('objectiveId', 'Select an objective of the chosen priority, or none');
      else objectiveId = objective.id;
    }
    const lead = await this.#resolveLead(actor, input, errors);
    const courseIds = await checkCourseIds(this.#db, actor.partnershipId, input.courseIds, errors);
    errors.throwIfAny();
    return {
      courseIds,
      ...fields,
      themes: JSON.stringify(fields.themes),
      stages: JSON.stringify(fields.stages),
      priority_id: priorityId,
      objective_id: objectiveId,
      ...lead,
    };
  }

  async #resolveLead(actor: Actor, input: ActionInput, errors: FieldErrors) {
    if (input.leadUserId) {
      const user = /^\d+$/.test(input.leadUserId)
        ? await repo.findLeadChoice(this.#db, actor.partnershipId, Number(input.leadUserId))
        : undefined;
      if (!user) {
        errors.add('leadUserId', 'Select a lead from the list, or name someone without an account');
        return { lead_user_id: null, lead_name: '', lead_organisation: '' };
      }
      return { lead_user_id: user.id, lead_name: user.display_name, lead_organisation: user.organisation_name ?? '' };
    }
    const name = input.leadName.trim().replace(/\s+/g, ' ');
    const organisation = input.leadOrganisation.trim().replace(/\s+/g, ' ');
    if (!name) errors.add('leadName', 'Enter the lead’s name, or select someone with an account');
    if (!organisation) errors.add('leadOrganisation', 'Enter the lead’s organisation');
    return { lead_user_id: null, lead_name: name.slice(0, 200), lead_organisation: organisation.slice(0, 200) };
  }

  async get(actor: Actor, id: number) {
    requireCapability(actor, 'plan:view');
    const action = await this.#find(actor, id);
    const updates = await repo.listUpdates(this.#db, actor.partnershipId, id);
    return { action, updates, canUpdate: mayUpdate(actor, action), canEdit: hasCapability(actor, 'plan:edit') };
  }

  /** An action as its lead sees it: plan:update-own without plan:view reads only their own. */
  async getForUpdate(actor: Actor, id: number) {
    requireCapability(actor, 'plan:update-own');
    const action = await this.#find(actor, id);
    if (!mayUpdate(actor, action)) throw new ForbiddenError();
    return action;
  }

  async list(actor: Actor, filter: repo.ActionFilter = {}) {
    requireCapability(actor, 'plan:view');
    return this.#views(actor, filter);
  }

  async exceptions(actor: Actor) {
    requireCapability(actor, 'plan:view');
    return (await this.#views(actor)).filter((a) => isException(a.status));
  }

  /** The actions the actor leads. */
  async mine(actor: Actor) {
    requireCapability(actor, 'plan:update-own');
    if (actor.userId === null) return [];
    return this.#views(actor, { leadUserId: actor.userId });
  }

  leadChoices(actor: Actor) {
    requireCapability(actor, 'plan:edit');
    return repo.listLeadChoices(this.#db, actor.partnershipId);
  }

  courseChoices(actor: Actor) {
    requireCapability(actor, 'plan:edit');
    return courseChoices(this.#db, actor.partnershipId);
  }

  /** The plan actions a course delivers, for the course page: plan readers only. */
  forCourse(actor: Actor, courseId: number) {
    requireCapability(actor, 'plan:view');
    return actionsOfCourse(this.#db, actor.partnershipId, courseId);
  }

  async create(actor: Actor, input: ActionInput): Promise<ActionView> {
    requireCapability(actor, 'plan:edit');
    const { courseIds, ...values } = await this.#check(actor, input);
    return this.#db.transaction().execute(async (trx) => {
      const at = nowIso();
      const row = await repo.insertAction(trx, {
        partnership_id: actor.partnershipId,
        ...values,
        created_at: at,
        updated_at: at,
      });
      if (courseIds) await replaceCourseLinks(trx, actor.partnershipId, row.id, courseIds);
      const created = await this.#find(actor, row.id, trx);
      await recordAudit(trx, actor, {
        action: 'create',
        entityType: 'plan_action',
        entityId: row.id,
        summary: `Added action ${created.title}`,
        after: auditedFields(created),
      });
      return created;
    });
  }

  async update(actor: Actor, id: number, input: ActionInput): Promise<ActionView> {
    requireCapability(actor, 'plan:edit');
    const previous = await this.#find(actor, id);
    const { courseIds, ...values } = await this.#check(actor, input);
    return this.#db.transaction().execute(async (trx) => {
      await repo.updateAction(trx, actor.partnershipId, id, { ...values, updated_at: nowIso() });
      if (courseIds) await replaceCourseLinks(trx, actor.partnershipId, id, courseIds);
      const saved = await this.#find(actor, id, trx);
      await recordAudit(trx, actor, {
        action: 'update',
        entityType: 'plan_action',
        entityId: id,
        summary: `Changed action ${saved.title}`,
        before: auditedFields(previous),
        after: auditedFields(saved),
      });
      return saved;
    });
  }

  /** A dated progress update: all are kept; the action carries the latest for the RAG rule. */
  async addUpdate(actor: Actor, id: number, input: UpdateInput): Promise<ActionView> {
    requireCapability(actor, 'plan:update-own');
    const previous = await this.#find(actor, id);
    if (!mayUpdate(actor, previous)) throw new ForbiddenError();
    const values = checkUpdate(input);
    const today = todayInLondon();
    return this.#db.transaction().execute(async (trx) => {
      const at = nowIso();
      const update = await repo.insertUpdate(trx, {
        partnership_id: actor.partnershipId,
        action_id: id,
        update_on: today,
        progress: values.progress,
        narrative: values.narrative,
        author_user_id: actor.userId,
        author_label: actor.label,
        created_at: at,
      });
      await repo.updateAction(trx, actor.partnershipId, id, {
        progress: values.progress,
        last_update_on: today,
        updated_at: at,
      });
      const saved = await this.#find(actor, id, trx);
      await recordAudit(trx, actor, {
        action: 'create',
        entityType: 'plan_action_update',
        entityId: update.id,
        summary: `Progress update on action ${saved.title}: ${values.progress}% (${RAG_LABELS[saved.status.rag]})`,
        before: { progress: previous.progress, rag: previous.status.rag },
        after: { actionId: id, progress: values.progress, narrative: values.narrative, rag: saved.status.rag },
      });
      return saved;
    });
  }

  /** Sets (with a reason) or clears the RAG override. */
  async overrideRag(actor: Actor, id: number, input: { rag: string; reason: string }): Promise<ActionView> {
    requireCapability(actor, 'plan:edit');
    const previous = await this.#find(actor, id);
    const rag = input.rag.trim();
    const reason = input.reason.trim().replace(/\s+/g, ' ');
    const errors = new FieldErrors();
    if (rag && !OVERRIDABLE.some((r) => r === rag))
      errors.add('rag', 'Select red, amber, green, or the worked-out colour');
    if (rag && !reason) errors.add('reason', 'Enter the reason for overriding the worked-out RAG');
    if (rag && previous.status.worked === 'blue')
      errors.add('rag', 'A complete action is blue: add an update with less than 100% progress first');
    if (reason.length > 1000) errors.add('reason', 'The reason must be 1000 characters or fewer');
    errors.throwIfAny();
    return this.#db.transaction().execute(async (trx) => {
      await repo.updateAction(trx, actor.partnershipId, id, {
        rag_override: rag || null,
        rag_override_reason: rag ? reason : null,
        updated_at: nowIso(),
      });
      const saved = await this.#find(actor, id, trx);
      await recordAudit(trx, actor, {
        action: rag ? 'override' : 'update',
        entityType: 'plan_action',
        entityId: id,
        summary: rag
          ? `Overrode the RAG of action ${saved.title} to ${RAG_LABELS[saved.status.rag]}: ${reason}`
          : `Cleared the RAG override of action ${saved.title}`,
        before: { rag: previous.status.rag, override: previous.ragOverride, reason: previous.ragOverrideReason },
        after: { rag: saved.status.rag, override: saved.ragOverride, reason: saved.ragOverrideReason },
      });
      return saved;
    });
  }
}

export const createActionsService = (db: Kysely<Database>): ActionsService => new ActionsService(db);
