import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { PlanObjective, PlanPriority } from '../../db/plan-schema.ts';
import { type Actor, hasCapability, requireCapability } from '../../auth/actor.ts';
import { todayInLondon } from '../../lib/dates.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { actionView } from './actions-service.ts';
import {
  checkObjective,
  checkPriority,
  type ObjectiveInput,
  parsePositions,
  type PriorityInput,
} from './plan-input.ts';
import * as repo from './repository.ts';

export interface PriorityView {
  id: number;
  rank: number;
  title: string;
  description: string;
  themes: number[];
  riskAppetite: number;
}

export interface ObjectiveView {
  id: number;
  priorityId: number;
  what: string;
  measure: string;
  target: string;
  dueDate: string;
  owner: string;
}

const priorityView = (p: PlanPriority): PriorityView => ({
  id: p.id,
  rank: Number(p.rank),
  title: p.title,
  description: p.description,
  themes: parsePositions(p.themes),
  riskAppetite: Number(p.risk_appetite),
});

const objectiveView = (o: PlanObjective): ObjectiveView => ({
  id: o.id,
  priorityId: o.priority_id,
  what: o.what,
  measure: o.measure,
  target: o.target,
  dueDate: o.due_date,
  owner: o.owner,
});

/** The plan's priorities and SMART objectives, each use case checked against the actor's capabilities and audited. */
export class PrioritiesService {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async #findPriority(actor: Actor, id: number): Promise<PriorityView> {
    const row = await repo.findPriority(this.#db, actor.partnershipId, id);
    if (!row) throw new NotFoundError('Priority');
    return priorityView(row);
  }

  async #findObjective(actor: Actor, id: number): Promise<ObjectiveView> {
    const row = await repo.findObjective(this.#db, actor.partnershipId, id);
    if (!row) throw new NotFoundError('Objective');
    return objectiveView(row);
  }

  /** Every priority with its objectives, ranked. */
  async list(actor: Actor) {
    requireCapability(actor, 'plan:view');
    const [priorities, objectives] = await Promise.all([
      repo.listPriorities(this.#db, actor.partnershipId),
      repo.listObjectives(this.#db, actor.partnershipId),
    ]);
    return priorities.map((p) => ({
      ...priorityView(p),
      objectives: objectives.filter((o) => o.priority_id === p.id).map(objectiveView),
    }));
  }

  async get(actor: Actor, id: number) {
    requireCapability(actor, 'plan:view');
    const priority = await this.#findPriority(actor, id);
    const today = todayInLondon();
    const [objectives, actions] = await Promise.all([
      repo.listObjectives(this.#db, actor.partnershipId, id),
      repo.listActions(this.#db, actor.partnershipId, { priorityId: id }),
    ]);
    return {
      priority,
      objectives: objectives.map(objectiveView),
      actions: actions.map((row) => actionView(row, today)),
      canEdit: hasCapability(actor, 'plan:edit'),
    };
  }

  async create(actor: Actor, input: PriorityInput): Promise<PriorityView> {
    requireCapability(actor, 'plan:edit');
    const values = checkPriority(input);
    return this.#db.transaction().execute(async (trx) => {
      const at = nowIso();
      const row = await repo.insertPriority(trx, {
        partnership_id: actor.partnershipId,
        ...values,
        themes: JSON.stringify(values.themes),
        source_assessment_priority_id: null,
        created_at: at,
        updated_at: at,
      });
      const created = priorityView(row);
      await recordAudit(trx, actor, {
        action: 'create',
        entityType: 'plan_priority',
        entityId: row.id,
        summary: `Added priority ${created.title}`,
        after: created,
      });
      return created;
    });
  }

  async update(actor: Actor, id: number, input: PriorityInput): Promise<PriorityView> {
    requireCapability(actor, 'plan:edit');
    const previous = await this.#findPriority(actor, id);
    const values = checkPriority(input);
    return this.#db.transaction().execute(async (trx) => {
      await repo.updatePriority(trx, actor.partnershipId, id, {
        ...values,
        themes: JSON.stringify(values.themes),
        updated_at: nowIso(),
      });
      const { risk_appetite: riskAppetite, ...rest } = values;
      const saved = { ...previous, ...rest, riskAppetite };
      await recordAudit(trx, actor, {
        action: 'update',
        entityType: 'plan_priority',
        entityId: id,
        summary: `Changed priority ${saved.title}`,
        before: previous,
        after: saved,
      });
      return saved;
    });
  }

  async getObjective(actor: Actor, id: number) {
    requireCapability(actor, 'plan:view');
    const objective = await this.#findObjective(actor, id);
    return { objective, priority: await this.#findPriority(actor, objective.priorityId) };
  }

  async createObjective(actor: Actor, priorityId: number, input: ObjectiveInput): Promise<ObjectiveView> {
    requireCapability(actor, 'plan:edit');
    const priority = await this.#findPriority(actor, priorityId);
    const values = checkObjective(input);
    return this.#db.transaction().execute(async (trx) => {
      const at = nowIso();
      const row = await repo.insertObjective(trx, {
        partnership_id: actor.partnershipId,
        priority_id: priority.id,
        ...values,
        created_at: at,
        updated_at: at,
      });
      const created = objectiveView(row);
      await recordAudit(trx, actor, {
        action: 'create',
        entityType: 'plan_objective',
        entityId: row.id,
        summary: `Added objective “${created.what}” to priority ${priority.title}`,
        after: created,
      });
      return created;
    });
  }

  async updateObjective(actor: Actor, id: number, input: ObjectiveInput): Promise<ObjectiveView> {
    requireCapability(actor, 'plan:edit');
    const previous = await this.#findObjective(actor, id);
    const values = checkObjective(input);
    return this.#db.transaction().execute(async (trx) => {
      await repo.updateObjective(trx, actor.partnershipId, id, { ...values, updated_at: nowIso() });
      const { due_date: dueDate, ...rest } = values;
      const saved: ObjectiveView = { ...previous, ...rest, dueDate };
      await recordAudit(trx, actor, {
        action: 'update',
        entityType: 'plan_objective',
        entityId: id,
        summary: `Changed objective “${saved.what}”`,
        before: previous,
        after: saved,
      });
      return saved;
    });
  }
}

export const createPrioritiesService = (db: Kysely<Database>): PrioritiesService => new PrioritiesService(db);
