/*
 * Loads synthetic workforce returns straight into workforce_returns / worker_records /
 * vacancy_records (source 'demo'), in batched inserts, with their profile cells. Used by the demo loader (two census dates,
 * about 2,000 workers, or about 25,000 with --county), the tests and the benchmark.
 */
import { createHash, type Hash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { CSV_BOM, csvLine } from '../../../lib/spreadsheet.ts';
import { nowIso } from '../../../lib/time.ts';
import { createHeadlineTally } from '../profile/headline.ts';
import { exportRows } from './returns-export.ts';
import { createCellAccumulator, insertReturnCells, recordKeysOf } from '../profile/profile-cells.ts';
import {
  generateVacancies,
  generateWorkers,
  type GenerateOptions,
  type SyntheticOrganisation,
  type SyntheticWorker,
} from './synthetic.ts';

export const DEMO_CENSUS_DATES = ['2025-09-30', '2026-09-30'];
export const DEMO_SIZE = 2000;
export const COUNTY_SIZE = 25000;
const BATCH = 500;

export interface LoadReturnsOptions {
  partnershipId: number;
  organisations: readonly SyntheticOrganisation[];
  censusDate: string;
  count: number;
  seed: number;
  areaCode?: string;
  /** Called after each batch with the number of workers written so far. */
  progress?: (written: number) => void;
}

const toRow = (w: SyntheticWorker, partnershipId: number, returnId: number, censusDate: string) => ({
  partnership_id: partnershipId,
  organisation_id: w.organisation_id,
  return_id: returnId,
  census_date: censusDate,
  worker_id: w.worker_id,
  service: w.service,
  job_role: w.job_role,
  job_role_other: w.job_role_other,
  workforce_group: w.workforce_group,
  employment_type: w.employment_type,
  contract_type: w.contract_type,
  fte: w.fte,
  contracted_hours: w.contracted_hours,
  start_date: w.start_date,
  leaving_date: w.leaving_date,
  leaving_reason: w.leaving_reason,
  birth_year: w.birth_year,
  sex: w.sex,
  gender_identity: w.gender_identity,
  ethnicity: w.ethnicity,
  disability: w.disability,
  qualification_level: w.qualification_level,
  apprentice: w.apprentice ? 1 : 0,
  sickness_days: w.sickness_days,
  safeguarding_level: w.safeguarding_level,
  manager: w.manager ? 1 : 0,
});

/** One organisation's return as it is written: its id, counts, headline sums, file hash and cells. */
interface ReturnBeingWritten {
  returnId: number;
  workers: number;
  vacancies: number;
  headline: ReturnType<typeof createHeadlineTally>;
  // The demo's history shows the hash of each return as a file: its CSV export, hashed as it is generated.
  file: Hash;
  cells: ReturnType<typeof createCellAccumulator>;
}

const emptyExportHash = () => createHash('sha256').update(CSV_BOM + csvLine(exportRows([]).header));

/** An empty current return for each organisation, to be filled. */
async function openReturns(db: Kysely<Database>, options: LoadReturnsOptions) {
  const { partnershipId, censusDate } = options;
  const at = nowIso();
  const returns = new Map<number, ReturnBeingWritten>();
  for (const org of options.organisations) {
    const row = await db
      .insertInto('workforce_returns')
      .values({
        partnership_id: partnershipId,
        organisation_id: org.id,
        census_date: censusDate,
        status: 'current',
        submitted_by: null,
        submitted_by_label: 'Demo loader',
        submitted_at: at,
        file_name: 'synthetic-demo-return.csv',
        // The SHA-256 of the file `export` writes for the return: a header alone until its records are known.
        file_hash: emptyExportHash().digest('hex'),
        source: 'demo',
        upload_id: null,
        worker_count: 0,
        vacancy_count: 0,
        fte_total: 0,
        leavers_count: 0,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const keys = await recordKeysOf(db, partnershipId, org.id);
    returns.set(org.id, {
      returnId: row.id,
      workers: 0,
      vacancies: 0,
      headline: createHeadlineTally(censusDate),
      file: emptyExportHash(),
      cells: createCellAccumulator(censusDate, keys),
    });
  }
  return returns;
}

function returnOf(returns: Map<number, ReturnBeingWritten>, organisationId: number): ReturnBeingWritten {
  const found = returns.get(organisationId);
  if (!found) throw new Error(`No demo return was opened for organisation ${organisationId}`);
  return found;
}

/** Generates and writes the workers in batches; returns how many were written. */
async function writeWorkers(
  db: Kysely<Database>,
  options: LoadReturnsOptions,
  returns: Map<number, ReturnBeingWritten>,
  generate: GenerateOptions,
): Promise<number> {
  let batch: ReturnType<typeof toRow>[] = [];
  let written = 0;
  const flush = async () => {
    if (!batch.length) return;
    await db.insertInto('worker_records').values(batch).execute();
    written += batch.length;
    batch = [];
    options.progress?.(written);
  };
  for (const worker of generateWorkers(generate)) {
    const current = returnOf(returns, worker.organisation_id);
    current.cells.add(worker);
    current.workers++;
    current.headline.add(worker);
    const row = toRow(worker, options.partnershipId, current.returnId, options.censusDate);
    const [line] = exportRows([row]).rows;
    if (line) current.file.update(csvLine(line));
    batch.push(row);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return written;
}

async function writeVacancies(
  db: Kysely<Database>,
  options: LoadReturnsOptions,
  returns: Map<number, ReturnBeingWritten>,
  generate: GenerateOptions,
): Promise<void> {
  const vacancies = generateVacancies(generate).map((v) => {
    const current = returnOf(returns, v.organisation_id);
    current.vacancies++;
    return {
      partnership_id: options.partnershipId,
      organisation_id: v.organisation_id,
      return_id: current.returnId,
      census_date: options.censusDate,
      job_role: v.job_role,
      service: v.service,
      vacant_fte: v.vacant_fte,
      agency_cover_fte: v.agency_cover_fte,
    };
  });
  for (let i = 0; i < vacancies.length; i += BATCH)
    await db
      .insertInto('vacancy_records')
      .values(vacancies.slice(i, i + BATCH))
      .execute();
}

/** Writes one census date's synthetic returns for every organisation. Returns the number of workers. */
export async function loadSyntheticReturns(db: Kysely<Database>, options: LoadReturnsOptions): Promise<number> {
  const { partnershipId, censusDate } = options;
  const returns = await openReturns(db, options);
  const generate: GenerateOptions = {
    seed: options.seed,
    organisations: options.organisations,
    count: options.count,
    censusDate,
    areaCode: options.areaCode,
    idPrefix: `W${censusDate.slice(2, 4)}-`,
  };
  const written = await writeWorkers(db, options, returns, generate);
  for (const [organisationId, current] of returns) {
    if (current.workers === 0) continue;
    await insertReturnCells(
      db,
      { partnershipId, organisationId, censusDate, returnId: current.returnId },
      current.cells.cells(),
    );
  }
  await writeVacancies(db, options, returns, generate);
  for (const current of returns.values()) {
    if (current.workers === 0 && current.vacancies === 0) continue;
    const headline = current.headline.sums();
    await db
      .updateTable('workforce_returns')
      .set({
        file_hash: current.file.digest('hex'),
        worker_count: current.workers,
        vacancy_count: current.vacancies,
        fte_total: headline.fteInPost,
        leavers_count: headline.leaversHeadcount,
      })
      .where('id', '=', current.returnId)
      .execute();
  }
  return written;
}

/** The demo partnership's returns: two census dates, and its comparison area and settings. */
export async function loadWorkforceDemo(
  db: Kysely<Database>,
  partnershipId: number,
  organisations: readonly SyntheticOrganisation[],
  options: { county?: boolean } = {},
): Promise<void> {
  const count = options.county ? COUNTY_SIZE : DEMO_SIZE;
  for (const [i, censusDate] of DEMO_CENSUS_DATES.entries()) {
    await loadSyntheticReturns(db, {
      partnershipId,
      organisations,
      censusDate,
      count: Math.round(count * (i === 0 ? 0.96 : 1)),
      seed: 2025 + i,
      areaCode: 'E10000007',
    });
  }
  // Demoshire is fictional: it compares itself with a real county, Derbyshire (E10000007), and an
  // illustrative list of similar shire counties as statistical neighbours.
  await db
    .insertInto('workforce_settings')
    .values({
      partnership_id: partnershipId,
      local_authority_code: 'E10000007',
      retirement_age: 66,
      minimum_qualifications_json: JSON.stringify({ early_years: '3' }),
      statistical_neighbours_json: JSON.stringify(['E10000024', 'E10000018', 'E10000028', 'E10000032', 'E10000034']),
      working_days_per_year: 253,
      updated_at: nowIso(),
      updated_by: 'Demo loader',
    })
    .execute();
}
