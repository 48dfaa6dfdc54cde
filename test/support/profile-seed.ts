/*
 * A small synthetic workforce for the profile's page tests, written straight into the tables a
 * committed return fills (with its profile cells summed from them): enough people for real numbers, and several groups of 1–4 people
 * (small services, roles, ages, ethnicities, disabilities) that must never be shown as counts.
 */
import type { Kysely } from 'kysely';
import type { Database, WorkerRecordColumns } from '../../src/db/schema.ts';
import { rebuildProfileCells } from '../../src/features/workforce/profile/profile-cells.ts';

// Earlier than the demo partnership's own returns (2025 and 2026), so the two never collide.
export const SEED_CENSUS_DATES = ['2023-03-31', '2024-03-31'] as const;

type Worker = Partial<WorkerRecordColumns>;

/** Records for one organisation: `base` people like `template`, then the listed small groups. */
function workers(
  prefix: string,
  census: string,
  base: number,
  template: Worker,
  small: Worker[],
): WorkerRecordColumns[] {
  const all: Worker[] = [
    ...Array.from({ length: base }, (_, i) => ({
      ...template,
      birth_year: 1960 + ((i * 7) % 40),
      sex: i % 3 === 0 ? 'male' : 'female',
    })),
    ...small,
  ];
  return all.map((w, i) => ({
    census_date: census,
    worker_id: `${prefix}-${i + 1}`,
    service: null,
    job_role: null,
    job_role_other: null,
    workforce_group: 'core',
    employment_type: 'employee',
    contract_type: 'permanent',
    fte: 1,
    contracted_hours: 37,
    start_date: '2015-01-01',
    leaving_date: null,
    leaving_reason: null,
    birth_year: 1985,
    sex: 'female',
    gender_identity: null,
    ethnicity: 'white_british',
    disability: 'no',
    qualification_level: '3',
    apprentice: 0,
    sickness_days: 4,
    safeguarding_level: '2',
    manager: 0,
    ...w,
  }));
}

const times = (n: number, w: Worker): Worker[] => Array.from({ length: n }, () => ({ ...w }));

async function insertReturn(
  db: Kysely<Database>,
  partnershipId: number,
  organisationId: number,
  census: string,
  records: WorkerRecordColumns[],
  vacant: number,
): Promise<void> {
  const at = new Date().toISOString();
  const ret = await db
    .insertInto('workforce_returns')
    .values({
      partnership_id: partnershipId,
      organisation_id: organisationId,
      census_date: census,
      status: 'current',
      submitted_by: null,
      submitted_by_label: 'Test seed',
      submitted_at: at,
      file_name: 'seed.csv',
      file_hash: `seed-${organisationId}-${census}`,
      source: 'cli',
      upload_id: null,
      worker_count: records.length,
      vacancy_count: 1,
      fte_total: records.reduce((s, r) => s + (r.fte ?? 0), 0),
      leavers_count: records.filter((r) => r.leaving_date).length,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const record of records) {
    await db
      .insertInto('worker_records')
      .values({ ...record, partnership_id: partnershipId, organisation_id: organisationId, return_id: ret.id })
      .execute();
  }
  await db
    .insertInto('vacancy_records')
    .values({
      partnership_id: partnershipId,
      organisation_id: organisationId,
      return_id: ret.id,
      census_date: census,
      job_role: records[0]?.job_role ?? 'other',
      service: records[0]?.service ?? null,
      vacant_fte: vacant,
      agency_cover_fte: 0,
    })
    .execute();
  await rebuildProfileCells(db, ret.id);
}

/** Seeds the council (social care, with small youth and justice groups) and the nursery (the data lead's). */
export const HOSTILE_ORGANISATION = '<script>alert("x")</script> & Co';

export async function seedProfileWorkforce(
  db: Kysely<Database>,
  partnershipId: number,
): Promise<{ councilId: number; nurseryId: number }> {
  const org = async (name: string) =>
    (
      await db
        .selectFrom('organisations')
        .select('id')
        .where('partnership_id', '=', partnershipId)
        .where('name', '=', name)
        .executeTakeFirstOrThrow()
    ).id;
  const councilId = await org('Demoshire County Council');
  const nurseryId = await org('Little Acorns Nurseries Ltd');
  const at = new Date().toISOString();
  const hostile = await db
    .insertInto('organisations')
    .values({
      partnership_id: partnershipId,
      name: HOSTILE_ORGANISATION,
      type: 'voluntary',
      sector: 'voluntary',
      services: '["youth"]',
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [index, census] of SEED_CENSUS_DATES.entries()) {
    const council = workers(
      `c${index}`,
      census,
      24 + index * 3,
      { service: 'social_care', job_role: 'childrens_social_worker', qualification_level: '6' },
      [
        ...times(3, { service: 'youth', job_role: 'youth_worker', ethnicity: 'black_african', birth_year: 1962 }),
        ...times(2, {
          service: 'social_care',
          job_role: 'social_work_manager',
          manager: 1,
          ethnicity: 'asian_indian',
          disability: 'yes',
        }),
        {
          service: 'justice',
          job_role: 'youth_justice_officer',
          sex: 'male',
          ethnicity: 'mixed_white_asian',
          birth_year: 2003,
        },
        ...times(4, { service: 'social_care', job_role: 'childrens_social_worker', employment_type: 'agency', fte: 1 }),
        ...times(2, {
          service: 'social_care',
          job_role: 'childrens_social_worker',
          leaving_date: `${census.slice(0, 4)}-06-30`,
          leaving_reason: 'resigned',
        }),
      ],
    );
    const nursery = workers(
      `n${index}`,
      census,
      9,
      { service: 'early_years', job_role: 'early_years_practitioner', qualification_level: '3', fte: 0.8 },
      [
        ...times(2, {
          service: 'early_years',
          job_role: 'early_years_practitioner',
          qualification_level: '2',
          apprentice: 1,
          birth_year: 2004,
        }),
        {
          service: 'early_years',
          job_role: 'early_years_manager',
          manager: 1,
          ethnicity: 'white_irish',
          disability: 'prefer_not_to_say',
        },
      ],
    );
    await insertReturn(db, partnershipId, councilId, census, council, 6.5);
    await insertReturn(db, partnershipId, nurseryId, census, nursery, 1);
    await insertReturn(
      db,
      partnershipId,
      hostile.id,
      census,
      workers(`h${index}`, census, 6, { service: 'youth', job_role: 'youth_worker' }, []),
      0,
    );
  }
  return { councilId, nurseryId };
}
