/*
 * The workforce profile's SQL. Everything is summed in the database from the returns' summary
 * cells (profile-cells.ts, docs/adr/0010), never from worker rows: a few queries give every
 * breakdown for a census date, grouped by the filter dimensions; one small query gives the vacancies.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { itemAt } from '../../../lib/lists.ts';
import { codeIn } from '../../../lib/records.ts';
import { ageBand, birthYearForAge } from './measures.ts';
import {
  DISABILITY_CODES,
  ETHNICITY_CODES,
  LEAVING_REASON_CODES,
  QUALIFICATION_CODES,
  SEX_CODES,
  type Group,
  type VacancyGroup,
} from './profile-groups.ts';
import type { ProfileFilters } from './profile-types.ts';

export interface Scope {
  partnershipId: number;
  organisationId: number | null;
}

function whereFilters(scope: Scope, filters: ProfileFilters): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`w.partnership_id = ${scope.partnershipId}`];
  if (scope.organisationId !== null) parts.push(sql`w.organisation_id = ${scope.organisationId}`);
  if (filters.organisationId !== undefined) parts.push(sql`w.organisation_id = ${filters.organisationId}`);
  if (filters.organisationType) {
    parts.push(
      sql`w.organisation_id in (select id from organisations where partnership_id = ${scope.partnershipId} and type = ${filters.organisationType})`,
    );
  }
  if (filters.service) parts.push(sql`w.service = ${filters.service}`);
  if (filters.workforceGroup) parts.push(sql`w.workforce_group = ${filters.workforceGroup}`);
  if (filters.employmentType) parts.push(sql`w.employment_type = ${filters.employmentType}`);
  if (filters.jobRole) parts.push(sql`w.job_role = ${filters.jobRole}`);
  if (filters.managersOnly) parts.push(sql`w.manager = 1`);
  return sql.join(parts, sql` and `);
}

const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

const blankGroup = (over: Partial<Group>): Group => ({
  organisation_id: 0,
  service: '',
  job_role: '',
  workforce_group: '',
  employment_type: '',
  manager: 0,
  status: 'current',
  n: 0,
  fte: 0,
  sick: 0,
  starters: 0,
  starters_fte: 0,
  apprentices: 0,
  retired_fte: 0,
  ageSex: {},
  ethnicity: {},
  disability: {},
  qualification: {},
  reason: {},
  retire: Array.from({ length: 11 }, (): [number, number] => [0, 0]),
  twin: null,
  ...over,
});
type Paired = Group & { twin: Group };
/** A group and its twin of key sums, both blank. */
const blankPair = (over: Partial<Group>): Paired => ({ ...blankGroup(over), twin: blankGroup(over) });
/**
 * Shared by the main query's groups, which never carry retirements (only the retirement carriers are added to);
 * frozen, so that adding to it by mistake throws.
 */
const NO_RETIREMENTS: Array<[number, number]> = Array.from({ length: 11 }, (): [number, number] => [0, 0]);
for (const year of NO_RETIREMENTS) Object.freeze(year);
Object.freeze(NO_RETIREMENTS);
const CELL_STATUSES: Record<Group['status'], true> = { current: true, leaver: true, other: true };
const coded = (list: readonly string[], value: unknown): string =>
  typeof value === 'string' && list.includes(value) ? value : 'not_known';
const CHARACTERISTICS = {
  ethnicity: ETHNICITY_CODES,
  qualification: QUALIFICATION_CODES,
  disability: DISABILITY_CODES,
} as const;

/** One group of the main grouping, with its key-sum twin. */
function mainGroup(row: Record<string, unknown>): Group {
  const dims = {
    organisation_id: n(row.organisation_id),
    service: String(row.service),
    job_role: String(row.job_role),
    workforce_group: String(row.workforce_group),
    employment_type: String(row.employment_type),
    manager: n(row.manager),
    status: codeIn(CELL_STATUSES, String(row.status), 'profile cell status'),
    retire: NO_RETIREMENTS,
  };
  const reason = (count: number) =>
    row.status === 'leaver' ? { [coded(LEAVING_REASON_CODES, row.leaving_reason)]: count } : {};
  return blankGroup({
    ...dims,
    n: n(row.n),
    fte: n(row.fte),
    sick: n(row.sick),
    starters: n(row.starters),
    starters_fte: n(row.starters_fte),
    apprentices: n(row.apprentices),
    retired_fte: n(row.retired_fte),
    reason: reason(n(row.n)),
    twin: blankGroup({ ...dims, n: n(row.k), starters: n(row.ks), apprentices: n(row.ka), reason: reason(n(row.k)) }),
  });
}

/**
 * Every breakdown for one census date, from the returns' summary cells (profile-cells.ts), never
 * the records. Four small queries over the cells matching the filters: the groups by every filter
 * dimension, status and leaving reason (headcount, FTE, sickness, starters, apprentices); the
 * age × sex counts; the ethnicity, qualification and disability counts by service and manager; and
 * the people in post by service, job role and year of birth for the retirement projection. The
 * breakdowns arrive as zero-headcount groups that carry only their counts, along the dimensions
 * they were grouped by, so every consumer can simply sum over groups.
 */
export async function profileGroups(
  db: Kysely<Database>,
  scope: Scope,
  filters: ProfileFilters,
  censusDate: string,
  retirementAge: number,
): Promise<Group[]> {
  const where = sql`w.census_date = ${censusDate} and ${whereFilters(scope, filters)}`;
  const a0 = birthYearForAge(0, censusDate);
  const [main, ageSex, characteristics, retire] = await Promise.all([
    sql<
      Record<string, unknown>
    >`select w.organisation_id, w.service, w.job_role, w.workforce_group, w.employment_type, w.manager, w.status, w.leaving_reason,
        sum(w.n) as n, sum(w.fte) as fte, sum(w.sick) as sick, sum(w.starters) as starters, sum(w.starters_fte) as starters_fte,
        sum(w.apprentices) as apprentices, sum(w.retired_fte) as retired_fte,
        sum(w.key_sum) as k, sum(w.starters_key_sum) as ks, sum(w.apprentices_key_sum) as ka
      from workforce_profile_cells w where ${where} and w.kind = 'group'
      group by w.organisation_id, w.service, w.job_role, w.workforce_group, w.employment_type, w.manager, w.status, w.leaving_reason`.execute(
      db,
    ),
    sql<
      Record<string, unknown>
    >`select w.code as sex, w.birth_year, sum(w.n) as n, sum(w.key_sum) as k from workforce_profile_cells w
      where ${where} and w.kind = 'age_sex' group by w.code, w.birth_year`.execute(db),
    sql<
      Record<string, unknown>
    >`select w.kind, w.service, w.manager, w.code, sum(w.n) as n, sum(w.key_sum) as k from workforce_profile_cells w
      where ${where} and w.kind in ('ethnicity', 'qualification', 'disability') group by w.kind, w.service, w.manager, w.code`.execute(
      db,
    ),
    // Retirement year k (1..10): age at D = a0 − birth_year, year = max(1, retirement age − age).
    sql<
      Record<string, unknown>
    >`select w.service, w.job_role, w.birth_year, sum(w.n) as n, sum(w.fte) as fte, sum(w.key_sum) as k from workforce_profile_cells w
      where ${where} and w.kind = 'age_sex' and w.employment_type = 'employee' and w.birth_year <= ${a0 - retirementAge + 10}
      group by w.service, w.job_role, w.birth_year`.execute(db),
  ]);
  const groups: Group[] = main.rows.map(mainGroup);
  const carrier = new Map<string, Paired>();
  const carry = (key: string, over: Partial<Group>): Paired => {
    let g = carrier.get(key);
    if (!g) {
      g = blankPair(over);
      carrier.set(key, g);
      groups.push(g);
    }
    return g;
  };
  const add = (map: Record<string, number>, key: string, value: number) => {
    map[key] = (map[key] ?? 0) + value;
  };
  const people = carry('people', {});
  for (const r of ageSex.rows) {
    const by = r.birth_year === null || r.birth_year === undefined ? null : n(r.birth_year);
    const cell = `${ageBand(by, censusDate)}|${coded(SEX_CODES, r.sex)}`;
    add(people.ageSex, cell, n(r.n));
    add(people.twin.ageSex, cell, n(r.k));
  }
  for (const r of characteristics.rows) {
    const kind = codeIn(CHARACTERISTICS, String(r.kind), 'characteristic');
    const g = carry(`${String(r.service)}|${n(r.manager)}`, { service: String(r.service), manager: n(r.manager) });
    add(g[kind], coded(CHARACTERISTICS[kind], r.code), n(r.n));
    add(g.twin[kind], coded(CHARACTERISTICS[kind], r.code), n(r.k));
  }
  for (const r of retire.rows) {
    const g = carry(`retire|${String(r.service)}|${String(r.job_role)}`, {
      service: String(r.service),
      job_role: String(r.job_role),
      employment_type: 'employee',
    });
    const year = Math.max(1, retirementAge - (a0 - n(r.birth_year)));
    const own = itemAt(g.retire, year, 'retirement year');
    own[0] += n(r.n);
    own[1] += n(r.fte);
    itemAt(g.twin.retire, year, 'retirement year')[0] += n(r.k);
  }
  return groups;
}

export async function vacancyGroups(
  db: Kysely<Database>,
  scope: Scope,
  filters: ProfileFilters,
  censusDate: string,
): Promise<VacancyGroup[]> {
  // Vacancies have no worker characteristics: the workforce group, employment type and manager filters do not apply.
  const vacancyFilters: ProfileFilters = {
    organisationId: filters.organisationId,
    organisationType: filters.organisationType,
    service: filters.service,
    jobRole: filters.jobRole,
  };
  const result = await sql<Record<string, unknown>>`
    select w.organisation_id, coalesce(w.service, '') as service, coalesce(w.job_role, '') as job_role,
      sum(w.vacant_fte) as vacant, sum(w.agency_cover_fte) as cover
    from vacancy_records w
    where w.census_date = ${censusDate} and ${whereFilters(scope, vacancyFilters)}
    group by 1, 2, 3`.execute(db);
  return result.rows.map((r) => ({
    organisation_id: n(r.organisation_id),
    service: String(r.service),
    job_role: String(r.job_role),
    vacant: n(r.vacant),
    cover: n(r.cover),
  }));
}

export async function organisationsOf(
  db: Kysely<Database>,
  partnershipId: number,
): Promise<Array<{ id: number; name: string; type: string }>> {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'type'])
    .where('partnership_id', '=', partnershipId)
    .orderBy('name')
    .execute();
}

export const findSettings = (db: Kysely<Database>, partnershipId: number) =>
  db.selectFrom('workforce_settings').selectAll().where('partnership_id', '=', partnershipId).executeTakeFirst();

export async function partnershipAuthority(db: Kysely<Database>, partnershipId: number): Promise<string | null> {
  const row = await db
    .selectFrom('partnerships')
    .select('local_authority_code')
    .where('id', '=', partnershipId)
    .executeTakeFirst();
  return row?.local_authority_code ?? null;
}

/**
 * The partnership's current returns, read once per view (docs/adr/0041): the census dates the
 * scope has returns for, and the profile's data version, their ids. Every figure is summed from
 * their cells, and committing, replacing or withdrawing a return changes the set, so the version
 * is the key of the profile's caches (pending uploads do not change it: they are never counted).
 */
export async function currentReturns(
  db: Kysely<Database>,
  scope: Scope,
): Promise<{ censusDates: string[]; version: string }> {
  const rows = await db
    .selectFrom('workforce_returns')
    .select(['id', 'census_date', 'organisation_id'])
    .where('partnership_id', '=', scope.partnershipId)
    .where('status', '=', 'current')
    .orderBy('id')
    .execute();
  const inScope = rows.filter((r) => scope.organisationId === null || r.organisation_id === scope.organisationId);
  return {
    censusDates: [...new Set(inScope.map((r) => r.census_date))].sort(),
    version: rows.map((r) => r.id).join(','),
  };
}
