import type { Generated } from 'kysely';

/** What a job role must have done (issue 14, point 8): minutes at a level within a rolling number of months. */
export interface TrainingRequirementTable {
  id: Generated<number>;
  partnership_id: number;
  /** The data standard's job role code; one requirement per role. */
  job_role: string;
  /** A code of the training levels (src/features/training/codes.ts). */
  level: string;
  minutes: number;
  period_months: number;
  created_at: string;
  updated_at: string;
}

/**
 * Training that counts towards a requirement besides attended multi-agency sessions: single-agency
 * training an organisation records for its own staff, and imported e-learning.
 */
export interface TrainingRecordTable {
  id: Generated<number>;
  partnership_id: number;
  practitioner_id: number;
  organisation_id: number;
  source: 'single_agency' | 'elearning';
  course: string;
  /** YYYY-MM-DD */
  completed_on: string;
  minutes: number;
  level: string;
  import_id: number | null;
  recorded_by: number | null;
  created_at: string;
}

/** An e-learning file checked and waiting for review; committed_at is set when its records are added. */
export interface TrainingRecordImportTable {
  id: Generated<number>;
  partnership_id: number;
  file_name: string;
  file_hash: string;
  /** The checked rows, as JSON, until they are committed. */
  rows_json: string;
  row_count: number;
  created_by: number | null;
  created_at: string;
  committed_at: string | null;
}

/** This schema file's tables, by name, for the Database interface. */
export interface TrainingComplianceTables {
  training_requirements: TrainingRequirementTable;
  training_records: TrainingRecordTable;
  training_record_imports: TrainingRecordImportTable;
}
