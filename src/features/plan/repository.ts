import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { NewPlanAction, PlanAction, PlanActionUpdate, PlanObjective, PlanPriority } from '../../db/plan-schema.ts';

type Db = Kysely<Database>;

export const listPriorities = (db: Db, partnershipId: number): Promise<PlanPriority[]> =>
  db
    .selectFrom('plan_priorities')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .orderBy('rank')
    .orderBy('id')
    .execute();

export const findPriority = (db: Db, partnershipId: number, id: number): Promise<PlanPriority | undefined> =>
  db
    .selectFrom('plan_priorities')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();

type PriorityValues = Omit<PlanPriority, 'id'>;

export const insertPriority = (db: Db, values: PriorityValues): Promise<PlanPriority> =>
  db.insertInto('plan_priorities').values(values).returningAll().executeTakeFirstOrThrow();

export const updatePriority = (db: Db, partnershipId: number, id: number, values: Partial<PriorityValues>) =>
  db
    .updateTable('plan_priorities')
    .set(values)
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .execute();

export const listObjectives = (db: Db, partnershipId: number, priorityId?: number): Promise<PlanObjective[]> => {
  let query = db.selectFrom('plan_objectives').selectAll().where('partnership_id', '=', partnershipId);
  if (priorityId !== undefined) query = query.where('priority_id', '=', priorityId);
  return query.orderBy('due_date').orderBy('id').execute();
};

export const findObjective = (db: Db, partnershipId: number, id: number): Promise<PlanObjective | undefined> =>
  db
    .selectFrom('plan_objectives')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();

type ObjectiveValues = Omit<PlanObjective, 'id'>;

export const insertObjective = (db: Db, values: ObjectiveValues): Promise<PlanObjective> =>
  db.insertInto('plan_objectives').values(values).returningAll().executeTakeFirstOrThrow();

export const updateObjective = (db: Db, partnershipId: number, id: number, values: Partial<ObjectiveValues>) =>
  db
    .updateTable('plan_objectives')
    .set(values)
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .execute();

export type ActionRow = PlanAction & { priority_title: string | null; priority_rank: number | null };

export interface ActionFilter {
  leadUserId?: number;
  priorityId?: number;
}

/** The action plan's query, built but not run (the benchmark explains it). */
export function listActionsQuery(db: Db, partnershipId: number, filter: ActionFilter = {}) {
  let query = db
    .selectFrom('plan_actions')
    .leftJoin('plan_priorities', 'plan_priorities.id', 'plan_actions.priority_id')
    .selectAll('plan_actions')
    .select(['plan_priorities.title as priority_title', 'plan_priorities.rank as priority_rank'])
    .where('plan_actions.partnership_id', '=', partnershipId);
  if (filter.leadUserId !== undefined) query = query.where('plan_actions.lead_user_id', '=', filter.leadUserId);
  if (filter.priorityId !== undefined) query = query.where('plan_actions.priority_id', '=', filter.priorityId);
  return query.orderBy('plan_priorities.rank').orderBy('plan_actions.due_date').orderBy('plan_actions.id');
}

export const listActions = (db: Db, partnershipId: number, filter: ActionFilter = {}): Promise<ActionRow[]> =>
  listActionsQuery(db, partnershipId, filter).execute();

export const findAction = (db: Db, partnershipId: number, id: number): Promise<ActionRow | undefined> =>
  db
    .selectFrom('plan_actions')
    .leftJoin('plan_priorities', 'plan_priorities.id', 'plan_actions.priority_id')
    .selectAll('plan_actions')
    .select(['plan_priorities.title as priority_title', 'plan_priorities.rank as priority_rank'])
    .where('plan_actions.partnership_id', '=', partnershipId)
    .where('plan_actions.id', '=', id)
    .executeTakeFirst();

export const insertAction = (db: Db, values: NewPlanAction): Promise<PlanAction> =>
  db.insertInto('plan_actions').values(values).returningAll().executeTakeFirstOrThrow();

export const updateAction = (db: Db, partnershipId: number, id: number, values: Partial<NewPlanAction>) =>
  db.updateTable('plan_actions').set(values).where('partnership_id', '=', partnershipId).where('id', '=', id).execute();

export const listUpdates = (db: Db, partnershipId: number, actionId: number): Promise<PlanActionUpdate[]> =>
  db
    .selectFrom('plan_action_updates')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('action_id', '=', actionId)
    .orderBy('update_on', 'desc')
    .orderBy('id', 'desc')
    .execute();

export const insertUpdate = (db: Db, values: Omit<PlanActionUpdate, 'id'>): Promise<PlanActionUpdate> =>
  db.insertInto('plan_action_updates').values(values).returningAll().executeTakeFirstOrThrow();

export interface LeadChoice {
  id: number;
  display_name: string;
  organisation_name: string | null;
}

/** People in the partnership who can be named as an action's lead (not deactivated). */
export const listLeadChoices = (db: Db, partnershipId: number): Promise<LeadChoice[]> =>
  leadChoices(db, partnershipId).orderBy('users.display_name').execute();

export const findLeadChoice = (db: Db, partnershipId: number, id: number): Promise<LeadChoice | undefined> =>
  leadChoices(db, partnershipId).where('users.id', '=', id).executeTakeFirst();

function leadChoices(db: Db, partnershipId: number) {
  return db
    .selectFrom('users')
    .leftJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select(['users.id', 'users.display_name', 'organisations.name as organisation_name'])
    .where('users.partnership_id', '=', partnershipId)
    .where('users.status', '!=', 'deactivated');
}
