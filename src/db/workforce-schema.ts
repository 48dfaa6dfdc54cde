import type { Generated } from 'kysely';
import type { VacancyRecord, WorkerRecord } from '../features/workforce/standard/standard.ts';

/* The workforce tables' row types (see schema.ts for the column conventions). */

/* Workforce returns (migrations 0003, 0010). worker_records holds the current returns' records and those of pending uploads. */
export interface WorkforceCollectionTable {
  id: Generated<number>;
  partnership_id: number;
  census_date: string;
  deadline: string; // YYYY-MM-DD
  created_at: string;
  updated_at: string;
}

/*
 * The worker and vacancy columns are the data standard's records (src/features/workforce/standard.ts,
 * the one typed schema) as stored: booleans as 0/1 integers, codes and dates as text, every field
 * nullable but the worker ID, plus the return's census date. Migration 0003 creates them.
 */
type Stored<T> = T extends boolean ? number : T extends number ? number : T extends string ? string : never;
type StoredRecord<R, NotNull extends keyof R = never> = { census_date: string } & {
  [K in keyof R]: Stored<NonNullable<R[K]>> | (K extends NotNull ? never : null);
};

export type WorkerRecordColumns = StoredRecord<WorkerRecord, 'worker_id'>;
export type VacancyRecordColumns = StoredRecord<VacancyRecord>;

export interface ReturnUploadTable {
  id: Generated<number>;
  partnership_id: number;
  organisation_id: number;
  census_date: string;
  uploaded_by: number | null;
  uploaded_by_label: string;
  source: 'upload' | 'api' | 'cli' | 'demo';
  file_name: string;
  file_hash: string;
  status: 'validating' | 'invalid' | 'valid' | 'committed' | 'abandoned';
  format: string | null;
  columns_json: string; // {"kind","matched","unknown","unmapped"}
  worker_count: number;
  vacancy_count: number;
  error_count: number;
  warning_count: number;
  /** 0/1: whether the file had a workers part, a vacancies part (migration 0016); a part it lacks is kept. */
  carries_workers: Generated<number>;
  carries_vacancies: Generated<number>;
  return_id: number | null;
  created_at: string;
  updated_at: string;
  /** Problems by severity, kind and column, all of them (only the first N are stored in detail). */
  problem_counts_json: Generated<string>;
  /** The process checking a 'validating' upload: "host/pid". */
  checked_by: string | null;
}

export interface StagedVacancyRecordTable extends VacancyRecordColumns {
  id: Generated<number>;
  partnership_id: number;
  upload_id: number;
  row_number: number;
}

export interface UploadProblemTable {
  id: Generated<number>;
  partnership_id: number;
  upload_id: number;
  severity: 'error' | 'warning';
  kind: string;
  row_number: number | null;
  column_name: string | null;
  value: string | null;
  message: string;
  sheet: string | null;
}

export interface WorkforceReturnTable {
  id: Generated<number>;
  partnership_id: number;
  organisation_id: number;
  census_date: string;
  /** 'pending' while its upload awaits review: its records are in worker_records, not yet current. */
  status: 'pending' | 'current' | 'replaced';
  submitted_by: number | null;
  submitted_by_label: string;
  submitted_at: string;
  file_name: string;
  file_hash: string; // sha256 hex
  source: 'upload' | 'api' | 'cli' | 'demo';
  upload_id: number | null;
  worker_count: number;
  vacancy_count: number;
  fte_total: number;
  leavers_count: number;
  created_at: string;
}

export interface WorkerRecordTable extends WorkerRecordColumns {
  id: Generated<number>;
  partnership_id: number;
  organisation_id: number;
  return_id: number;
}

export interface VacancyRecordTable extends VacancyRecordColumns {
  id: Generated<number>;
  partnership_id: number;
  organisation_id: number;
  return_id: number;
}

/* The workforce profile's summary cells (migration 0009, src/features/workforce/profile-cells.ts). */
export interface ProfileCellColumns {
  kind: 'group' | 'age_sex' | 'ethnicity' | 'qualification' | 'disability';
  service: string;
  job_role: string;
  workforce_group: string;
  employment_type: string;
  manager: number;
  status: 'current' | 'leaver' | 'other';
  leaving_reason: string;
  code: string;
  birth_year: number | null;
  n: number;
  fte: number;
  sick: number;
  starters: number;
  starters_fte: number;
  apprentices: number;
  retired_fte: number;
  /** Sums of the record keys (src/lib/disclosure.ts) of its people, its starters and its apprentices (migration 0015). */
  key_sum: number;
  starters_key_sum: number;
  apprentices_key_sum: number;
}

/** Each partnership's secret for the record keys of disclosure control (migration 0015). */
export interface DisclosureSecretTable {
  partnership_id: number;
  secret: string;
}

export interface ProfileCellTable extends ProfileCellColumns {
  id: Generated<number>;
  partnership_id: number;
  organisation_id: number;
  census_date: string;
  return_id: number;
}

export interface StagedProfileCellTable extends ProfileCellColumns {
  id: Generated<number>;
  partnership_id: number;
  upload_id: number;
}

export interface WorkforceSettingsTable {
  id: Generated<number>;
  partnership_id: number;
  local_authority_code: string | null;
  retirement_age: Generated<number>;
  minimum_qualifications_json: Generated<string>;
  statistical_neighbours_json: Generated<string>;
  working_days_per_year: Generated<number>;
  updated_at: string;
  updated_by: string | null;
}
