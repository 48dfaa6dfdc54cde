/*
 * Phase one's reading loop (docs/adr/0017): takes the validator's events, writes the records and
 * problems to the staging tables in small transactions as they come, counts problems (storing the
 * first of each kind), stops early at the error limit, and says what was read. The service wraps
 * it with the upload's row and the audit entry.
 */
import type { Kysely } from 'kysely';
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

export interface UploadColumns {
  format?: string;
  kind?: string;
  matched?: Record<string, string>;
  unknown?: string[];
  unmapped?: string[];
}

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

/** Reads every event into the staging tables; throws (having staged part) when writing fails. */
export async function readEvents(input: EventsInput, staging: Staging) {
  const { db, engine, raw, pending, uploadId, problemLimit } = staging;
  let workers: StagedRow<WorkerRecord>[] = [];
  let vacancies: StagedRow<VacancyRecord>[] = [];
  let problems: ProblemRow[] = [];
  const counts = { workers: 0, vacancies: 0 };
  const tally = new ProblemTally(problemLimit);
  const beat = heartbeat(uploadId);
  let lastRow: number | null = null;
  let columns: UploadColumns = {};
  const cells = createCellAccumulator(
    input.censusDate,
    await recordKeysOf(db, pending.partnershipId, pending.organisationId),
  );
  const flush = async () => {
    if (!workers.length && !vacancies.length && !problems.length) return;
    const [w, v, p] = [workers, vacancies, problems];
    workers = [];
    vacancies = [];
    problems = [];
    await db.transaction().execute(async (trx) => {
      await insertPendingWorkers(trx, engine, pending, w, raw);
      await insertStagedVacancies(trx, engine, pending.partnershipId, uploadId, pending.censusDate, v, raw);
      await insertProblems(trx, engine, pending.partnershipId, uploadId, p, raw);
      await beat(trx);
    });
  };
  const take = (event: ValidationEvent) => {
    if (event.type === 'worker') {
      lastRow = event.row;
      workers.push({ row: event.row, record: event.record });
      cells.add(event.record);
      counts.workers += 1;
    } else if (event.type === 'vacancy') {
      vacancies.push({ row: event.row, record: event.record });
      counts.vacancies += 1;
    } else if (event.type === 'problem') {
      if (event.problem.row !== null) lastRow = event.problem.row;
      if (tally.add(event.problem)) problems.push(event.problem);
    } else if (event.type === 'columns') {
      columns = {
        format: event.format,
        kind: event.kind,
        matched: event.matched,
        unknown: event.unknown,
        unmapped: event.unmapped ?? [],
      };
    }
  };
  const iterator = (input.events as AsyncIterable<ValidationEvent | ValidationEvent[]>)[Symbol.asyncIterator]();
  try {
    for (;;) {
      let step: IteratorResult<ValidationEvent | ValidationEvent[]>;
      try {
        step = await iterator.next();
      } catch {
        const unreadable = { severity: 'error', kind: 'unreadable', row: null, column: null, value: null } as const;
        tally.add({ ...unreadable, message: UNREADABLE });
        problems.push({ ...unreadable, message: UNREADABLE });
        break;
      }
      if (step.done) break;
      for (const event of Array.isArray(step.value) ? step.value : [step.value]) take(event);
      if (tally.overLimit) {
        const refusal = tally.refusal(lastRow);
        tally.add(refusal);
        problems.push(refusal);
        break;
      }
      if (workers.length + vacancies.length + problems.length >= FLUSH_ROWS) {
        await flush();
        input.onProgress?.(counts.workers + counts.vacancies);
      }
    }
    const stray = input.only === 'vacancies' ? counts.workers : input.only === 'workers' ? counts.vacancies : 0;
    if (stray) {
      const problem = onlyPartProblem(input.only as Part, stray);
      tally.add(problem);
      problems.push(problem);
    }
    if (!tally.errors && !counts.workers && !counts.vacancies) {
      const none = { severity: 'error', kind: 'no_records', row: null, column: null, value: null } as const;
      const message = 'The file has no records. Add one row for each person below the header row.';
      tally.add({ ...none, message });
      problems.push({ ...none, message });
    }
    await flush();
    input.onProgress?.(counts.workers + counts.vacancies);
  } finally {
    // Stopped early (too many errors, or a failure): the readers close their files in their finally.
    await iterator.return?.().catch(() => undefined);
  }
  return { counts, tally, columns, cells };
}
