import { createHmac, randomBytes } from 'node:crypto';
import { type AnyDb, type MigrationContext } from './helpers.ts';

/**
 * Disclosure control by the cell key method (docs/adr/0013): each partnership's secret for record
 * keys, and the key sums of the profile's summary cells. The cells of every current return, and of
 * every upload awaiting review, are summed again so that they carry their people's keys, with the
 * summing and keying as the app did them when this migration was written (below, frozen: a
 * migration must not change when the feature does, so it imports no feature code).
 */
export async function up(context: MigrationContext): Promise<void> {
  const { db } = context;
  await db.schema
    .createTable('disclosure_secrets')
    .addColumn('partnership_id', 'integer', (c) => c.primaryKey().references('partnerships.id'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .execute();
  for (const table of ['workforce_profile_cells', 'staged_profile_cells']) {
    for (const column of ['key_sum', 'starters_key_sum', 'apprentices_key_sum']) {
      await db.schema
        .alterTable(table)
        .addColumn(column, 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    }
  }
  const returns = await db
    .selectFrom('workforce_returns')
    .select('id')
    .where('status', '=', 'current')
    .orderBy('id')
    .execute();
  for (const { id } of returns) await sumKeyedReturnCells(db, Number(id));
  await rekeyStagedCells(db);
}

/* ---- The keyed summing of 2026-12 (profile-cells.ts, lib/disclosure.ts, db/disclosure-secrets.ts then), frozen. ---- */

interface StoredRecord {
  id: number;
  worker_id: string;
  service: string | null;
  job_role: string | null;
  workforce_group: string | null;
  employment_type: string | null;
  manager: number | boolean | null;
  apprentice: number | boolean | null;
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

type Cell = Record<string, string | number | null> & { n: number; fte: number; key_sum: number };

/** The partnership's secret for record keys, made on first use. */
async function secretOf(db: AnyDb, partnershipId: number): Promise<string> {
  const find = () =>
    db.selectFrom('disclosure_secrets').select('secret').where('partnership_id', '=', partnershipId).executeTakeFirst();
  const found = await find();
  if (found) return String(found.secret);
  await db
    .insertInto('disclosure_secrets')
    .values({ partnership_id: partnershipId, secret: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('partnership_id').doNothing())
    .execute();
  return String((await find())!.secret);
}

/** A record's fixed key, 0–255: the first byte of an HMAC of organisation and worker id. */
const keyer = (secret: string, organisationId: number) => (workerId: string) =>
  createHmac('sha256', secret).update(`${organisationId}|${workerId}`).digest()[0]!;

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

const flag = (v: number | boolean | null) => (v === 1 || v === true ? 1 : 0);

function addRecord(cells: Map<string, Cell>, r: StoredRecord, key: number, censusDate: string, yearStart: string) {
  const dims = {
    service: r.service ?? '',
    job_role: r.job_role ?? '',
    workforce_group: r.workforce_group ?? '',
    employment_type: r.employment_type ?? '',
    manager: flag(r.manager),
  };
  const at = (kind: string, status: string, reason: string, code: string, birthYear: number | null): Cell => {
    const id = `${Object.values(dims).join('|')}|${kind}|${status}|${reason}|${code}|${birthYear ?? ''}`;
    let cell = cells.get(id);
    if (!cell) {
      cell = { ...dims, kind, status, leaving_reason: reason, code, birth_year: birthYear, n: 0, fte: 0, key_sum: 0 };
      Object.assign(cell, { sick: 0, starters: 0, starters_fte: 0, apprentices: 0, retired_fte: 0 });
      Object.assign(cell, { starters_key_sum: 0, apprentices_key_sum: 0 });
      cells.set(id, cell);
    }
    return cell;
  };
  const count = (cell: Cell) => {
    cell.n += 1;
    cell.key_sum += key;
    return cell;
  };
  const status = statusOf(r, censusDate, yearStart);
  const reason = r.leaving_reason ?? '';
  const fte = r.fte ?? 0;
  const group = count(at('group', status, reason, '', null));
  group.fte += fte;
  group.sick = Number(group.sick) + (r.sickness_days ?? 0);
  if (r.start_date !== null && r.start_date > yearStart && r.start_date <= censusDate) {
    group.starters = Number(group.starters) + 1;
    group.starters_key_sum = Number(group.starters_key_sum) + key;
    group.starters_fte = Number(group.starters_fte) + fte;
  }
  if (flag(r.apprentice)) {
    group.apprentices = Number(group.apprentices) + 1;
    group.apprentices_key_sum = Number(group.apprentices_key_sum) + key;
  }
  if (reason === 'retired') group.retired_fte = Number(group.retired_fte) + fte;
  if (status !== 'current') return;
  count(at('age_sex', 'current', '', r.sex ?? '', r.birth_year)).fte += fte;
  count(at('ethnicity', 'current', '', r.ethnicity ?? '', null));
  count(at('qualification', 'current', '', r.qualification_level ?? '', null));
  count(at('disability', 'current', '', r.disability ?? '', null));
}

const READ_BATCH = 5000;
const INSERT_BATCH = 200;

async function keyedCells(
  db: AnyDb,
  held: { id: number; partnership_id: number; organisation_id: number; census_date: string },
): Promise<Cell[]> {
  const censusDate = String(held.census_date);
  const yearStart = yearStartOf(censusDate);
  const keyOf = keyer(await secretOf(db, held.partnership_id), held.organisation_id);
  const cells = new Map<string, Cell>();
  for (let after = 0; ;) {
    const records = await db
      .selectFrom('worker_records')
      .selectAll()
      .$castTo<StoredRecord>()
      .where('return_id', '=', held.id)
      .where('id', '>', after)
      .orderBy('id')
      .limit(READ_BATCH)
      .execute();
    for (const r of records) addRecord(cells, r, keyOf(String(r.worker_id)), censusDate, yearStart);
    if (records.length < READ_BATCH) break;
    after = records[records.length - 1]?.id ?? after;
  }
  return [...cells.values()];
}

async function insert(db: AnyDb, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + INSERT_BATCH))
      .execute();
}

/** Exported for the test that holds it to the app's summing (test/integration/migration-0015.test.ts). */
export async function sumKeyedReturnCells(db: AnyDb, returnId: number): Promise<void> {
  const held = await db
    .selectFrom('workforce_returns')
    .select(['id', 'partnership_id', 'organisation_id', 'census_date'])
    .where('id', '=', returnId)
    .executeTakeFirstOrThrow();
  const h = {
    id: Number(held.id),
    partnership_id: Number(held.partnership_id),
    organisation_id: Number(held.organisation_id),
    census_date: String(held.census_date),
  };
  const cells = await keyedCells(db, h);
  await db.deleteFrom('workforce_profile_cells').where('return_id', '=', returnId).execute();
  const scope = { partnership_id: h.partnership_id, organisation_id: h.organisation_id, census_date: h.census_date };
  await insert(
    db,
    'workforce_profile_cells',
    cells.map((c) => ({ ...c, ...scope, return_id: returnId })),
  );
}

/** Uploads awaiting review: their records are held under a pending return; their staged cells are summed again. */
async function rekeyStagedCells(db: AnyDb): Promise<void> {
  const pending = await db
    .selectFrom('workforce_returns as r')
    .innerJoin('return_uploads as u', 'u.id', 'r.upload_id')
    .select(['r.id', 'r.partnership_id', 'r.organisation_id', 'r.census_date', 'u.id as upload_id'])
    .where('r.status', '=', 'pending')
    .where('u.status', '=', 'valid')
    .execute();
  for (const p of pending) {
    const cells = await keyedCells(db, {
      id: Number(p.id),
      partnership_id: Number(p.partnership_id),
      organisation_id: Number(p.organisation_id),
      census_date: String(p.census_date),
    });
    await db.deleteFrom('staged_profile_cells').where('upload_id', '=', p.upload_id).execute();
    await insert(
      db,
      'staged_profile_cells',
      cells.map((c) => ({ ...c, partnership_id: Number(p.partnership_id), upload_id: Number(p.upload_id) })),
    );
  }
}
