import type { CreateTableBuilder } from 'kysely';
import { type AnyDb, type MigrationContext, decimalType, withId } from './helpers.ts';

/**
 * The workforce profile reads summary cells instead of worker records (docs/adr/0010):
 * `workforce_profile_cells` per current return, `staged_profile_cells` per upload awaiting review.
 * The profile's covering indexes on worker_records (SQLite, 0007) are no longer read and only
 * cost every commit: they are dropped. Cells are summed for every return already held, with the
 * summing as the app did it when this migration was written (below, frozen: a migration must not
 * change when the feature does, so it imports no feature code).
 */
export async function up(context: MigrationContext): Promise<void> {
  const { db, engine } = context;
  const decimal = decimalType(engine);
  const cellColumns = <T extends string>(table: CreateTableBuilder<T, 'id'>) =>
    table
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('service', 'text', (c) => c.notNull())
      .addColumn('job_role', 'text', (c) => c.notNull())
      .addColumn('workforce_group', 'text', (c) => c.notNull())
      .addColumn('employment_type', 'text', (c) => c.notNull())
      .addColumn('manager', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('leaving_reason', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('birth_year', 'integer')
      .addColumn('n', 'integer', (c) => c.notNull())
      .addColumn('fte', decimal, (c) => c.notNull())
      .addColumn('sick', decimal, (c) => c.notNull())
      .addColumn('starters', 'integer', (c) => c.notNull())
      .addColumn('starters_fte', decimal, (c) => c.notNull())
      .addColumn('apprentices', 'integer', (c) => c.notNull())
      .addColumn('retired_fte', decimal, (c) => c.notNull());

  await cellColumns(
    withId(db.schema.createTable('workforce_profile_cells'), engine)
      .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
      .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
      .addColumn('census_date', 'text', (c) => c.notNull())
      .addColumn('return_id', 'integer', (c) => c.notNull().references('workforce_returns.id')),
  ).execute();
  await db.schema
    .createIndex('workforce_profile_cells_census')
    .on('workforce_profile_cells')
    .columns(['partnership_id', 'census_date', 'kind'])
    .execute();
  await db.schema
    .createIndex('workforce_profile_cells_return')
    .on('workforce_profile_cells')
    .column('return_id')
    .execute();

  // Like the other staging tables: no index, no foreign key; read and deleted by upload.
  await cellColumns(
    withId(db.schema.createTable('staged_profile_cells'), engine)
      .addColumn('partnership_id', 'integer', (c) => c.notNull())
      .addColumn('upload_id', 'integer', (c) => c.notNull()),
  ).execute();

  if (engine === 'sqlite') {
    for (const name of [
      'worker_records_profile_groups',
      'worker_records_profile_age_sex',
      'worker_records_profile_characteristics',
      'worker_records_profile_retirement',
    ]) {
      await db.schema.dropIndex(name).ifExists().execute();
    }
  }

  const returns = await db
    .selectFrom('workforce_returns')
    .select('id')
    .where('status', '=', 'current')
    .orderBy('id')
    .execute();
  for (const { id } of returns) await sumReturnCells(db, Number(id));
}

/* ---- The summing of 2026-12 (src/features/workforce/profile/profile-cells.ts then), frozen. ---- */

interface StoredRecord {
  id: number;
  service: string | null;
  job_role: string | null;
  workforce_group: string | null;
  employment_type: string | null;
  manager: number | null;
  apprentice: number | null;
  fte: number | null;
  sickness_days: number | null;
  start_date: string | null;
  leaving_date: string | null;
  leaving_reason: string | null;
  birth_year: number | null;
  sex: string | null;
  ethnicity: string | null;
  qualification_level: string | null;
  disability: string | null;
}

type Cell = Record<string, string | number | null> & { n: number; fte: number };

function yearStartOf(censusDate: string): string {
  const [y, m, d] = censusDate.split('-').map(Number) as [number, number, number];
  const start = new Date(Date.UTC(y - 1, m - 1, d));
  if (start.getUTCMonth() !== m - 1) start.setUTCDate(0);
  return start.toISOString().slice(0, 10);
}

/** 'current' (in the workforce at the census date), 'leaver' (a DfE leaver in the year) or 'other'. */
function statusOf(r: StoredRecord, censusDate: string, yearStart: string): string {
  if (r.start_date && r.start_date > censusDate) return 'other';
  const left = r.leaving_date !== null && r.leaving_date !== '' && r.leaving_date <= censusDate;
  if (!left) return 'current';
  return r.employment_type === 'employee' && (r.leaving_date ?? '') > yearStart ? 'leaver' : 'other';
}

function addRecord(cells: Map<string, Cell>, r: StoredRecord, censusDate: string, yearStart: string): void {
  const dims = {
    service: r.service ?? '',
    job_role: r.job_role ?? '',
    workforce_group: r.workforce_group ?? '',
    employment_type: r.employment_type ?? '',
    manager: r.manager === 1 ? 1 : 0,
  };
  const at = (kind: string, status: string, reason: string, code: string, birthYear: number | null): Cell => {
    const key = `${Object.values(dims).join('|')}|${kind}|${status}|${reason}|${code}|${birthYear ?? ''}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { ...dims, kind, status, leaving_reason: reason, code, birth_year: birthYear, n: 0, fte: 0, sick: 0 };
      Object.assign(cell, { starters: 0, starters_fte: 0, apprentices: 0, retired_fte: 0 });
      cells.set(key, cell);
    }
    return cell;
  };
  const status = statusOf(r, censusDate, yearStart);
  const reason = r.leaving_reason ?? '';
  const fte = r.fte ?? 0;
  const group = at('group', status, reason, '', null);
  group.n += 1;
  group.fte += fte;
  group.sick = Number(group.sick) + (r.sickness_days ?? 0);
  if (r.start_date !== null && r.start_date > yearStart && r.start_date <= censusDate) {
    group.starters = Number(group.starters) + 1;
    group.starters_fte = Number(group.starters_fte) + fte;
  }
  if (r.apprentice === 1) group.apprentices = Number(group.apprentices) + 1;
  if (reason === 'retired') group.retired_fte = Number(group.retired_fte) + fte;
  if (status !== 'current') return;
  const ageSex = at('age_sex', 'current', '', r.sex ?? '', r.birth_year);
  ageSex.n += 1;
  ageSex.fte += fte;
  at('ethnicity', 'current', '', r.ethnicity ?? '', null).n += 1;
  at('qualification', 'current', '', r.qualification_level ?? '', null).n += 1;
  at('disability', 'current', '', r.disability ?? '', null).n += 1;
}

const READ_BATCH = 5000;
const INSERT_BATCH = 200;

/** Exported for the test that holds it to the app's summing (test/integration/migration-0009.test.ts). */
export async function sumReturnCells(db: AnyDb, returnId: number): Promise<void> {
  const held = await db
    .selectFrom('workforce_returns')
    .select(['partnership_id', 'organisation_id', 'census_date'])
    .where('id', '=', returnId)
    .executeTakeFirstOrThrow();
  const censusDate = String(held.census_date);
  const yearStart = yearStartOf(censusDate);
  const cells = new Map<string, Cell>();
  for (let after = 0; ;) {
    const records = await db
      .selectFrom('worker_records')
      .selectAll()
      .$castTo<StoredRecord>()
      .where('return_id', '=', returnId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(READ_BATCH)
      .execute();
    for (const record of records) addRecord(cells, record, censusDate, yearStart);
    if (records.length < READ_BATCH) break;
    after = records[records.length - 1]?.id ?? after;
  }
  const scope = {
    partnership_id: held.partnership_id,
    organisation_id: held.organisation_id,
    census_date: censusDate,
    return_id: returnId,
  };
  const rows = [...cells.values()].map((cell) => ({ ...cell, ...scope }));
  for (let i = 0; i < rows.length; i += INSERT_BATCH)
    await db
      .insertInto('workforce_profile_cells')
      .values(rows.slice(i, i + INSERT_BATCH))
      .execute();
}
