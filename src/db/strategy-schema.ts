import type { Generated, Selectable } from 'kysely';

/** Strategies, their versions, sections and toolkit checklist answers (migration 0028, docs/adr/0026). */
export interface StrategyTable {
  id: Generated<number>;
  partnership_id: number;
  title: string;
  start_year: number;
  end_year: number;
  created_at: string;
  updated_at: string;
}

export type StrategyStatus = 'draft' | 'approved' | 'published';

export interface StrategyVersionTable {
  id: Generated<number>;
  partnership_id: number;
  strategy_id: number;
  number: number;
  status: StrategyStatus;
  approved_by_group_id: number | null;
  approved_on: string | null;
  published_at: string | null;
  /** JSON object: every figure token's value at approval; null while a draft. */
  frozen_figures: string | null;
  /** JSON: the document's appendices at approval (migration 0031); null while a draft or if approved before it. */
  frozen_appendices: string | null;
  created_at: string;
  updated_at: string;
}

export interface StrategySectionTable {
  id: Generated<number>;
  partnership_id: number;
  version_id: number;
  section: string;
  body: string;
}

export interface StrategyChecklistTable {
  id: Generated<number>;
  partnership_id: number;
  version_id: number;
  question: string;
  answer: 'yes' | 'partly' | 'no';
  evidence: string;
  /** One address a line. */
  links: string;
}

export type Strategy = Selectable<StrategyTable>;
export type StrategyVersion = Selectable<StrategyVersionTable>;

/** This schema file's tables, by name, for the Database interface. */
export interface StrategyTables {
  strategies: StrategyTable;
  strategy_versions: StrategyVersionTable;
  strategy_sections: StrategySectionTable;
  strategy_checklist: StrategyChecklistTable;
}
