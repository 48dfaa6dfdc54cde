/*
 * Training compliance queries (issue 14, point 8). Each person's status is worked out in SQL by
 * the rule of compliance-rules.ts (minutes counted today and on today + 90 days), so the matrix
 * over 25,000 people and 200,000 records brings no record and no person into JavaScript.
 */
import { sql, type Insertable, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { TrainingRecordTable, TrainingRequirementTable } from '../../db/training-compliance-schema.ts';
import { addDays } from '../../lib/dates.ts';
import { cutoffOn, DUE_WITHIN_DAYS, LEVEL_RANK } from './compliance-rules.ts';

type Db = Kysely<Database>;
export type RequirementRow = Selectable<TrainingRequirementTable>;
export type RecordRow = Selectable<TrainingRecordTable>;

export const listRequirements = (db: Db, partnershipId: number) =>
  db
    .selectFrom('training_requirements')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .orderBy('job_role')
    .execute();

export const findRequirement = (db: Db, partnershipId: number, id: number) =>
  db
    .selectFrom('training_requirements')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();

export const insertRecords = async (db: Db, rows: Insertable<TrainingRecordTable>[]) => {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('training_records')
      .values(rows.slice(i, i + 200))
      .execute();
};

const rankCase = (column: RawBuilder<unknown>) =>
  sql`(case ${column} ${sql.join(
    Object.entries(LEVEL_RANK).map(([level, rank]) => sql`when ${sql.lit(level)} then ${sql.lit(rank)}`),
    sql` `,
  )} else 0 end)`;

/** A value per requirement, chosen by the person's job role (a CASE: no join, so no nested scan per requirement). */
function byRole(requirements: RequirementRow[], value: (r: RequirementRow) => string | number) {
  return sql`(case p.job_role ${sql.join(
    requirements.map((r) => sql`when ${sql.lit(r.job_role)} then ${sql.lit(value(r))}`),
    sql` `,
  )} end)`;
}

export interface Scope {
  organisationId?: number;
  practitionerId?: number;
}

/**
 * A window of the rule: training dated after `day`'s cutoff (by each role's period) and on or
 * before `upTo` counts. The matrix's two are today's and today + 90 days' (both up to today);
 * the report's compliance movement's are the quarter's first and last days.
 */
interface Window {
  day: string;
  upTo: string;
}

/**
 * Per person with a requirement: minutes needed, and minutes counted in each of two windows
 * (`first_minutes`, `second_minutes`). Records (from a covering index: practitioner, date, level,
 * minutes) and attended multi-agency sessions (dated by their first day, UTC) are each summed per
 * person, then added: grouped subqueries that both engines join by hash or by an automatic index,
 * never a scan per person. Both windows come from the same pass over the rows.
 */
function personMinutes(partnershipId: number, requirements: RequirementRow[], windows: [Window, Window], scope: Scope) {
  const latest = windows.map((w) => w.upTo).sort()[1] ?? windows[0].upTo;
  const earliest =
    windows.flatMap((w) => requirements.map((r) => cutoffOn(w.day, r.period_months))).sort()[0] ?? windows[0].day;
  const level = byRole(requirements, (r) => r.level);
  const minRank = byRole(requirements, (r) => LEVEL_RANK[r.level] ?? 99);
  const counts = (column: RawBuilder<unknown>) => sql`(${column} = ${level} or ${rankCase(column)} >= ${minRank})`;
  const people = sql`p.partnership_id = ${partnershipId} and p.job_role in (${sql.join(requirements.map((r) => r.job_role))})
      ${scope.organisationId !== undefined ? sql`and p.organisation_id = ${scope.organisationId}` : sql``}
      ${scope.practitionerId !== undefined ? sql`and p.id = ${scope.practitionerId}` : sql``}`;
  // The join already keeps training up to the later window's end; only an earlier end needs its own test.
  const inWindow = (on: RawBuilder<unknown>, w: Window) =>
    sql`${on} > ${byRole(requirements, (r) => cutoffOn(w.day, r.period_months))}${w.upTo < latest ? sql` and ${on} <= ${w.upTo}` : sql``}`;
  const sums = (on: RawBuilder<unknown>, minutes: RawBuilder<unknown>, levelColumn: RawBuilder<unknown>) => sql`
      sum(case when ${inWindow(on, windows[0])} and ${counts(levelColumn)} then ${minutes} else 0 end) as first_m,
      sum(case when ${inWindow(on, windows[1])} and ${counts(levelColumn)} then ${minutes} else 0 end) as second_m`;
  const sessionDay = sql`substr(s.starts_at, 1, 10)`;
  return sql`
    select p.id, p.organisation_id, p.job_role, ${byRole(requirements, (r) => r.minutes)} as need,
      coalesce(r.first_m, 0) + coalesce(a.first_m, 0) as first_minutes,
      coalesce(r.second_m, 0) + coalesce(a.second_m, 0) as second_minutes
    from training_practitioners p
    left join (
      select p.id, ${sums(sql`e.completed_on`, sql`e.minutes`, sql`e.level`)}
      from training_practitioners p
      join training_records e on e.practitioner_id = p.id and e.completed_on > ${earliest} and e.completed_on <= ${latest}
      where ${people}
      group by p.id
    ) r on r.id = p.id
    left join (
      select p.id, ${sums(sessionDay, sql`c.duration_minutes`, sql`c.level`)}
      from training_practitioners p
      join training_bookings b on b.practitioner_id = p.id and b.status = 'attended'
      join training_sessions s on s.id = b.session_id
      join training_courses c on c.id = s.course_id
      where ${people} and s.starts_at > ${earliest} and ${sessionDay} <= ${latest}
      group by p.id
    ) a on a.id = p.id
    where ${people}`;
}

/** The matrix's windows: minutes that count today, and those that will still count on today + 90 days. */
const statusWindows = (today: string): [Window, Window] => [
  { day: today, upTo: today },
  { day: addDays(today, DUE_WITHIN_DAYS), upTo: today },
];

const STATUS_SQL = sql`case when m.first_minutes < m.need then 'lapsed' when m.second_minutes < m.need then 'due' else 'compliant' end`;

export interface PersonStatusRow {
  id: number;
  organisation_id: number;
  job_role: string;
  status: 'compliant' | 'due' | 'lapsed';
  now_minutes: number;
}

/** Each person's status in a scope, with the minutes that count today. */
export async function personStatuses(
  db: Db,
  partnershipId: number,
  requirements: RequirementRow[],
  today: string,
  scope: Scope,
): Promise<PersonStatusRow[]> {
  if (!requirements.length) return [];
  const { rows } = await sql<PersonStatusRow>`
    select m.id, m.organisation_id, m.job_role, ${STATUS_SQL} as status, m.first_minutes as now_minutes
    from (${personMinutes(partnershipId, requirements, statusWindows(today), scope)}) m`.execute(db);
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    organisation_id: Number(r.organisation_id),
    now_minutes: Number(r.now_minutes),
  }));
}

export interface MatrixCountRow {
  organisation_id: number;
  job_role: string;
  people: number;
  compliant: number;
  due: number;
  lapsed: number;
  /** The sum of the ids of those compliant or due, from which their disclosure-control key is made. */
  id_sum: number;
}

/** People, compliant, due and lapsed by organisation and job role, summed in SQL. */
export async function matrixCounts(
  db: Db,
  partnershipId: number,
  requirements: RequirementRow[],
  today: string,
  scope: Scope,
): Promise<MatrixCountRow[]> {
  if (!requirements.length) return [];
  const { rows } = await sql<Record<keyof MatrixCountRow, string | number>>`
    select organisation_id, job_role, count(*) as people,
      sum(case when status = 'compliant' then 1 else 0 end) as compliant,
      sum(case when status = 'due' then 1 else 0 end) as due,
      sum(case when status = 'lapsed' then 1 else 0 end) as lapsed,
      sum(case when status = 'lapsed' then 0 else id end) as id_sum
    from (select m.id, m.organisation_id, m.job_role, ${STATUS_SQL} as status
          from (${personMinutes(partnershipId, requirements, statusWindows(today), scope)}) m) s
    group by organisation_id, job_role`.execute(db);
  return rows.map((r) => ({
    organisation_id: Number(r.organisation_id),
    job_role: String(r.job_role),
    people: Number(r.people),
    compliant: Number(r.compliant),
    due: Number(r.due),
    lapsed: Number(r.lapsed),
    id_sum: Number(r.id_sum),
  }));
}

/** Counts and id sums (for the disclosure-control key) of one group of people. */
export interface Counted {
  n: number;
  ids: number;
}

export interface MovementCountRow {
  organisation_id: number;
  /** Met the requirement (compliant or due: the minutes counted reach it) on the first day. */
  start: Counted;
  /** Met it on the last day. */
  end: Counted;
  /** Met it on the first day and not on the last. */
  lapsed: Counted;
  /** The reverse. */
  newly: Counted;
}

/**
 * Who met their requirement on `start` and on `end` (YYYY-MM-DD), by organisation: both days from
 * one pass over the same rows, counted and id-summed in SQL, so no person comes into JavaScript.
 */
export async function movementCounts(
  db: Db,
  partnershipId: number,
  requirements: RequirementRow[],
  start: string,
  end: string,
): Promise<MovementCountRow[]> {
  if (!requirements.length) return [];
  const windows: [Window, Window] = [
    { day: start, upTo: start },
    { day: end, upTo: end },
  ];
  const groups = { start: sql`b`, end: sql`a`, lapsed: sql`b and not a`, newly: sql`a and not b` };
  const tallies = Object.entries(groups).map(
    ([name, when]) => sql`sum(case when ${when} then 1 else 0 end) as ${sql.ref(`${name}_n`)},
      sum(case when ${when} then id else 0 end) as ${sql.ref(`${name}_ids`)}`,
  );
  const { rows } = await sql<Record<string, string | number>>`
    select organisation_id, ${sql.join(tallies)}
    from (select m.id, m.organisation_id, m.first_minutes >= m.need as b, m.second_minutes >= m.need as a
          from (${personMinutes(partnershipId, requirements, windows, {})}) m) s
    group by organisation_id`.execute(db);
  const counted = (r: Record<string, string | number>, name: keyof typeof groups): Counted => ({
    n: Number(r[`${name}_n`]),
    ids: Number(r[`${name}_ids`]),
  });
  return rows.map((r) => ({
    organisation_id: Number(r.organisation_id),
    start: counted(r, 'start'),
    end: counted(r, 'end'),
    lapsed: counted(r, 'lapsed'),
    newly: counted(r, 'newly'),
  }));
}

export interface HeadcountRow {
  organisation_id: number;
  job_role: string;
  census_date: string;
  n: number;
  key_sum: number;
}

/**
 * The headline headcount (employees in post at the census date: headline.ts, the profile's
 * `inPost`) by organisation and job role, from each organisation's latest current workforce
 * return's summary cells — the same cells and definition the workforce profile uses.
 */
export async function latestHeadcounts(
  db: Db,
  partnershipId: number,
  organisationId?: number,
): Promise<HeadcountRow[]> {
  let latest = db
    .selectFrom('workforce_returns as w')
    .select(['w.id', 'w.census_date'])
    .where('w.partnership_id', '=', partnershipId)
    .where('w.status', '=', 'current')
    .where((eb) =>
      eb(
        'w.census_date',
        '=',
        eb
          .selectFrom('workforce_returns as w2')
          .select((e) => e.fn.max('w2.census_date').as('d'))
          .whereRef('w2.organisation_id', '=', 'w.organisation_id')
          .where('w2.status', '=', 'current'),
      ),
    );
  if (organisationId !== undefined) latest = latest.where('w.organisation_id', '=', organisationId);
  const rows = await db
    .selectFrom('workforce_profile_cells as c')
    .innerJoin(latest.as('l'), 'l.id', 'c.return_id')
    .select((eb) => [
      'c.organisation_id',
      'c.job_role',
      'l.census_date',
      eb.fn.sum<number>('c.n').as('n'),
      eb.fn.sum<number>('c.key_sum').as('key_sum'),
    ])
    .where('c.partnership_id', '=', partnershipId)
    .where('c.kind', '=', 'group')
    .where('c.status', '=', 'current')
    .where('c.employment_type', '=', 'employee')
    .groupBy(['c.organisation_id', 'c.job_role', 'l.census_date'])
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n), key_sum: Number(r.key_sum) }));
}

/** A person's training that may count: their records and attended sessions, latest first. */
export async function personEntries(db: Db, partnershipId: number, practitionerId: number) {
  const { rows } = await sql<{
    pid: number;
    on_date: string;
    minutes: number;
    level: string;
    course: string;
    source: string;
  }>`
    select r.practitioner_id as pid, r.completed_on as on_date, r.minutes as minutes, r.level as level, r.course as course, r.source as source
      from training_records r where r.partnership_id = ${partnershipId} and r.practitioner_id = ${practitionerId}
    union all
    select b.practitioner_id, substr(s.starts_at, 1, 10), c.duration_minutes, c.level, c.title, 'multi_agency'
      from training_bookings b join training_sessions s on s.id = b.session_id join training_courses c on c.id = s.course_id
     where b.partnership_id = ${partnershipId} and b.practitioner_id = ${practitionerId} and b.status = 'attended'
    order by 2 desc`.execute(db);
  return rows.map((r) => ({ ...r, minutes: Number(r.minutes) }));
}
