import type { Generated, Insertable, Selectable } from 'kysely';

/** The strategy and action plan's tables (migration 0019, docs/adr/0023). */
export interface PlanPriorityTable {
  id: Generated<number>;
  partnership_id: number;
  rank: number;
  title: string;
  description: string;
  /** JSON array of OCWT theme positions. */
  themes: string;
  source_assessment_priority_id: number | null;
  risk_appetite: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface PlanObjectiveTable {
  id: Generated<number>;
  partnership_id: number;
  priority_id: number;
  what: string;
  measure: string;
  target: string;
  due_date: string;
  owner: string;
  created_at: string;
  updated_at: string;
}

export interface PlanActionTable {
  id: Generated<number>;
  partnership_id: number;
  priority_id: number | null;
  objective_id: number | null;
  title: string;
  themes: string;
  stages: string;
  outcomes: string;
  success_criteria: string;
  lead_user_id: number | null;
  lead_name: string;
  lead_organisation: string;
  start_date: string;
  due_date: string;
  cost_pence: number | null;
  funding_stream: string;
  /** The latest update's progress (0–100), kept here so the plan page reads one table. */
  progress: Generated<number>;
  last_update_on: string | null;
  rag_override: string | null;
  rag_override_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface PlanActionUpdateTable {
  id: Generated<number>;
  partnership_id: number;
  action_id: number;
  update_on: string;
  progress: number;
  narrative: string;
  author_user_id: number | null;
  author_label: string;
  created_at: string;
}

export type PlanPriority = Selectable<PlanPriorityTable>;
export type PlanObjective = Selectable<PlanObjectiveTable>;
export type PlanAction = Selectable<PlanActionTable>;
export type NewPlanAction = Insertable<PlanActionTable>;
export type PlanActionUpdate = Selectable<PlanActionUpdateTable>;

export interface PlanRiskTable {
  id: Generated<number>;
  partnership_id: number;
  priority_id: number | null;
  title: string;
  cause: string;
  effect: string;
  owner: string;
  likelihood: number;
  impact: number;
  target_likelihood: number;
  target_impact: number;
  controls: string;
  contingency: string;
  review_on: string;
  created_at: string;
  updated_at: string;
}

export interface PlanRiskActionTable {
  partnership_id: number;
  risk_id: number;
  action_id: number;
}

/** An action and a course it commissions (migration 0029, docs/adr/0035). */
export interface PlanActionCourseTable {
  partnership_id: number;
  action_id: number;
  course_id: number;
}

export interface PlanRiskHistoryTable {
  id: Generated<number>;
  partnership_id: number;
  risk_id: number;
  at: string;
  actor_label: string;
  event: string;
  inherent_score: number;
  residual_score: number;
}

export type PlanRisk = Selectable<PlanRiskTable>;
export type NewPlanRisk = Insertable<PlanRiskTable>;

export interface PlanImportTable {
  id: Generated<number>;
  partnership_id: number;
  file_name: string;
  actions_json: string;
  created_by: number | null;
  created_at: string;
  committed_at: string | null;
}

export interface PlanIndicatorTable {
  id: Generated<number>;
  partnership_id: number;
  name: string;
  definition: string;
  unit: string;
  polarity: string;
  baseline: number | null;
  source: string;
  tolerance_percent: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface PlanIndicatorTargetTable {
  partnership_id: number;
  indicator_id: number;
  year: number;
  target: number;
}

export interface PlanIndicatorValueTable {
  partnership_id: number;
  indicator_id: number;
  quarter_end: string;
  value: number | null;
  suppressed: Generated<number>;
  signed_off_at: string | null;
  signed_off_by: string | null;
}

export interface PlanFundingStreamTable {
  id: Generated<number>;
  partnership_id: number;
  name: string;
  source: string;
  organisation_id: number | null;
  amount_per_year_pence: number;
  conditions: string;
  ring_fenced: number;
  created_at: string;
  updated_at: string;
}

export type LedgerKind = 'contribution' | 'allocation' | 'commitment' | 'spend';

/** Append-only (migration 0019's triggers). */
export interface PlanLedgerTable {
  id: Generated<number>;
  partnership_id: number;
  stream_id: number;
  kind: LedgerKind;
  amount_pence: number;
  organisation_id: number | null;
  action_id: number | null;
  on_date: string;
  note: string;
  recorded_by: string;
  created_at: string;
}

/** The glossary and acronyms (migration 0020); `term_key` is the term in lower case, unique per partnership. */
export interface PlanGlossaryTable {
  id: Generated<number>;
  partnership_id: number;
  term: string;
  term_key: string;
  expansion: string;
  definition: string;
  created_at: string;
  updated_at: string;
}

export type PlanGlossaryTerm = Selectable<PlanGlossaryTable>;
