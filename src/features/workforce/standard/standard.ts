/**
 * The workforce data standard, v1: the ONE typed schema. The documentation, the JSON Schema, the
 * templates and the validator are generated from it (docs/data-standard.md, json-schema.ts,
 * templates.ts, validate.ts); keep names stable, others code against them.
 */
import { SERVICES } from '../../accounts/organisation-codes.ts';
import type { Service } from '../../accounts/organisation-codes.ts';
import { entriesOf, keysOf } from '../../../lib/records.ts';

export const STANDARD_VERSION = '1';

export interface Code {
  readonly code: string;
  readonly label: string;
  readonly synonyms?: readonly string[];
}

export const WORKER_FIELDS = [
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
] as const;
export const VACANCY_FIELDS = ['job_role', 'service', 'vacant_fte', 'agency_cover_fte'] as const;
export type WorkerField = (typeof WORKER_FIELDS)[number];
export type VacancyField = (typeof VACANCY_FIELDS)[number];

const SERVICE_SYNONYMS: Record<Service, string[]> = {
  early_years: ['early years and childcare', 'childcare', 'early years'],
  education: ['schools', 'further education'],
  health: ['nhs'],
  social_care: ['social care, family and community support', "children's social care", 'family support'],
  youth: ['youth service', 'youth work'],
  justice: ['youth justice', 'youth justice and police', 'police'],
  sport_leisure: ['sport', 'leisure', 'play', 'culture', 'sport, leisure, play or culture'],
};

export const SERVICE_CODES: readonly Code[] = entriesOf(SERVICES).map(([code, label]) => ({
  code,
  label,
  synonyms: SERVICE_SYNONYMS[code],
}));

export interface JobRole extends Code {
  readonly services: readonly Service[];
}
const ALL_SERVICES = keysOf(SERVICES);
const role = (code: string, label: string, services: Service[], synonyms: string[] = []): JobRole => ({
  code,
  label,
  services,
  synonyms,
});
export const JOB_ROLES: readonly JobRole[] = [
  role(
    'early_years_practitioner',
    'Early years practitioner',
    ['early_years'],
    ['nursery nurse', 'nursery practitioner'],
  ),
  role('early_years_teacher', 'Early years teacher', ['early_years', 'education']),
  role('early_years_manager', 'Early years setting manager', ['early_years'], ['nursery manager']),
  role('childminder', 'Childminder', ['early_years']),
  role('headteacher', 'Headteacher or school leader', ['education'], ['head teacher', 'principal']),
  role('teacher', 'Teacher', ['education', 'early_years']),
  role('teaching_assistant', 'Teaching assistant', ['education', 'early_years'], ['ta', 'learning support assistant']),
  role('senco', 'Special educational needs co-ordinator (SENCO)', ['education', 'early_years'], ['sendco']),
  role('fe_lecturer', 'Further education lecturer or tutor', ['education'], ['lecturer']),
  role('education_welfare_officer', 'Education welfare officer', ['education']),
  role('educational_psychologist', 'Educational psychologist', ['education', 'health']),
  role('health_visitor', 'Health visitor', ['health']),
  role('school_nurse', 'School nurse', ['health', 'education']),
  role('midwife', 'Midwife', ['health']),
  role('paediatrician', 'Paediatrician', ['health']),
  role('nurse', 'Nurse (other)', ['health', 'social_care'], ['registered nurse']),
  role('camhs_practitioner', 'CAMHS practitioner', ['health'], ['child and adolescent mental health practitioner']),
  role(
    'allied_health_professional',
    'Allied health professional',
    ['health', 'social_care'],
    ['speech and language therapist', 'occupational therapist', 'physiotherapist'],
  ),
  role('childrens_social_worker', "Children's social worker", ['social_care'], ['social worker']),
  role('social_work_manager', 'Social work manager', ['social_care'], ['team manager']),
  role('family_support_worker', 'Family support worker', ['social_care', 'early_years']),
  role('residential_care_worker', 'Residential care worker', ['social_care'], ['residential child care worker']),
  role('care_worker', 'Care worker', ['social_care']),
  role('foster_carer', 'Foster carer', ['social_care']),
  role('youth_worker', 'Youth worker', ['youth']),
  role('youth_justice_officer', 'Youth justice officer', ['justice'], ['yot officer', 'youth offending officer']),
  role('police_officer_child_protection', 'Police officer (child protection)', ['justice'], ['police officer']),
  role('probation_officer', 'Probation officer', ['justice']),
  role('sports_coach', 'Sports coach', ['sport_leisure'], ['coach']),
  role('play_worker', 'Play worker', ['sport_leisure', 'early_years'], ['playworker']),
  role('arts_culture_worker', 'Arts, library or culture worker', ['sport_leisure'], ['librarian']),
  role('service_manager', 'Service manager or senior leader', ALL_SERVICES, ['senior manager', 'head of service']),
  role('administrator', 'Administrative or business support', ALL_SERVICES, ['admin', 'administration']),
  role('other', 'Other (describe in job_role_other)', ALL_SERVICES),
];

export const WORKFORCE_GROUPS: readonly Code[] = [
  { code: 'core', label: 'Core (works with children all the time)' },
  { code: 'wider', label: 'Wider (works with children part of the time)' },
];
export const EMPLOYMENT_TYPES: readonly Code[] = [
  { code: 'employee', label: 'Employee', synonyms: ['employed', 'staff'] },
  { code: 'agency', label: 'Agency', synonyms: ['agency worker', 'locum'] },
  { code: 'self_employed', label: 'Self-employed', synonyms: ['self employed', 'contractor', 'freelance'] },
  { code: 'volunteer', label: 'Volunteer', synonyms: ['voluntary', 'unpaid'] },
];
export const CONTRACT_TYPES: readonly Code[] = [
  { code: 'permanent', label: 'Permanent' },
  { code: 'fixed_term', label: 'Fixed-term', synonyms: ['temporary', 'fixed term'] },
  { code: 'bank_casual', label: 'Bank or casual', synonyms: ['bank', 'casual', 'bank/casual', 'sessional'] },
  { code: 'zero_hours', label: 'Zero-hours', synonyms: ['zero hours', 'zero hour'] },
];
export const LEAVING_REASONS: readonly Code[] = [
  { code: 'resigned', label: 'Resigned', synonyms: ['resignation'] },
  { code: 'retired', label: 'Retired', synonyms: ['retirement'] },
  { code: 'end_of_contract', label: 'End of fixed-term contract', synonyms: ['end of contract', 'contract ended'] },
  { code: 'dismissed', label: 'Dismissed', synonyms: ['dismissal'] },
  { code: 'redundancy', label: 'Redundancy', synonyms: ['redundant'] },
  { code: 'moved_within_partnership', label: 'Moved to another partner organisation', synonyms: ['transfer'] },
  { code: 'career_change', label: 'Left the sector or changed career' },
  { code: 'death', label: 'Death in service', synonyms: ['died'] },
  { code: 'other', label: 'Other' },
  { code: 'not_known', label: 'Not known', synonyms: ['unknown', 'dont know'] },
];
const PNTS = {
  code: 'prefer_not_to_say',
  label: 'Prefer not to say',
  synonyms: ['undisclosed', 'declined', 'not stated'],
};
const NOT_KNOWN = { code: 'not_known', label: 'Not known', synonyms: ['unknown', 'dont know', "don't know"] };
export const SEXES: readonly Code[] = [
  { code: 'female', label: 'Female', synonyms: ['f', 'woman'] },
  { code: 'male', label: 'Male', synonyms: ['m', 'man'] },
  { code: 'other', label: 'Other', synonyms: ['other sex'] },
  PNTS,
  NOT_KNOWN,
];
export const DISABILITY: readonly Code[] = [
  { code: 'yes', label: 'Yes', synonyms: ['y', 'disabled'] },
  { code: 'no', label: 'No', synonyms: ['n', 'not disabled'] },
  PNTS,
  NOT_KNOWN,
];
export const QUALIFICATION_LEVELS: readonly Code[] = [
  { code: 'entry', label: 'RQF entry level', synonyms: ['entry level', 'e'] },
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({
    code: String(n),
    label: `RQF level ${n}`,
    synonyms: [`level ${n}`, `l${n}`],
  })),
  { code: 'none', label: 'No relevant qualification', synonyms: ['no qualification', 'no qualifications'] },
  NOT_KNOWN,
];
export const SAFEGUARDING_LEVELS: readonly Code[] = [
  { code: 'none', label: 'No safeguarding training', synonyms: ['no training'] },
  { code: '1', label: 'Level 1 (single-agency or e-learning)', synonyms: ['level 1'] },
  { code: '2', label: 'Level 2 (multi-agency)', synonyms: ['level 2'] },
  { code: '3', label: 'Level 3 (specialist)', synonyms: ['level 3'] },
  { code: '4', label: 'Level 4 (Intercollegiate, named professionals)', synonyms: ['level 4'] },
  { code: '5', label: 'Level 5 (Intercollegiate, designated professionals)', synonyms: ['level 5'] },
];
export const YES_NO: readonly Code[] = [
  { code: 'yes', label: 'Yes', synonyms: ['y', 'true', '1'] },
  { code: 'no', label: 'No', synonyms: ['n', 'false', '0'] },
];

export const ETHNIC_GROUPS: readonly Code[] = [
  { code: 'asian', label: 'Asian, Asian British or Asian Welsh' },
  { code: 'black', label: 'Black, Black British, Black Welsh, Caribbean or African' },
  { code: 'mixed', label: 'Mixed or Multiple ethnic groups' },
  { code: 'white', label: 'White' },
  { code: 'other', label: 'Other ethnic group' },
];
export interface Ethnicity extends Code {
  readonly group: string | null;
  readonly onsCode: number | null;
}
const eth = (onsCode: number, group: string, code: string, label: string, synonyms: string[] = []): Ethnicity => ({
  code,
  label,
  group,
  onsCode,
  synonyms,
});
/** ONS Census 2021 ethnic group (TS021), 19 categories; onsCode as in ONS TS021 (docs/domain.md §4). */
export const ETHNICITIES: readonly Ethnicity[] = [
  eth(1, 'asian', 'asian_bangladeshi', 'Asian, Asian British or Asian Welsh: Bangladeshi', ['bangladeshi']),
  eth(2, 'asian', 'asian_chinese', 'Asian, Asian British or Asian Welsh: Chinese', ['chinese']),
  eth(3, 'asian', 'asian_indian', 'Asian, Asian British or Asian Welsh: Indian', ['indian']),
  eth(4, 'asian', 'asian_pakistani', 'Asian, Asian British or Asian Welsh: Pakistani', ['pakistani']),
  eth(5, 'asian', 'asian_other', 'Asian, Asian British or Asian Welsh: Other Asian', ['other asian']),
  eth(6, 'black', 'black_african', 'Black, Black British, Black Welsh, Caribbean or African: African', ['african']),
  eth(7, 'black', 'black_caribbean', 'Black, Black British, Black Welsh, Caribbean or African: Caribbean', [
    'caribbean',
  ]),
  eth(8, 'black', 'black_other', 'Black, Black British, Black Welsh, Caribbean or African: Other Black', [
    'other black',
  ]),
  eth(9, 'mixed', 'mixed_white_asian', 'Mixed or Multiple ethnic groups: White and Asian', ['white and asian']),
  eth(10, 'mixed', 'mixed_white_black_african', 'Mixed or Multiple ethnic groups: White and Black African', [
    'white and black african',
  ]),
  eth(11, 'mixed', 'mixed_white_black_caribbean', 'Mixed or Multiple ethnic groups: White and Black Caribbean', [
    'white and black caribbean',
  ]),
  eth(12, 'mixed', 'mixed_other', 'Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups', [
    'other mixed',
  ]),
  eth(13, 'white', 'white_british', 'White: English, Welsh, Scottish, Northern Irish or British', [
    'white british',
    'british',
  ]),
  eth(14, 'white', 'white_irish', 'White: Irish', ['irish']),
  eth(15, 'white', 'white_gypsy_irish_traveller', 'White: Gypsy or Irish Traveller', ['gypsy or irish traveller']),
  eth(16, 'white', 'white_roma', 'White: Roma', ['roma']),
  eth(17, 'white', 'white_other', 'White: Other White', ['other white']),
  eth(18, 'other', 'other_arab', 'Other ethnic group: Arab', ['arab']),
  eth(19, 'other', 'other_any', 'Other ethnic group: Any other ethnic group', ['any other ethnic group']),
  { ...PNTS, group: null, onsCode: null },
  { ...NOT_KNOWN, group: null, onsCode: null },
];

export interface WorkerRecord {
  worker_id: string;
  service: string;
  job_role: string;
  job_role_other: string | null;
  workforce_group: 'core' | 'wider';
  employment_type: 'employee' | 'agency' | 'self_employed' | 'volunteer';
  contract_type: 'permanent' | 'fixed_term' | 'bank_casual' | 'zero_hours' | null;
  fte: number;
  contracted_hours: number | null;
  start_date: string | null;
  leaving_date: string | null;
  leaving_reason: string | null;
  birth_year: number | null;
  sex: string | null;
  gender_identity: string | null;
  ethnicity: string | null;
  disability: 'yes' | 'no' | 'prefer_not_to_say' | 'not_known' | null;
  qualification_level: 'entry' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | 'none' | 'not_known' | null;
  apprentice: boolean | null;
  sickness_days: number | null;
  safeguarding_level: 'none' | '1' | '2' | '3' | '4' | '5' | null;
  manager: boolean | null;
}
export interface VacancyRecord {
  job_role: string;
  service: string;
  vacant_fte: number;
  agency_cover_fte: number | null;
}

export const normaliseName = (value: string): string =>
  value
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]/g, '');

export const codeLabel = (codes: readonly Code[], code: string | null): string =>
  code === null ? '' : (codes.find((c) => c.code === code)?.label ?? code);
export const jobRole = (code: string): JobRole | undefined => JOB_ROLES.find((r) => r.code === code);
export const ethnicityGroup = (code: string): string | null => ETHNICITIES.find((e) => e.code === code)?.group ?? null;
