import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type Actor, hasCapability, requireCapability } from '../../auth/actor.ts';
import { todayInLondon } from '../../lib/dates.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { actionView } from './actions-service.ts';
import { type DateParts, dateField, FieldErrors, requiredText } from './plan-input.ts';
import * as actionsRepo from './repository.ts';
import { residual, riskLevel } from './risk-rules.ts';
import * as repo from './risks-repository.ts';

export interface RiskInput {
  title: string;
  priorityId: string;
  cause: string;
  effect: string;
  owner: string;
  likelihood: string;
  impact: string;
  targetLikelihood: string;
  targetImpact: string;
  controls: string;
  contingency: string;
  review: DateParts;
}

function scale(errors: FieldErrors, field: string, text: string, what: string): number {
  const value = Number(text.trim());
  if (!/^\d$/.test(text.trim()) || value < 1 || value > 5)
    errors.add(field, `${what} must be a whole number from 1 to 5`);
  return value;
}

export function checkRisk(input: RiskInput, errors = new FieldErrors()) {
  const likelihood = scale(errors, 'likelihood', input.likelihood, 'Likelihood');
  const impact = scale(errors, 'impact', input.impact, 'Impact');
  const targetLikelihood = scale(errors, 'targetLikelihood', input.targetLikelihood, 'Target likelihood');
  const targetImpact = scale(errors, 'targetImpact', input.targetImpact, 'Target impact');
  if (targetLikelihood > likelihood && likelihood >= 1)
    errors.add('targetLikelihood', 'The target likelihood cannot be higher than the likelihood now');
  if (targetImpact > impact && impact >= 1)
    errors.add('targetImpact', 'The target impact cannot be higher than the impact now');
  return {
    title: requiredText(errors, 'title', input.title, 'the risk', 300),
    cause: requiredText(errors, 'cause', input.cause, 'its cause', 2000),
    effect: requiredText(errors, 'effect', input.effect, 'its effect', 2000),
    owner: requiredText(errors, 'owner', input.owner, 'who owns the risk', 200),
    likelihood,
    impact,
    target_likelihood: targetLikelihood,
    target_impact: targetImpact,
    controls: input.controls.trim().slice(0, 4000),
    contingency: requiredText(errors, 'contingency', input.contingency, 'the contingency plan', 4000),
    review_on: dateField(errors, 'review', input.review, 'review date'),
  };
}

export function riskView(row: repo.RiskRow) {
  const inherent = { likelihood: Number(row.likelihood), impact: Number(row.impact) };
  const mitigation = { linked: Number(row.linked ?? 0), complete: Number(row.complete ?? 0) };
  const left = residual(
    inherent,
    { likelihood: Number(row.target_likelihood), impact: Number(row.target_impact) },
    mitigation,
  );
  const score = inherent.likelihood * inherent.impact;
  const appetite = row.risk_appetite === null ? null : Number(row.risk_appetite);
  return {
    id: row.id,
    title: row.title,
    priorityId: row.priority_id,
    priorityTitle: row.priority_title,
    cause: row.cause,
    effect: row.effect,
    owner: row.owner,
    likelihood: inherent.likelihood,
    impact: inherent.impact,
    targetLikelihood: Number(row.target_likelihood),
    targetImpact: Number(row.target_impact),
    controls: row.controls,
    contingency: row.contingency,
    reviewOn: row.review_on,
    inherentScore: score,
    inherentLevel: riskLevel(score),
    residual: left,
    residualLevel: riskLevel(left.score),
    mitigation,
    appetite,
    aboveAppetite: appetite !== null && left.score > appetite,
  };
}
export type RiskView = ReturnType<typeof riskView>;

/** The risk register's use cases, each checked against the actor's capabilities and audited. */
export class RisksService {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async #find(actor: Actor, id: number, executor: Kysely<Database> = this.#db): Promise<RiskView> {
    const row = await repo.findRisk(executor, actor.partnershipId, id);
    if (!row) throw new NotFoundError('Risk');
    return riskView(row);
  }

  async #check(actor: Actor, input: RiskInput) {
    const errors = new FieldErrors();
    const values = checkRisk(input, errors);
    let priorityId: number | null = null;
    if (input.priorityId) {
      const priority = /^\d+$/.test(input.priorityId)
        ? await actionsRepo.findPriority(this.#db, actor.partnershipId, Number(input.priorityId))
        : undefined;
      if (!priority) errors.add('priorityId', 'Select a priority from the list, or none');
      else priorityId = priority.id;
    }
    errors.throwIfAny();
    return { ...values, priority_id: priorityId };
  }

  /** Keeps the scores after each change, and audits it with the register's before and after. */
  async #recorded(trx: Kysely<Database>, actor: Actor, id: number, event: string, before: RiskView | null) {
    const after = await this.#find(actor, id, trx);
    await repo.insertHistory(trx, {
      partnership_id: actor.partnershipId,
      risk_id: id,
      at: nowIso(),
      actor_label: actor.label,
      event,
      inherent_score: after.inherentScore,
      residual_score: after.residual.score,
    });
    await recordAudit(trx, actor, {
      action: before ? 'update' : 'create',
      entityType: 'plan_risk',
      entityId: id,
      summary: `${event}: risk ${after.title}`,
      before: before ?? undefined,
      after,
    });
    return after;
  }

  async list(actor: Actor) {
    requireCapability(actor, 'plan:view');
    return (await repo.listRisks(this.#db, actor.partnershipId)).map(riskView);
  }

  async get(actor: Actor, id: number) {
    requireCapability(actor, 'plan:view');
    const risk = await this.#find(actor, id);
    const today = todayInLondon();
    const [linkedIds, actions, history] = await Promise.all([
      repo.linkedActionIds(this.#db, actor.partnershipId, id),
      actionsRepo.listActions(this.#db, actor.partnershipId),
      repo.listHistory(this.#db, actor.partnershipId, id),
    ]);
    const all = actions.map((row) => actionView(row, today));
    return {
      risk,
      linked: all.filter((a) => linkedIds.includes(a.id)),
      unlinked: all.filter((a) => !linkedIds.includes(a.id)),
      history,
      canEdit: hasCapability(actor, 'plan:edit'),
    };
  }

  async create(actor: Actor, input: RiskInput): Promise<RiskView> {
    requireCapability(actor, 'plan:edit');
    const values = await this.#check(actor, input);
    return this.#db.transaction().execute(async (trx) => {
      const at = nowIso();
      const { id } = await repo.insertRisk(trx, {
        partnership_id: actor.partnershipId,
        ...values,
        created_at: at,
        updated_at: at,
      });
      return this.#recorded(trx, actor, id, 'Added', null);
    });
  }

  async update(actor: Actor, id: number, input: RiskInput): Promise<RiskView> {
    requireCapability(actor, 'plan:edit');
    const before = await this.#find(actor, id);
    const values = await this.#check(actor, input);
    return this.#db.transaction().execute(async (trx) => {
      await repo.updateRisk(trx, actor.partnershipId, id, { ...values, updated_at: nowIso() });
      return this.#recorded(trx, actor, id, 'Changed', before);
    });
  }

  /** Links (or unlinks) a plan action as a mitigating action. */
  async setLink(actor: Actor, id: number, actionIdText: string, linked: boolean): Promise<RiskView> {
    requireCapability(actor, 'plan:edit');
    const before = await this.#find(actor, id);
    const action = /^\d+$/.test(actionIdText)
      ? await actionsRepo.findAction(this.#db, actor.partnershipId, Number(actionIdText))
      : undefined;
    if (!action) throw new ValidationError({ actionId: 'Select a plan action from the list' });
    const already = (await repo.linkedActionIds(this.#db, actor.partnershipId, id)).includes(action.id);
    if (linked && already) throw new ValidationError({ actionId: `“${action.title}” is already linked to this risk` });
    if (!linked && !already) return before;
    return this.#db.transaction().execute(async (trx) => {
      if (linked) await repo.linkAction(trx, actor.partnershipId, id, action.id);
      else await repo.unlinkAction(trx, actor.partnershipId, id, action.id);
      return this.#recorded(trx, actor, id, `${linked ? 'Linked' : 'Unlinked'} action “${action.title}”`, before);
    });
  }
}

export const createRisksService = (db: Kysely<Database>): RisksService => new RisksService(db);
