/*
 * The workforce profile's SQL: everything is aggregated in the database (GROUP BY with
 * conditional FILTER sums, which SQLite and PostgreSQL both support), never worker rows in JS.
 * One scan of the census date's records gives every breakdown, grouped by the filter dimensions;
 * one small query gives the vacancies; one gives the headline measures for every census date.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AGE_BANDS, ageBand, birthYearForAge, censusYear } from './measures.ts';
import { DISABILITY, ETHNICITIES, LEAVING_REASONS, QUALIFICATION_LEVELS, SEXES } from './standard.ts';
import type { ProfileFilters } from './profile-types.ts';

export interface Scope { partnershipId: number; organisationId: number | null }

const SAFE = /^[a-z0-9_]+$/;
const codes = (list: readonly { code: string }[]) => list.map((c) => c.code).filter((c) => SAFE.test(c));
export const SEX_CODES = codes(SEXES);
export const ETHNICITY_CODES = codes(ETHNICITIES);
export const DISABILITY_CODES = codes(DISABILITY);
export const QUALIFICATION_CODES = codes(QUALIFICATION_LEVELS);
export const LEAVING_REASON_CODES = codes(LEAVING_REASONS);
export const AGE_CODES = [...AGE_BANDS.map((b) => b.code), 'not_known'] as const;

/** A group of records sharing every filter dimension and status. Numbers, never rows. */
export interface Group {
  organisation_id: number;
  service: string;
  job_role: string;
  workforce_group: string;
  employment_type: string;
  manager: number;
  status: 'current' | 'leaver' | 'other';
  n: number;
  fte: number;
  sick: number;
  starters: number;
  starters_fte: number;
  apprentices: number;
  retired_fte: number;
  /** `${age}|${sex}` → count */
  ageSex: Record<string, number>;
  ethnicity: Record<string, number>;
  disability: Record<string, number>;
  qualification: Record<string, number>;
  reason: Record<string, number>;
  /** Retirement year 1..10 → [count, fte] (people in post). */
  retire: Array<[number, number]>;
}

function whereFilters(scope: Scope, filters: ProfileFilters): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`w.partnership_id = ${scope.partnershipId}`];
  if (scope.organisationId !== null) parts.push(sql`w.organisation_id = ${scope.organisationId}`);
  if (filters.organisationId !== undefined) parts.push(sql`w.organisation_id = ${filters.organisationId}`);
  if (filters.organisationType) {
    parts.push(sql`w.organisation_id in (select id from organisations where partnership_id = ${scope.partnershipId} and type = ${filters.organisationType})`);
  }
  if (filters.service) parts.push(sql`w.service = ${filters.service}`);
  if (filters.workforceGroup) parts.push(sql`w.workforce_group = ${filters.workforceGroup}`);
  if (filters.employmentType) parts.push(sql`w.employment_type = ${filters.employmentType}`);
  if (filters.jobRole) parts.push(sql`w.job_role = ${filters.jobRole}`);
  if (filters.managersOnly) parts.push(sql`w.manager = 1`);
  return sql.join(parts, sql` and `);
}

/** The status of a record at census date D (see measures.ts recordStatus; 'other' = left earlier or not yet started). */
function statusSql(censusDate: string): RawBuilder<string> {
  const { start } = censusYear(censusDate);
  return sql<string>`case
    when w.start_date is not null and w.start_date > ${censusDate} then 'other'
    when w.leaving_date is not null and w.leaving_date <> '' and w.leaving_date <= ${censusDate} then
      case when w.employment_type = 'employee' and w.leaving_date > ${start} then 'leaver' else 'other' end
    else 'current' end`;
}

/** The main query's GROUP BY columns, in the order of the covering index of migration 0007. */
const GROUP_COLUMNS = sql`w.organisation_id, w.service, w.job_role, w.workforce_group, w.employment_type, w.manager, w.leaving_reason`;

const sums = (start: string, censusDate: string) => sql`count(*) as n, sum(w.fte) as fte, sum(w.sickness_days) as sick,
  count(*) filter (where w.start_date > ${start} and w.start_date <= ${censusDate}) as starters,
  sum(w.fte) filter (where w.start_date > ${start} and w.start_date <= ${censusDate}) as starters_fte,
  count(*) filter (where w.apprentice = 1) as apprentices,
  sum(w.fte) filter (where w.leaving_reason = 'retired') as retired_fte`;

const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

const blankGroup = (over: Partial<Group>): Group => ({
  organisation_id: 0, service: '', job_role: '', workforce_group: '', employment_type: '', manager: 0, status: 'current',
  n: 0, fte: 0, sick: 0, starters: 0, starters_fte: 0, apprentices: 0, retired_fte: 0,
  ageSex: {}, ethnicity: {}, disability: {}, qualification: {}, reason: {}, retire: Array.from({ length: 11 }, () => [0, 0] as [number, number]),
  ...over,
});
/** Shared by the main query's groups, which never carry retirements (only the retirement carriers are added to). */
const NO_RETIREMENTS = Object.freeze(Array.from({ length: 11 }, () => Object.freeze([0, 0]))) as unknown as Array<[number, number]>;
const coded = (list: readonly string[], value: unknown): string => (typeof value === 'string' && list.includes(value) ? value : 'not_known');

/**
 * Every breakdown for one census date. The first two queries group by the filter dimensions, status and
 * leaving reason (headcount, FTE, sickness, starters, apprentices): one for the people in post (status
 * 'current' from the WHERE, so SQLite reads the groups in covering-index order with no sort), one for
 * the few leavers and others (status computed and sorted there); three narrow GROUP BYs give the
 * age × sex, the ethnicity × qualification × disability and the retirement counts. Those arrive as
 * zero-headcount groups that carry only their breakdown counts, along the dimensions they were
 * grouped by (service, manager, job role), so every consumer can simply sum over groups.
 * Each query is about one scan; a single scan with a hundred FILTER aggregates cost more on both engines.
 */
export async function profileGroups(db: Kysely<Database>, scope: Scope, filters: ProfileFilters, censusDate: string, retirementAge: number): Promise<Group[]> {
  const { start } = censusYear(censusDate);
  const status = statusSql(censusDate);
  const where = sql`w.census_date = ${censusDate} and ${whereFilters(scope, filters)}`;
  // Plain predicates rather than the CASE: PostgreSQL estimates them, and then hashes instead of sorting.
  const started = sql`(w.start_date is null or w.start_date <= ${censusDate})`;
  // Never null, so `not (currentStatus)` is exactly the leavers and the others.
  const currentStatus = sql`${started} and (w.leaving_date is null or w.leaving_date = '' or w.leaving_date > ${censusDate})`;
  const current = sql`${where} and ${currentStatus}`;
  const a0 = birthYearForAge(0, censusDate);
  const [inPost, notInPost, ageSex, characteristics, retire] = await Promise.all([
    sql<Record<string, unknown>>`select ${GROUP_COLUMNS}, 'current' as status, ${sums(start, censusDate)}
      from worker_records w where ${current} group by ${GROUP_COLUMNS}`.execute(db),
    sql<Record<string, unknown>>`select ${GROUP_COLUMNS}, ${status} as status, ${sums(start, censusDate)}
      from worker_records w where ${where} and not (${currentStatus}) group by ${GROUP_COLUMNS}, 8`.execute(db),
    sql<Record<string, unknown>>`select w.sex, w.birth_year, count(*) as n from worker_records w where ${current} group by w.sex, w.birth_year`.execute(db),
    sql<Record<string, unknown>>`select w.service, w.manager, w.ethnicity, w.qualification_level, w.disability, count(*) as n from worker_records w
      where ${current} group by w.service, w.manager, w.ethnicity, w.qualification_level, w.disability`.execute(db),
    // Retirement year k (1..10): age at D = a0 − birth_year, year = max(1, retirement age − age).
    sql<Record<string, unknown>>`select w.service, w.job_role, w.birth_year, count(*) as n, sum(w.fte) as fte from worker_records w
      where ${current} and w.employment_type = 'employee' and w.birth_year <= ${a0 - retirementAge + 10}
      group by w.service, w.job_role, w.birth_year`.execute(db),
  ]);
  const groups: Group[] = [...inPost.rows, ...notInPost.rows].map((row) => blankGroup({
    organisation_id: n(row.organisation_id), service: String(row.service ?? ''), job_role: String(row.job_role ?? ''),
    workforce_group: String(row.workforce_group ?? ''), employment_type: String(row.employment_type ?? ''), manager: n(row.manager),
    status: row.status as Group['status'], n: n(row.n), fte: n(row.fte), sick: n(row.sick), starters: n(row.starters),
    starters_fte: n(row.starters_fte), apprentices: n(row.apprentices), retired_fte: n(row.retired_fte),
    reason: row.status === 'leaver' ? { [coded(LEAVING_REASON_CODES, row.leaving_reason)]: n(row.n) } : {}, retire: NO_RETIREMENTS,
  }));
  const carrier = new Map<string, Group>();
  const carry = (key: string, over: Partial<Group>): Group => {
    let g = carrier.get(key);
    if (!g) { g = blankGroup(over); carrier.set(key, g); groups.push(g); }
    return g;
  };
  const add = (map: Record<string, number>, key: string, value: number) => { map[key] = (map[key] ?? 0) + value; };
  const people = carry('people', {});
  for (const r of ageSex.rows) {
    const by = r.birth_year === null || r.birth_year === undefined ? null : n(r.birth_year);
    add(people.ageSex, `${ageBand(by, censusDate)}|${coded(SEX_CODES, r.sex)}`, n(r.n));
  }
  for (const r of characteristics.rows) {
    const g = carry(`${String(r.service ?? '')}|${n(r.manager)}`, { service: String(r.service ?? ''), manager: n(r.manager) });
    add(g.ethnicity, coded(ETHNICITY_CODES, r.ethnicity), n(r.n));
    add(g.qualification, coded(QUALIFICATION_CODES, r.qualification_level), n(r.n));
    add(g.disability, coded(DISABILITY_CODES, r.disability), n(r.n));
  }
  for (const r of retire.rows) {
    const g = carry(`retire|${String(r.service ?? '')}|${String(r.job_role ?? '')}`, { service: String(r.service ?? ''), job_role: String(r.job_role ?? ''), employment_type: 'employee' });
    const year = Math.max(1, retirementAge - (a0 - n(r.birth_year)));
    g.retire[year]![0] += n(r.n);
    g.retire[year]![1] += n(r.fte);
  }
  return groups;
}

export interface VacancyGroup { organisation_id: number; service: string; job_role: string; vacant: number; cover: number }

export async function vacancyGroups(db: Kysely<Database>, scope: Scope, filters: ProfileFilters, censusDate: string): Promise<VacancyGroup[]> {
  // Vacancies have no worker characteristics: the workforce group, employment type and manager filters do not apply.
  const vacancyFilters: ProfileFilters = { organisationId: filters.organisationId, organisationType: filters.organisationType, service: filters.service, jobRole: filters.jobRole };
  const result = await sql<Record<string, unknown>>`
    select w.organisation_id, coalesce(w.service, '') as service, coalesce(w.job_role, '') as job_role,
      sum(w.vacant_fte) as vacant, sum(w.agency_cover_fte) as cover
    from vacancy_records w
    where w.census_date = ${censusDate} and ${whereFilters(scope, vacancyFilters)}
    group by 1, 2, 3`.execute(db);
  return result.rows.map((r) => ({ organisation_id: n(r.organisation_id), service: String(r.service), job_role: String(r.job_role), vacant: n(r.vacant), cover: n(r.cover) }));
}

export async function censusDates(db: Kysely<Database>, scope: Scope): Promise<string[]> {
  let query = db.selectFrom('workforce_returns').select('census_date').distinct()
    .where('partnership_id', '=', scope.partnershipId).where('status', '=', 'current');
  if (scope.organisationId !== null) query = query.where('organisation_id', '=', scope.organisationId);
  return (await query.orderBy('census_date').execute()).map((r) => r.census_date);
}

export interface TrendPoint {
  censusDate: string; headcount: number; inPostN: number; fteInPost: number; leaversN: number; leaversFte: number;
  agencyN: number; agencyFte: number; sick: number; aged55: number; agedKnown: number; level3: number; levelKnown: number; vacancyFte: number;
}

/** Headline sums for one census date (the trend table runs this for every date held). */
export async function headline(db: Kysely<Database>, scope: Scope, filters: ProfileFilters, censusDate: string): Promise<TrendPoint> {
  const { start } = censusYear(censusDate);
  const y55 = birthYearForAge(55, censusDate);
  const where = sql`w.census_date = ${censusDate} and ${whereFilters(scope, filters)}`;
  const started = sql`(w.start_date is null or w.start_date <= ${censusDate})`;
  // Plain WHERE predicates for the two statuses (see statusSql) rather than the CASE in every FILTER: evaluated once a record.
  const [inPost, left] = await Promise.all([
    sql<Record<string, unknown>>`
      select count(*) as headcount,
        count(*) filter (where employment_type = 'employee') as in_post_n,
        sum(fte) filter (where employment_type = 'employee') as fte_in_post,
        sum(sickness_days) filter (where employment_type = 'employee') as sick,
        count(*) filter (where employment_type = 'agency') as agency_n,
        sum(fte) filter (where employment_type = 'agency') as agency_fte,
        count(*) filter (where birth_year <= ${y55}) as aged55,
        count(*) filter (where birth_year is not null) as aged_known,
        count(*) filter (where qualification_level in ('3','4','5','6','7','8')) as level3,
        count(*) filter (where qualification_level in ('entry','1','2','3','4','5','6','7','8','none')) as level_known
      from worker_records w where ${where} and ${started} and (w.leaving_date is null or w.leaving_date = '' or w.leaving_date > ${censusDate})`.execute(db),
    sql<Record<string, unknown>>`select count(*) as leavers_n, sum(fte) as leavers_fte from worker_records w
      where ${where} and ${started} and w.leaving_date <> '' and w.leaving_date <= ${censusDate} and w.employment_type = 'employee' and w.leaving_date > ${start}`.execute(db),
  ]);
  const row = { ...inPost.rows[0], ...left.rows[0] };
  const vacancies = await vacancyGroups(db, scope, filters, censusDate);
  return {
    censusDate, headcount: n(row.headcount), inPostN: n(row.in_post_n), fteInPost: n(row.fte_in_post), sick: n(row.sick),
    leaversN: n(row.leavers_n), leaversFte: n(row.leavers_fte), agencyN: n(row.agency_n), agencyFte: n(row.agency_fte),
    aged55: n(row.aged55), agedKnown: n(row.aged_known), level3: n(row.level3), levelKnown: n(row.level_known),
    vacancyFte: vacancies.reduce((a, v) => a + v.vacant, 0),
  };
}

export async function organisationsOf(db: Kysely<Database>, partnershipId: number): Promise<Array<{ id: number; name: string; type: string }>> {
  return db.selectFrom('organisations').select(['id', 'name', 'type']).where('partnership_id', '=', partnershipId).orderBy('name').execute();
}

export const findSettings = (db: Kysely<Database>, partnershipId: number) =>
  db.selectFrom('workforce_settings').selectAll().where('partnership_id', '=', partnershipId).executeTakeFirst();

export async function partnershipAuthority(db: Kysely<Database>, partnershipId: number): Promise<string | null> {
  const row = await db.selectFrom('partnerships').select('local_authority_code').where('id', '=', partnershipId).executeTakeFirst();
  return row?.local_authority_code ?? null;
}

/** Changes whenever a return is added, replaced, withdrawn or deleted: the key of the aggregate cache. */
export async function returnsVersion(db: Kysely<Database>, partnershipId: number): Promise<string> {
  const row = (await sql<Record<string, unknown>>`select count(*) as n, max(id) as m, sum(case when status = 'current' then id else 0 end) as c
    from workforce_returns where partnership_id = ${partnershipId}`.execute(db)).rows[0] ?? {};
  return `${n(row.n)}:${n(row.m)}:${n(row.c)}`;
}
