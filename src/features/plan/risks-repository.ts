import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { NewPlanRisk } from '../../db/plan-schema.ts';

type Db = Kysely<Database>;

/** Risks with their priority's appetite and the count of linked actions, and of those complete. */
function risks(db: Db, partnershipId: number) {
  return db
    .selectFrom('plan_risks')
    .leftJoin('plan_priorities', 'plan_priorities.id', 'plan_risks.priority_id')
    .selectAll('plan_risks')
    .select(['plan_priorities.title as priority_title', 'plan_priorities.risk_appetite'])
    .select((eb) => [
      eb
        .selectFrom('plan_risk_actions')
        .whereRef('plan_risk_actions.risk_id', '=', 'plan_risks.id')
        .select(eb.fn.countAll().as('n'))
        .as('linked'),
      eb
        .selectFrom('plan_risk_actions')
        .innerJoin('plan_actions', 'plan_actions.id', 'plan_risk_actions.action_id')
        .whereRef('plan_risk_actions.risk_id', '=', 'plan_risks.id')
        .where('plan_actions.progress', '>=', 100)
        .select(eb.fn.countAll().as('n'))
        .as('complete'),
    ])
    .where('plan_risks.partnership_id', '=', partnershipId);
}

export const listRisks = (db: Db, partnershipId: number) => risks(db, partnershipId).orderBy('plan_risks.id').execute();

export type RiskRow = Awaited<ReturnType<typeof listRisks>>[number];

export const findRisk = (db: Db, partnershipId: number, id: number) =>
  risks(db, partnershipId).where('plan_risks.id', '=', id).executeTakeFirst();

export const insertRisk = (db: Db, values: NewPlanRisk) =>
  db.insertInto('plan_risks').values(values).returning('id').executeTakeFirstOrThrow();

export const updateRisk = (db: Db, partnershipId: number, id: number, values: Partial<NewPlanRisk>) =>
  db.updateTable('plan_risks').set(values).where('partnership_id', '=', partnershipId).where('id', '=', id).execute();

export const linkedActionIds = async (db: Db, partnershipId: number, riskId: number): Promise<number[]> =>
  (
    await db
      .selectFrom('plan_risk_actions')
      .select('action_id')
      .where('partnership_id', '=', partnershipId)
      .where('risk_id', '=', riskId)
      .execute()
  ).map((r) => r.action_id);

export const linkAction = (db: Db, partnershipId: number, riskId: number, actionId: number) =>
  db
    .insertInto('plan_risk_actions')
    .values({ partnership_id: partnershipId, risk_id: riskId, action_id: actionId })
    .execute();

export const unlinkAction = (db: Db, partnershipId: number, riskId: number, actionId: number) =>
  db
    .deleteFrom('plan_risk_actions')
    .where('partnership_id', '=', partnershipId)
    .where('risk_id', '=', riskId)
    .where('action_id', '=', actionId)
    .execute();

export const insertHistory = (
  db: Db,
  values: {
    partnership_id: number;
    risk_id: number;
    at: string;
    actor_label: string;
    event: string;
    inherent_score: number;
    residual_score: number;
  },
) => db.insertInto('plan_risk_history').values(values).execute();

export const listHistory = (db: Db, partnershipId: number, riskId: number) =>
  db
    .selectFrom('plan_risk_history')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('risk_id', '=', riskId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .execute();
