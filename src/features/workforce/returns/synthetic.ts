/*
 * A seeded generator of plausible, entirely fictional workforce records for the demo, tests and
 * benchmarks: roles by organisation type, ages, sex, ethnicity drawn from a real local
 * authority's Census 2021 population, leavers, agency staff and vacancies. The same seed gives the
 * same records. Streams any number of workers (a generator), so a million never sit in memory.
 */
import { censusYear } from '../profile/measures.ts';
import { populationByEthnicity } from '../profile/reference.ts';
import { ETHNICITIES, JOB_ROLES, type VacancyRecord, type WorkerRecord } from '../standard/standard.ts';

export interface SyntheticOrganisation {
  id: number;
  type: string;
  services: readonly string[];
}
export type SyntheticWorker = WorkerRecord & { organisation_id: number };
export type SyntheticVacancy = VacancyRecord & { organisation_id: number };

/** mulberry32: small, fast, seeded. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T>(rand: () => number, items: ReadonlyArray<readonly [T, number]>): T {
  const total = items.reduce((a, [, w]) => a + w, 0);
  let x = rand() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items[items.length - 1]![0];
}

/** Roles (with weights) typical of each type of organisation. */
const ROLES_BY_TYPE: Record<string, Array<readonly [string, number]>> = {
  local_authority: [
    ['childrens_social_worker', 30],
    ['social_work_manager', 6],
    ['family_support_worker', 15],
    ['residential_care_worker', 8],
    ['youth_worker', 8],
    ['education_welfare_officer', 4],
    ['educational_psychologist', 3],
    ['early_years_practitioner', 6],
    ['service_manager', 4],
    ['administrator', 10],
    ['foster_carer', 6],
  ],
  nhs_trust: [
    ['health_visitor', 20],
    ['school_nurse', 12],
    ['midwife', 15],
    ['paediatrician', 5],
    ['nurse', 15],
    ['camhs_practitioner', 12],
    ['allied_health_professional', 12],
    ['service_manager', 3],
    ['administrator', 6],
  ],
  police: [
    ['police_officer_child_protection', 70],
    ['service_manager', 5],
    ['administrator', 25],
  ],
  youth_justice: [
    ['youth_justice_officer', 55],
    ['youth_worker', 20],
    ['service_manager', 8],
    ['administrator', 17],
  ],
  school: [
    ['teacher', 40],
    ['teaching_assistant', 35],
    ['headteacher', 4],
    ['senco', 5],
    ['fe_lecturer', 6],
    ['administrator', 10],
  ],
  early_years: [
    ['early_years_practitioner', 60],
    ['early_years_teacher', 10],
    ['early_years_manager', 8],
    ['childminder', 12],
    ['play_worker', 10],
  ],
  voluntary: [
    ['family_support_worker', 30],
    ['youth_worker', 35],
    ['care_worker', 15],
    ['service_manager', 5],
    ['administrator', 15],
  ],
  private_provider: [
    ['residential_care_worker', 65],
    ['care_worker', 15],
    ['social_work_manager', 5],
    ['service_manager', 5],
    ['administrator', 10],
  ],
  other: [
    ['sports_coach', 45],
    ['play_worker', 25],
    ['arts_culture_worker', 20],
    ['administrator', 10],
  ],
};

const MANAGER_ROLES = new Set(['social_work_manager', 'service_manager', 'headteacher', 'early_years_manager']);
const LEAVING_REASONS: Array<readonly [string, number]> = [
  ['resigned', 55],
  ['retired', 12],
  ['end_of_contract', 10],
  ['career_change', 8],
  ['moved_within_partnership', 5],
  ['dismissed', 3],
  ['redundancy', 2],
  ['other', 3],
  ['not_known', 2],
];
const QUALIFICATIONS: Array<readonly [string, number]> = [
  ['entry', 1],
  ['1', 2],
  ['2', 10],
  ['3', 25],
  ['4', 10],
  ['5', 8],
  ['6', 28],
  ['7', 12],
  ['8', 1],
  ['none', 1],
  ['not_known', 2],
];
const GRADUATE_ROLES = new Set([
  'childrens_social_worker',
  'social_work_manager',
  'teacher',
  'headteacher',
  'educational_psychologist',
  'health_visitor',
  'midwife',
  'paediatrician',
  'nurse',
  'school_nurse',
  'camhs_practitioner',
  'allied_health_professional',
  'early_years_teacher',
  'senco',
  'fe_lecturer',
]);

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const DAY = 86_400_000;

export interface GenerateOptions {
  seed: number;
  organisations: readonly SyntheticOrganisation[];
  count: number;
  censusDate: string;
  /** Upper-tier local authority whose Census population the ethnicity follows (default Derbyshire). */
  areaCode?: string;
  /** Prefix for the pseudonymous worker ids (e.g. 'W25-'). */
  idPrefix?: string;
}

const FTE_SHARES = [
  [1, 65],
  [0.8, 12],
  [0.6, 10],
  [0.5, 8],
  [0.4, 5],
] as const;
const GRADUATE_QUALIFICATIONS = [
  ['6', 60],
  ['7', 30],
  ['5', 5],
  ['8', 2],
  ['not_known', 3],
] as const;

type Organisation = GenerateOptions['organisations'][number];

/** Where a worker works: the organisation, a role it employs, the role's service there, and how employed. */
function placement(rand: () => number, orgs: (readonly [Organisation, number])[]) {
  const org = weighted(rand, orgs);
  const roles = ROLES_BY_TYPE[org.type] ?? ROLES_BY_TYPE.other!;
  const role = weighted(rand, roles);
  const roleServices = JOB_ROLES.find((r) => r.code === role)?.services ?? [];
  const service =
    roleServices.find((s) => org.services.includes(s)) ?? org.services[0] ?? roleServices[0] ?? 'social_care';
  const employment: WorkerRecord['employment_type'] =
    role === 'childminder'
      ? 'self_employed'
      : org.type === 'voluntary' && rand() < 0.3
        ? 'volunteer'
        : weighted(rand, [
            ['employee', role === 'childrens_social_worker' ? 80 : 92],
            ['agency', role === 'childrens_social_worker' ? 18 : 5],
            ['self_employed', 1],
          ] as const);
  return { org, role, service, employment };
}

/** Workers spread over the organisations (larger shares for councils, trusts and schools). */
export function* generateWorkers(options: GenerateOptions): Generator<SyntheticWorker> {
  const rand = random(options.seed);
  const population = populationByEthnicity(options.areaCode ?? 'E10000007')?.counts ?? { white_british: 1 };
  const ethnicities = ETHNICITIES.filter((e) => e.onsCode !== null).map(
    (e) => [e.code, population[e.code] ?? 0] as const,
  );
  const orgWeight = (type: string) =>
    (
      ({ local_authority: 5, nhs_trust: 4, school: 4, early_years: 2, police: 1, youth_justice: 1 }) as Record<
        string,
        number
      >
    )[type] ?? 1;
  const orgs = options.organisations.map((o) => [o, orgWeight(o.type)] as const);
  const census = Date.parse(`${options.censusDate}T00:00:00Z`);
  const yearStart = Date.parse(`${censusYear(options.censusDate).start}T00:00:00Z`);
  const censusYearNumber = Number(options.censusDate.slice(0, 4));
  for (let i = 0; i < options.count; i++) {
    const { org, role, service, employment } = placement(rand, orgs);
    const age = Math.max(17, Math.min(72, Math.round(42 + (rand() + rand() + rand() - 1.5) * 22)));
    const startMs = census - Math.floor(rand() * Math.min(age - 16, 25) * 365 * DAY);
    const leaves = employment === 'employee' ? rand() < 0.15 : rand() < 0.05;
    const leavingMs = leaves ? yearStart + Math.floor(rand() * (census - yearStart)) + DAY : null;
    const fte = employment === 'volunteer' ? 0.2 : weighted(rand, FTE_SHARES);
    const qualification = weighted(rand, GRADUATE_ROLES.has(role) ? GRADUATE_QUALIFICATIONS : QUALIFICATIONS);
    yield {
      organisation_id: org.id,
      worker_id: `${options.idPrefix ?? 'W'}${String(i + 1).padStart(7, '0')}`,
      service,
      job_role: role,
      job_role_other: null,
      workforce_group: rand() < 0.8 ? 'core' : 'wider',
      employment_type: employment,
      contract_type:
        employment === 'employee'
          ? weighted(rand, [
              ['permanent', 85],
              ['fixed_term', 10],
              ['bank_casual', 4],
              ['zero_hours', 1],
            ] as const)
          : null,
      fte,
      contracted_hours: Math.round(fte * 37 * 10) / 10,
      start_date: isoDate(Math.min(startMs, leavingMs ?? startMs)),
      leaving_date: leavingMs === null ? null : isoDate(leavingMs),
      leaving_reason:
        leavingMs === null ? null : age >= 60 && rand() < 0.6 ? 'retired' : weighted(rand, LEAVING_REASONS),
      birth_year: rand() < 0.02 ? null : censusYearNumber - age,
      sex: weighted(rand, [
        ['female', 78],
        ['male', 19],
        ['prefer_not_to_say', 1.5],
        ['not_known', 1.5],
      ] as const),
      gender_identity: null,
      ethnicity: rand() < 0.05 ? (rand() < 0.5 ? 'prefer_not_to_say' : 'not_known') : weighted(rand, ethnicities),
      disability: weighted(rand, [
        ['no', 82],
        ['yes', 8],
        ['prefer_not_to_say', 4],
        ['not_known', 6],
      ] as const),
      qualification_level: qualification as WorkerRecord['qualification_level'],
      apprentice: age < 25 && rand() < 0.25,
      sickness_days: employment === 'employee' ? Math.round(rand() * rand() * 30 * fte * 10) / 10 : 0,
      safeguarding_level: weighted(rand, [
        ['1', 30],
        ['2', 45],
        ['3', 20],
        ['none', 5],
      ] as const),
      manager: MANAGER_ROLES.has(role) || rand() < 0.04,
    };
  }
}

/** Vacancies: about one vacancy FTE for every `per` workers, in each organisation's roles. */
export function generateVacancies(options: GenerateOptions & { per?: number }): SyntheticVacancy[] {
  const rand = random(options.seed ^ 0x5bd1e995);
  const out: SyntheticVacancy[] = [];
  const perOrg = Math.max(
    1,
    Math.round(options.count / (options.per ?? 12) / Math.max(1, options.organisations.length)),
  );
  for (const org of options.organisations) {
    const roles = ROLES_BY_TYPE[org.type] ?? ROLES_BY_TYPE.other!;
    for (let i = 0; i < perOrg; i++) {
      const role = weighted(rand, roles);
      const roleServices = JOB_ROLES.find((r) => r.code === role)?.services ?? [];
      const service = roleServices.find((s) => org.services.includes(s)) ?? org.services[0] ?? 'social_care';
      const vacant = weighted(rand, [
        [1, 70],
        [0.5, 20],
        [2, 10],
      ] as const);
      const cover = rand() < 0.5 ? vacant : 0;
      // One row per job role and service, as the standard asks (a second would be a duplicate_vacancy warning).
      const same = out.find((v) => v.organisation_id === org.id && v.job_role === role && v.service === service);
      if (same) {
        same.vacant_fte += vacant;
        same.agency_cover_fte = (same.agency_cover_fte ?? 0) + cover;
      } else
        out.push({ organisation_id: org.id, job_role: role, service, vacant_fte: vacant, agency_cover_fte: cover });
    }
  }
  return out;
}
