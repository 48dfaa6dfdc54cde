/*
 * Phase one's reading loop (docs/adr/0017): takes the validator's events, writes the records and
 * problems to the staging tables in small transactions as they come, counts problems (storing the
 * first of each kind), stops early at the error limit, and says what was read. The service wraps
 * it with the upload's row and the audit entry.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DatabaseSync } from 'node:sqlite';
import type { DatabaseEngine } from '../../../config.ts';
import type { Database } from '../../../db/schema.ts';
import { createCellAccumulator, recordKeysOf } from '../profile/profile-cells.ts';
import type { VacancyRecord, WorkerRecord } from '../standard/standard.ts';
import { onlyPartProblem, type Part } from './return-parts.ts';
import {
  insertPendingWorkers,
  insertProblems,
  insertStagedVacancies,
  type PendingScope,
  type ProblemRow,
  type StagedRow,
} from './staging-writes.ts';
import { heartbeat } from './upload-lock.ts';
import { ProblemTally } from './upload-problems.ts';
import type { ValidationEvent } from './validate.ts';

/** What an upload's columns were found to be (return_uploads.columns_json). */
export const uploadColumns = z.object({
  format: z.string().optional(),
  kind: z.string().optional(),
  matched: z.record(z.string(), z.string()).optional(),
  unknown: z.array(z.string()).optional(),
  unmapped: z.array(z.string()).optional(),
});
export type UploadColumns = z.infer<typeof uploadColumns>;

export interface EventsInput {
  censusDate: string;
  /** The validator's events, one at a time or in batches (validateReturnBatches: cheaper for big files). */
  events: AsyncIterable<ValidationEvent> | AsyncIterable<ValidationEvent[]>;
  /** Called every few thousand rows with the number of rows read so far (the CLI's progress bar). */
  onProgress?: (rows: number) => void;
  /** Only this part may be in the file (the API's vacancies body): records of the other are an error. */
  only?: Part;
}

export interface Staging {
  db: Kysely<Database>;
  engine: DatabaseEngine;
  /** SQLite: staging reuses prepared statements on the raw connection, inside Kysely's transactions. */
  raw: DatabaseSync | undefined;
  pending: PendingScope;
  uploadId: number;
  problemLimit: number;
}

// Small flushes (about one validator batch) keep buffered records young: at 5,000 rows they
// outlived a scavenge, filled the old generation and a 1,000,000-row import peaked at 430-480 MB RSS.
const FLUSH_ROWS = 500;

const UNREADABLE =
  'The file could not be read. Save it as CSV (UTF-8) or as an Excel workbook (.xlsx) and upload it again.';

type Cells = ReturnType<typeof createCellAccumulator>;

/** One upload's reading: buffers records and problems, and writes them to staging every FLUSH_ROWS. */
class EventStager {
  readonly counts = { workers: 0, vacancies: 0 };
  readonly tally: ProblemTally;
  columns: UploadColumns = {};
  lastRow: number | null = null;
  #workers: StagedRow<WorkerRecord>[] = [];
  #vacancies: StagedRow<VacancyRecord>[] = [];
  #problems: ProblemRow[] = [];
  readonly #staging: Staging;
  readonly #beat: ReturnType<typeof heartbeat>;
  readonly cells: Cells;

  constructor(staging: Staging, cells: Cells) {
    this.#staging = staging;
    this.tally = new ProblemTally(staging.problemLimit);
    this.#beat = heartbeat(staging.uploadId);
    this.cells = cells;
  }

  get buffered(): number {
    return this.#workers.length + this.#vacancies.length + this.#problems.length;
  }

  /** Counts the problem, and stores it (every problem given here is stored, over the limit or not). */
  addProblem(problem: ProblemRow): void {
    this.tally.add(problem);
    this.#problems.push(problem);
  }

  take(event: ValidationEvent): void {
    if (event.type === 'worker') {
      this.lastRow = event.row;
      this.#workers.push({ row: event.row, record: event.record });
      this.cells.add(event.record);
      this.counts.workers += 1;
    } else if (event.type === 'vacancy') {
      this.#vacancies.push({ row: event.row, record: event.record });
      this.counts.vacancies += 1;
    } else if (event.type === 'problem') {
      if (event.problem.row !== null) this.lastRow = event.problem.row;
      if (this.tally.add(event.problem)) this.#problems.push(event.problem);
    } else if (event.type === 'columns') {
      const { format, kind, matched, unknown } = event;
      this.columns = { format, kind, matched, unknown, unmapped: event.unmapped ?? [] };
    }
  }

  async flush(): Promise<void> {
    if (!this.buffered) return;
    const [w, v, p] = [this.#workers, this.#vacancies, this.#problems];
    this.#workers = [];
    this.#vacancies = [];
    this.#problems = [];
    const { db, engine, raw, pending, uploadId } = this.#staging;
    await db.transaction().execute(async (trx) => {
      await insertPendingWorkers(trx, engine, pending, w, raw);
      await insertStagedVacancies(trx, engine, pending.partnershipId, uploadId, pending.censusDate, v, raw);
      await insertProblems(trx, engine, pending.partnershipId, uploadId, p, raw);
      await this.#beat(trx);
    });
  }

  /** The file-level problems found only at the end: records of the wrong part, or no records at all. */
  addEndProblems(only: Part | undefined): void {
    const stray = only === 'vacancies' ? this.counts.workers : only === 'workers' ? this.counts.vacancies : 0;
    if (only && stray) this.addProblem(onlyPartProblem(only, stray));
    if (!this.tally.errors && !this.counts.workers && !this.counts.vacancies) {
      const none = { severity: 'error', kind: 'no_records', row: null, column: null, value: null } as const;
      this.addProblem({
        ...none,
        message: 'The file has no records. Add one row for each person below the header row.',
      });
    }
  }
}

/** Reads every event into the staging tables; throws (having staged part) when writing fails. */
export async function readEvents(input: EventsInput, staging: Staging) {
  const { pending } = staging;
  const keys = await recordKeysOf(staging.db, pending.partnershipId, pending.organisationId);
  const stager = new EventStager(staging, createCellAccumulator(input.censusDate, keys));
  const iterator = (input.events as AsyncIterable<ValidationEvent | ValidationEvent[]>)[Symbol.asyncIterator]();
  try {
    for (;;) {
      let step: IteratorResult<ValidationEvent | ValidationEvent[]>;
      try {
        step = await iterator.next();
      } catch {
        const unreadable = { severity: 'error', kind: 'unreadable', row: null, column: null, value: null } as const;
        stager.addProblem({ ...unreadable, message: UNREADABLE });
        break;
      }
      if (step.done) break;
      for (const event of Array.isArray(step.value) ? step.value : [step.value]) stager.take(event);
      if (stager.tally.overLimit) {
        stager.addProblem(stager.tally.refusal(stager.lastRow));
        break;
      }
      if (stager.buffered >= FLUSH_ROWS) {
        await stager.flush();
        input.onProgress?.(stager.counts.workers + stager.counts.vacancies);
      }
    }
    stager.addEndProblems(input.only);
    await stager.flush();
    input.onProgress?.(stager.counts.workers + stager.counts.vacancies);
  } finally {
    // Stopped early (too many errors, or a failure): the readers close their files in their finally.
    await iterator.return?.().catch(() => undefined);
  }
  const { counts, tally, columns, cells } = stager;
  return { counts, tally, columns, cells };
}
