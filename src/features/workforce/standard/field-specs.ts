/** The data standard's fields: for each, its type, code list, whether it is required, and its guidance. */
import {
  CONTRACT_TYPES,
  type Code,
  DISABILITY,
  EMPLOYMENT_TYPES,
  ETHNICITIES,
  JOB_ROLES,
  LEAVING_REASONS,
  QUALIFICATION_LEVELS,
  SAFEGUARDING_LEVELS,
  SERVICE_CODES,
  SEXES,
  type VacancyField,
  WORKFORCE_GROUPS,
  type WorkerField,
  YES_NO,
} from './standard.ts';

export type FieldType = 'text' | 'code' | 'number' | 'integer' | 'date' | 'boolean';
export type FieldGroup = 'identity' | 'role' | 'employment' | 'leaving' | 'characteristics' | 'development' | 'vacancy';
export const FIELD_GROUPS: Record<FieldGroup, string> = {
  identity: 'Identity',
  role: 'Service and role',
  employment: 'Employment',
  leaving: 'Leavers',
  characteristics: 'Personal characteristics',
  development: 'Qualifications, training and attendance',
  vacancy: 'Vacancies',
};

export interface FieldSpec {
  readonly name: string;
  readonly group: FieldGroup;
  readonly label: string;
  readonly meaning: string;
  readonly type: FieldType;
  /** 'required' always; 'conditional' explained in `condition`; 'optional' may be blank. */
  readonly required: 'required' | 'conditional' | 'optional';
  readonly condition?: string;
  readonly codes?: readonly Code[];
  readonly min?: number;
  readonly max?: number;
  readonly maxLength?: number;
  readonly example: string;
  readonly synonyms: readonly string[];
}

const f = (spec: FieldSpec): FieldSpec => spec;
export const WORKER_FIELD_SPECS: Record<WorkerField, FieldSpec> = {
  worker_id: f({
    name: 'worker_id',
    group: 'identity',
    label: 'Worker ID',
    type: 'text',
    required: 'required',
    maxLength: 64,
    meaning:
      'A pseudonymous identifier for the person, unique within your organisation and kept the same from one return to the next. Never a name, email address or National Insurance number.',
    example: 'W000123',
    synonyms: ['worker id', 'staff id', 'employee id', 'person id', 'unique worker id', 'pseudonymous id', 'id'],
  }),
  service: f({
    name: 'service',
    group: 'role',
    label: 'Service',
    type: 'code',
    required: 'required',
    codes: SERVICE_CODES,
    meaning: 'The service the person works in.',
    example: 'early_years',
    synonyms: ['sector', 'service area'],
  }),
  job_role: f({
    name: 'job_role',
    group: 'role',
    label: 'Job role',
    type: 'code',
    required: 'required',
    codes: JOB_ROLES,
    meaning:
      'The person’s main job role, from the controlled list. Use "other" and describe it in job_role_other if none fits.',
    example: 'early_years_practitioner',
    synonyms: ['role', 'job title', 'main job role', 'job'],
  }),
  job_role_other: f({
    name: 'job_role_other',
    group: 'role',
    label: 'Other job role',
    type: 'text',
    required: 'conditional',
    maxLength: 100,
    condition: 'Required when job_role is "other".',
    meaning: 'A short description of the job role when job_role is "other".',
    example: 'Forest school leader',
    synonyms: ['other job role', 'job role description', 'other role'],
  }),
  workforce_group: f({
    name: 'workforce_group',
    group: 'role',
    label: 'Workforce group',
    type: 'code',
    required: 'required',
    codes: WORKFORCE_GROUPS,
    meaning: 'Core workforce works with children and young people all the time; wider workforce part of the time.',
    example: 'core',
    synonyms: ['workforce', 'core or wider', 'group'],
  }),
  employment_type: f({
    name: 'employment_type',
    group: 'employment',
    label: 'Employment type',
    type: 'code',
    required: 'required',
    codes: EMPLOYMENT_TYPES,
    meaning:
      'How the person is engaged: employee, agency worker, self-employed or volunteer. Record each agency worker in post at the census date as a row with employment_type agency: the agency rate is worked out from these rows.',
    example: 'employee',
    synonyms: ['employment status', 'employment', 'engagement type'],
  }),
  contract_type: f({
    name: 'contract_type',
    group: 'employment',
    label: 'Contract type',
    type: 'code',
    required: 'conditional',
    codes: CONTRACT_TYPES,
    condition: 'Required for employees; leave blank for volunteers.',
    meaning: 'The type of contract.',
    example: 'permanent',
    synonyms: ['contract', 'contract status'],
  }),
  fte: f({
    name: 'fte',
    group: 'employment',
    label: 'Full-time equivalent',
    type: 'number',
    required: 'required',
    min: 0,
    max: 1.5,
    meaning:
      "Full-time equivalent at the census date (1 = full time: the organisation's full-time hours, 37 a week unless its settings say otherwise). Between 0 and 1.5. For a leaver, the FTE when they left.",
    example: '0.8',
    synonyms: ['full time equivalent', 'fte at census date', 'whole time equivalent', 'wte'],
  }),
  contracted_hours: f({
    name: 'contracted_hours',
    group: 'employment',
    label: 'Contracted hours',
    type: 'number',
    required: 'optional',
    min: 0,
    max: 80,
    meaning:
      'Contracted hours a week. Leave blank for zero-hours and bank workers, who have no contracted hours: give their average weekly hours as fte instead.',
    example: '29.6',
    synonyms: ['hours', 'weekly hours', 'contracted weekly hours', 'hours per week'],
  }),
  start_date: f({
    name: 'start_date',
    group: 'employment',
    label: 'Start date',
    type: 'date',
    required: 'optional',
    meaning: 'The date the person started in this role, as YYYY-MM-DD (DD/MM/YYYY is also accepted).',
    example: '2019-09-02',
    synonyms: ['start date in role', 'date started', 'role start date'],
  }),
  leaving_date: f({
    name: 'leaving_date',
    group: 'leaving',
    label: 'Leaving date',
    type: 'date',
    required: 'optional',
    meaning:
      'For people who left in the 12 months up to the census date: the date they left. Blank for people in post.',
    example: '2026-03-31',
    synonyms: ['date left', 'end date', 'leaver date'],
  }),
  leaving_reason: f({
    name: 'leaving_reason',
    group: 'leaving',
    label: 'Leaving reason',
    type: 'code',
    required: 'conditional',
    codes: LEAVING_REASONS,
    condition: 'Expected when leaving_date is given.',
    meaning: 'Why the person left.',
    example: 'resigned',
    synonyms: ['reason for leaving', 'reason left'],
  }),
  birth_year: f({
    name: 'birth_year',
    group: 'characteristics',
    label: 'Year of birth',
    type: 'integer',
    required: 'optional',
    min: 1900,
    max: 2100,
    meaning: 'The year the person was born (year only, never the full date of birth).',
    example: '1985',
    synonyms: ['year of birth', 'birth year', 'yob'],
  }),
  sex: f({
    name: 'sex',
    group: 'characteristics',
    label: 'Sex',
    type: 'code',
    required: 'optional',
    codes: SEXES,
    meaning: 'Sex, as recorded by the employer.',
    example: 'female',
    synonyms: ['gender', 'sex at birth'],
  }),
  gender_identity: f({
    name: 'gender_identity',
    group: 'characteristics',
    label: 'Gender identity',
    type: 'text',
    required: 'optional',
    maxLength: 50,
    meaning: 'Optional: gender identity as the person describes it, where collected.',
    example: 'Non-binary',
    synonyms: ['gender identity'],
  }),
  ethnicity: f({
    name: 'ethnicity',
    group: 'characteristics',
    label: 'Ethnicity',
    type: 'code',
    required: 'optional',
    codes: ETHNICITIES,
    meaning:
      'Ethnic group, using the 19 ONS Census 2021 categories, "prefer not to say" or "not known". The ONS code (1 to 19) is also accepted.',
    example: 'white_british',
    synonyms: ['ethnic group', 'ethnic origin', 'ethnicity code'],
  }),
  disability: f({
    name: 'disability',
    group: 'characteristics',
    label: 'Disability',
    type: 'code',
    required: 'optional',
    codes: DISABILITY,
    meaning: 'Whether the person considers themselves disabled.',
    example: 'no',
    synonyms: ['disabled', 'disability status'],
  }),
  qualification_level: f({
    name: 'qualification_level',
    group: 'development',
    label: 'Qualification level',
    type: 'code',
    required: 'optional',
    codes: QUALIFICATION_LEVELS,
    meaning:
      'Highest relevant qualification, as a Regulated Qualifications Framework level (level 3 = A level, NVQ 3).',
    example: '3',
    synonyms: ['highest qualification', 'rqf level', 'qualification', 'highest qualification level'],
  }),
  apprentice: f({
    name: 'apprentice',
    group: 'development',
    label: 'Apprentice',
    type: 'boolean',
    required: 'optional',
    codes: YES_NO,
    meaning: 'Whether the person is on an apprenticeship.',
    example: 'no',
    synonyms: ['apprenticeship', 'is apprentice'],
  }),
  sickness_days: f({
    name: 'sickness_days',
    group: 'development',
    label: 'Sickness days',
    type: 'number',
    required: 'optional',
    min: 0,
    max: 366,
    meaning:
      'Working days lost to sickness absence in the 12 months up to the census date: days the person was due to work, so a part-time worker on three days a week loses at most three a week. The absence rate counts employees in post only; days given for leavers and agency workers are kept but not counted.',
    example: '4',
    synonyms: ['days sick', 'sickness absence days', 'days lost', 'absence days'],
  }),
  safeguarding_level: f({
    name: 'safeguarding_level',
    group: 'development',
    label: 'Safeguarding training level',
    type: 'code',
    required: 'optional',
    codes: SAFEGUARDING_LEVELS,
    meaning:
      'Optional: the highest safeguarding training level completed (LSCB levels 1 to 3; Intercollegiate levels 1 to 5 for health staff).',
    example: '2',
    synonyms: ['safeguarding training', 'safeguarding training level', 'safeguarding'],
  }),
  manager: f({
    name: 'manager',
    group: 'role',
    label: 'Manager',
    type: 'boolean',
    required: 'optional',
    codes: YES_NO,
    meaning: 'Whether the person manages other staff.',
    example: 'no',
    synonyms: ['is manager', 'line manager', 'management role'],
  }),
};

export const VACANCY_FIELD_SPECS: Record<VacancyField, FieldSpec> = {
  job_role: { ...WORKER_FIELD_SPECS.job_role, group: 'vacancy', meaning: 'The job role with vacancies.' },
  service: { ...WORKER_FIELD_SPECS.service, group: 'vacancy', meaning: 'The service the vacancies are in.' },
  vacant_fte: f({
    name: 'vacant_fte',
    group: 'vacancy',
    label: 'Vacant FTE',
    type: 'number',
    required: 'required',
    min: 0,
    max: 10000,
    meaning: 'Full-time equivalent of posts vacant at the census date (whether or not covered by agency workers).',
    example: '2.5',
    synonyms: ['vacancies', 'vacancies fte', 'vacancy fte', 'vacant posts fte'],
  }),
  agency_cover_fte: f({
    name: 'agency_cover_fte',
    group: 'vacancy',
    label: 'Agency cover FTE',
    type: 'number',
    required: 'optional',
    min: 0,
    max: 10000,
    meaning:
      'Of the vacant FTE, how much is covered by agency workers. It describes the vacancies only: the agency rate is worked out from agency worker rows, never from this field, so an agency worker given both ways is not counted twice.',
    example: '1',
    synonyms: ['agency cover', 'agency fte', 'covered by agency'],
  }),
};

/** Lower case, without spaces or punctuation: how headers and coded values are compared. */
