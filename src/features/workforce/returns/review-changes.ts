/*
 * The review's lists of what changed (issue 10.9): each changed worker record by its pseudonymous ID
 * with every field before and after, a page at a time, and the vacancies by job role and service.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DatabaseEngine } from '../../../config.ts';
import type { Database } from '../../../db/schema.ts';
import { standardCell } from './returns-export.ts';
import { pendingReturnOf, round } from './returns-repository.ts';
import { WORKER_COLUMNS } from './record-columns.ts';

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}
export interface ChangedRecord {
  workerId: string;
  /** 'left': the leaving date is now given; 'changed': any other field differs. */
  change: 'left' | 'changed';
  fields: FieldChange[];
}

export const COMPARED = WORKER_COLUMNS.filter((c) => c !== 'worker_id');

/** "a differs from b", treating two nulls as equal, spelled for each engine. */
function differs(engine: DatabaseEngine, column: string): RawBuilder<unknown> {
  const op = engine === 'postgres' ? 'is distinct from' : 'is not';
  return sql.raw(`s.${column} ${op} w.${column}`);
}

export const anyDifference = (engine: DatabaseEngine) =>
  sql.join(
    COMPARED.map((c) => differs(engine, c)),
    sql` or `,
  );

export const CHANGES_PAGE_SIZE = 25;

const shown = (column: string, value: unknown): string =>
  String(standardCell(column, value === undefined ? null : (value as string | number | null)));

/** One page of the records in both returns whose fields differ, in worker ID order. */
export async function changedRecords(
  db: Kysely<Database>,
  engine: DatabaseEngine,
  uploadId: number,
  previousId: number,
  page: number,
): Promise<ChangedRecord[]> {
  const pending = (await pendingReturnOf(db, uploadId)) ?? 0;
  const columns = sql.raw(
    ['s.worker_id', ...COMPARED.flatMap((c) => [`s.${c} as after_${c}`, `w.${c} as before_${c}`])].join(', '),
  );
  const { rows } = await sql<Record<string, string | number | null>>`
    select ${columns}
    from worker_records s
    join worker_records w on w.return_id = ${previousId} and w.worker_id = s.worker_id
    where s.return_id = ${pending} and (${anyDifference(engine)})
    order by s.worker_id
    limit ${CHANGES_PAGE_SIZE} offset ${Math.max(0, page - 1) * CHANGES_PAGE_SIZE}`.execute(db);
  return rows.map((row) => {
    const fields = COMPARED.filter((c) => !same(row[`before_${c}`], row[`after_${c}`])).map((c) => ({
      field: c,
      before: shown(c, row[`before_${c}`]),
      after: shown(c, row[`after_${c}`]),
    }));
    const left = row.after_leaving_date !== null && row.before_leaving_date === null;
    return { workerId: String(row.worker_id), change: left ? 'left' : 'changed', fields };
  });
}

// PostgreSQL returns numeric columns as numbers or strings by type; compare what is shown.
const same = (a: unknown, b: unknown) =>
  (a ?? null) === (b ?? null) || (a != null && b != null && String(a) === String(b));

export interface VacancyTotals {
  records: number;
  vacantFte: number;
  agencyCoverFte: number;
}
export interface VacancyChange {
  jobRole: string;
  service: string;
  before: VacancyTotals | null;
  after: VacancyTotals | null;
}

type Grouped = {
  job_role: string | null;
  service: string | null;
  records: number;
  vacant: number | null;
  cover: number | null;
};
const totals = (g: Grouped | undefined): VacancyTotals | null =>
  g
    ? {
        records: Number(g.records),
        vacantFte: round(Number(g.vacant ?? 0)),
        agencyCoverFte: round(Number(g.cover ?? 0)),
      }
    : null;

/** Vacancy rows summed by job role and service: an upload's staged ones, or a return's. */
function grouped(
  db: Kysely<Database>,
  table: 'staged_vacancy_records' | 'vacancy_records',
  by: 'upload_id' | 'return_id',
  id: number,
): Promise<Grouped[]> {
  return sql<Grouped>`
    select job_role, service, count(*) as records, sum(vacant_fte) as vacant, sum(agency_cover_fte) as cover
    from ${sql.table(table)} where ${sql.ref(by)} = ${id}
    group by job_role, service`
    .execute(db)
    .then((r) => r.rows);
}

/** The upload's vacancies against the previous return's, summed by job role and service (rows there add up). */
export async function compareVacancies(
  db: Kysely<Database>,
  uploadId: number,
  previousId: number,
): Promise<VacancyChange[]> {
  const after = await grouped(db, 'staged_vacancy_records', 'upload_id', uploadId);
  const before = await grouped(db, 'vacancy_records', 'return_id', previousId);
  const key = (g: { job_role: string | null; service: string | null }) => `${g.job_role}|${g.service}`;
  const was = new Map(before.map((g) => [key(g), g]));
  const now = new Map(after.map((g) => [key(g), g]));
  const changes: VacancyChange[] = [];
  for (const k of [...new Set([...was.keys(), ...now.keys()])].sort()) {
    const [b, a] = [totals(was.get(k)), totals(now.get(k))];
    if (JSON.stringify(b) === JSON.stringify(a)) continue;
    const [jobRole = '', service = ''] = k.split('|');
    changes.push({ jobRole, service, before: b, after: a });
  }
  return changes;
}
