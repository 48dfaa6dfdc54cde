/*
 * The workforce profile's summary cells (docs/adr/0010). Each return's records are summed, once,
 * into cells along the profile's filter dimensions (service, job role, workforce group, employment
 * type, manager; the organisation is the return's) and one breakdown each:
 * - 'group': by status at the census date and leaving reason — headcount, FTE, sickness, starters,
 *   apprentices, retirements;
 * - 'age_sex': people in post by sex (code) and year of birth — headcount and FTE;
 * - 'ethnicity', 'qualification', 'disability': people in post by that code — headcount.
 * The profile reads these cells, never the records, so a million workers aggregate as a few
 * thousand cells, and worker_records needs no index for the profile.
 * The cells are summed while a file is validated (returns-service.ts) or, for records written
 * another way (demo data, tests), from worker_records by `rebuildProfileCells`.
 * Each cell also sums its people's record keys (src/lib/disclosure.ts, docs/adr/0013): in all,
 * for the starters and for the apprentices, so that any figure summed from cells has the key
 * sum of exactly the people it counts.
 */
import type { Insertable, Kysely, Transaction } from 'kysely';
import { disclosureSecret } from '../../../db/disclosure-secrets.ts';
import type { Database, ProfileCellColumns } from '../../../db/schema.ts';
import { recordKeyer } from '../../../lib/disclosure.ts';
import { censusYear, isStarter, recordStatus, type RecordStatus } from './measures.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type CellKind = 'group' | 'age_sex' | 'ethnicity' | 'qualification' | 'disability';
export type CellStatus = 'current' | 'leaver' | 'other';

/** A record as validated (booleans) or as stored (0/1). */
export interface CellRecord {
  worker_id: string;
  service: string | null;
  job_role: string | null;
  workforce_group: string | null;
  employment_type: string | null;
  manager: boolean | number | null;
  apprentice: boolean | number | null;
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

/** The profile's three statuses: in the workforce at the census date, a DfE leaver in the year, or neither. */
const CELL_STATUS: Record<RecordStatus, CellStatus> = {
  in_post: 'current',
  agency: 'current',
  other_current: 'current',
  leaver: 'leaver',
  other_left: 'other',
  not_yet_started: 'other',
};
export const cellStatus = (
  record: Pick<CellRecord, 'employment_type' | 'start_date' | 'leaving_date'>,
  censusDate: string,
  yearStart: string,
): CellStatus => CELL_STATUS[recordStatus(record, censusDate, yearStart)];

const text = (value: string | null | undefined) => value ?? '';
const flag = (value: boolean | number | null | undefined) => (value === true || value === 1 ? 1 : 0);

type Dims = Pick<ProfileCellColumns, 'service' | 'job_role' | 'workforce_group' | 'employment_type' | 'manager'>;

/** The cells of one combination of filter dimensions, each breakdown keyed by its code. */
interface DimCells {
  dims: Dims;
  group: Map<string, ProfileCellColumns>;
  ageSex: Map<string, ProfileCellColumns>;
  ethnicity: Map<string, ProfileCellColumns>;
  qualification: Map<string, ProfileCellColumns>;
  disability: Map<string, ProfileCellColumns>;
}

const newCell = (
  dims: Dims,
  kind: CellKind,
  status: CellStatus,
  leavingReason: string,
  code: string,
  birthYear: number | null,
): ProfileCellColumns => ({
  ...dims,
  kind,
  status,
  leaving_reason: leavingReason,
  code,
  birth_year: birthYear,
  n: 0,
  fte: 0,
  sick: 0,
  starters: 0,
  starters_fte: 0,
  apprentices: 0,
  retired_fte: 0,
  key_sum: 0,
  starters_key_sum: 0,
  apprentices_key_sum: 0,
});

/** Counts one person in post, with their record key, into a characteristic's cells. */
function countCode(
  cells: Map<string, ProfileCellColumns>,
  dims: Dims,
  kind: CellKind,
  code: string,
  key: number,
): void {
  let cell = cells.get(code);
  if (!cell) cells.set(code, (cell = newCell(dims, kind, 'current', '', code, null)));
  cell.n += 1;
  cell.key_sum += key;
}

/**
 * Sums records into cells; `cells()` gives the rows to store. Memory grows with the cells, not the
 * records. Called for every record of a file while it streams, so it builds one string key per
 * record and allocates only when a cell is new.
 */
export function createCellAccumulator(censusDate: string, recordKey: (workerId: string) => number) {
  const yearStart = censusYear(censusDate).start;
  const byDims = new Map<string, DimCells>();
  return {
    add(record: CellRecord): void {
      const service = text(record.service);
      const jobRole = text(record.job_role);
      const group = text(record.workforce_group);
      const employment = text(record.employment_type);
      const manager = flag(record.manager);
      const dimsKey = `${service}|${jobRole}|${group}|${employment}|${manager}`;
      let at = byDims.get(dimsKey);
      if (!at) {
        at = {
          dims: { service, job_role: jobRole, workforce_group: group, employment_type: employment, manager },
          group: new Map(),
          ageSex: new Map(),
          ethnicity: new Map(),
          qualification: new Map(),
          disability: new Map(),
        };
        byDims.set(dimsKey, at);
      }
      const status = cellStatus(record, censusDate, yearStart);
      const reason = text(record.leaving_reason);
      const fte = record.fte ?? 0;
      const key = recordKey(record.worker_id);
      const groupKey = `${status}|${reason}`;
      let cell = at.group.get(groupKey);
      if (!cell) at.group.set(groupKey, (cell = newCell(at.dims, 'group', status, reason, '', null)));
      cell.n += 1;
      cell.key_sum += key;
      cell.fte += fte;
      cell.sick += record.sickness_days ?? 0;
      if (isStarter(record.start_date, censusDate, yearStart)) {
        cell.starters += 1;
        cell.starters_key_sum += key;
        cell.starters_fte += fte;
      }
      if (flag(record.apprentice)) {
        cell.apprentices += 1;
        cell.apprentices_key_sum += key;
      }
      if (reason === 'retired') cell.retired_fte += fte;
      if (status !== 'current') return;
      const sex = text(record.sex);
      const ageKey = `${sex}|${record.birth_year ?? ''}`;
      let ageSex = at.ageSex.get(ageKey);
      if (!ageSex) at.ageSex.set(ageKey, (ageSex = newCell(at.dims, 'age_sex', 'current', '', sex, record.birth_year)));
      ageSex.n += 1;
      ageSex.key_sum += key;
      ageSex.fte += fte;
      countCode(at.ethnicity, at.dims, 'ethnicity', text(record.ethnicity), key);
      countCode(at.qualification, at.dims, 'qualification', text(record.qualification_level), key);
      countCode(at.disability, at.dims, 'disability', text(record.disability), key);
    },
    cells: (): ProfileCellColumns[] =>
      [...byDims.values()].flatMap((at) => [
        ...at.group.values(),
        ...at.ageSex.values(),
        ...at.ethnicity.values(),
        ...at.qualification.values(),
        ...at.disability.values(),
      ]),
  };
}

const INSERT_BATCH = 200;

/** Stores a return's cells (replacing none: call `deleteReturnCells` first when replacing). */
export async function insertReturnCells(
  db: Db,
  scope: { partnershipId: number; organisationId: number; censusDate: string; returnId: number },
  cells: ProfileCellColumns[],
): Promise<void> {
  const rows: Insertable<Database['workforce_profile_cells']>[] = cells.map((c) => ({
    ...c,
    partnership_id: scope.partnershipId,
    organisation_id: scope.organisationId,
    census_date: scope.censusDate,
    return_id: scope.returnId,
  }));
  for (let i = 0; i < rows.length; i += INSERT_BATCH)
    await db
      .insertInto('workforce_profile_cells')
      .values(rows.slice(i, i + INSERT_BATCH))
      .execute();
}

/** Keeps an upload's cells until it is submitted (or discarded with its staged records). */
export async function insertStagedCells(
  db: Db,
  partnershipId: number,
  uploadId: number,
  cells: ProfileCellColumns[],
): Promise<void> {
  const rows = cells.map((c) => ({ ...c, partnership_id: partnershipId, upload_id: uploadId }));
  for (let i = 0; i < rows.length; i += INSERT_BATCH)
    await db
      .insertInto('staged_profile_cells')
      .values(rows.slice(i, i + INSERT_BATCH))
      .execute();
}

export const CELL_COLUMNS = [
  'kind',
  'service',
  'job_role',
  'workforce_group',
  'employment_type',
  'manager',
  'status',
  'leaving_reason',
  'code',
  'birth_year',
  'n',
  'fte',
  'sick',
  'starters',
  'starters_fte',
  'apprentices',
  'retired_fte',
  'key_sum',
  'starters_key_sum',
  'apprentices_key_sum',
] as const satisfies readonly (keyof ProfileCellColumns)[];

/** The record keys of one organisation's workers. */
export const recordKeysOf = async (db: Db, partnershipId: number, organisationId: number) =>
  recordKeyer(await disclosureSecret(db, partnershipId), organisationId);

const RECORD_COLUMNS = [
  'id',
  'worker_id',
  'service',
  'job_role',
  'workforce_group',
  'employment_type',
  'manager',
  'apprentice',
  'fte',
  'sickness_days',
  'start_date',
  'leaving_date',
  'leaving_reason',
  'birth_year',
  'sex',
  'ethnicity',
  'qualification_level',
  'disability',
] as const;
const READ_BATCH = 5000;

/** Sums a return's stored records into its cells again (records written without the accumulator). */
export async function rebuildProfileCells(db: Db, returnId: number): Promise<void> {
  const found = await db
    .selectFrom('workforce_returns')
    .select(['partnership_id', 'organisation_id', 'census_date'])
    .where('id', '=', returnId)
    .executeTakeFirstOrThrow();
  const accumulator = createCellAccumulator(
    found.census_date,
    await recordKeysOf(db, found.partnership_id, found.organisation_id),
  );
  for (let after = 0; ;) {
    const records = await db
      .selectFrom('worker_records')
      .select(RECORD_COLUMNS)
      .where('return_id', '=', returnId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(READ_BATCH)
      .execute();
    for (const record of records) accumulator.add(record);
    if (records.length < READ_BATCH) break;
    after = records[records.length - 1]!.id;
  }
  await db.deleteFrom('workforce_profile_cells').where('return_id', '=', returnId).execute();
  await insertReturnCells(
    db,
    {
      partnershipId: found.partnership_id,
      organisationId: found.organisation_id,
      censusDate: found.census_date,
      returnId,
    },
    accumulator.cells(),
  );
}
