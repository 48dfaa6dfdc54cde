import type { WorkerRecordColumns } from '../../../db/schema.ts';

/** The worker columns the standard defines, in its order (census_date is the return's). */
export const WORKER_COLUMNS = [
  'worker_id',
  'service',
  'job_role',
  'job_role_other',
  'workforce_group',
  'employment_type',
  'contract_type',
  'fte',
  'contracted_hours',
  'start_date',
  'leaving_date',
  'leaving_reason',
  'birth_year',
  'sex',
  'gender_identity',
  'ethnicity',
  'disability',
  'qualification_level',
  'apprentice',
  'sickness_days',
  'safeguarding_level',
  'manager',
] as const satisfies readonly (keyof WorkerRecordColumns)[];
export const VACANCY_COLUMNS = ['job_role', 'service', 'vacant_fte', 'agency_cover_fte'] as const;
