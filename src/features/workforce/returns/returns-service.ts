import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Kysely } from 'kysely';
import type { DatabaseEngine } from '../../../config.ts';
import { sqliteConnection } from '../../../db/database.ts';
import type { Database } from '../../../db/schema.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { nowIso } from '../../../lib/time.ts';
import { type Actor, hasCapability, requireCapability, systemActor } from '../../../auth/actor.ts';
import { recordAudit } from '../../audit/service.ts';
import * as repo from './returns-repository.ts';
import { createCellAccumulator, insertStagedCells, recordKeysOf } from '../profile/profile-cells.ts';
import { reviewUpload, type ReturnReview } from './review.ts';
import type { VacancyRecord, WorkerRecord } from '../standard/standard.ts';
import { validateReturnBatches, type ValidationEvent } from './validate.ts';
import { claimUpload, heartbeat } from './upload-lock.ts';
import { currentWorkerPages, problemPages } from './returns-pages.ts';
import { countsByKind, DEFAULT_PROBLEM_LIMIT, parseProblemCounts, ProblemTally } from './upload-problems.ts';

export type ReturnSource = 'upload' | 'api' | 'cli' | 'demo';
export interface UploadColumns {
  format?: string;
  kind?: string;
  matched?: Record<string, string>;
  unknown?: string[];
  unmapped?: string[];
}

export interface StageInput {
  organisationId: number;
  censusDate: string;
  fileName: string;
  fileHash: string;
  source: ReturnSource;
  /** The validator's events, one at a time or in batches (validateReturnBatches: cheaper for big files). */
  events: AsyncIterable<ValidationEvent> | AsyncIterable<ValidationEvent[]>;
  /** Called every few thousand rows with the number of rows read so far (the CLI's progress bar). */
  onProgress?: (rows: number) => void;
}

// Small flushes (about one validator batch) keep buffered records young: at 5,000 rows they
// outlived a scavenge, filled the old generation and a 1,000,000-row import peaked at 430-480 MB RSS.
const FLUSH_ROWS = 500;
const CENSUS_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** An upload not submitted within this long is discarded when the partnership next starts one. */
export const STALE_UPLOAD_HOURS = 24;

export function isCensusDate(value: string): boolean {
  if (!CENSUS_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const UNREADABLE =
  'The file could not be read. Save it as CSV (UTF-8) or as an Excel workbook (.xlsx) and upload it again.';

export function createReturnsService(
  db: Kysely<Database>,
  engine: DatabaseEngine,
  options: { problemLimit?: number } = {},
) {
  const problemLimit = options.problemLimit ?? DEFAULT_PROBLEM_LIMIT;
  // SQLite: staging reuses prepared statements on the raw connection, inside Kysely's transactions.
  const raw = sqliteConnection(db);
  async function organisation(actor: Actor, organisationId: number) {
    const row = await db
      .selectFrom('organisations')
      .select(['id', 'name', 'full_time_hours'])
      .where('partnership_id', '=', actor.partnershipId)
      .where('id', '=', organisationId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('Organisation');
    return row;
  }

  /** Submitting: any organisation with workforce:submit-any, else only the actor's own (404 for others). */
  async function submittable(actor: Actor, organisationId: number) {
    if (!hasCapability(actor, 'workforce:submit-any')) {
      requireCapability(actor, 'workforce:submit-own');
      if (actor.organisationId !== organisationId) throw new NotFoundError('Organisation');
    }
    return organisation(actor, organisationId);
  }

  /** Seeing an organisation's returns: administrators any, a data lead their own. */
  async function viewable(actor: Actor, organisationId: number) {
    if (hasCapability(actor, 'workforce:submit-any')) return organisation(actor, organisationId);
    if (!hasCapability(actor, 'workforce:submit-own') && !hasCapability(actor, 'workforce:view-own'))
      throw new ForbiddenError();
    if (actor.organisationId !== organisationId) throw new NotFoundError('Organisation');
    return organisation(actor, organisationId);
  }

  async function upload(actor: Actor, id: number) {
    const found = await repo.findUpload(db, actor.partnershipId, id);
    if (!found) throw new NotFoundError('Upload');
    await submittable(actor, found.organisation_id);
    return found;
  }

  async function abandonPending(actor: Actor, organisationId: number, censusDate: string, exceptId: number) {
    for (const { id } of await repo.pendingUploads(db, actor.partnershipId, organisationId, censusDate, exceptId)) {
      await db.transaction().execute(async (trx) => {
        await repo.deleteStaged(trx, id, true);
        await repo.updateUpload(trx, actor.partnershipId, id, { status: 'abandoned', updated_at: nowIso() });
      });
    }
  }

  /** Abandoned, failed and forgotten uploads: their staging and problem rows would otherwise stay for ever. */
  async function discardStaleUploads(partnershipId: number) {
    const before = new Date(Date.now() - STALE_UPLOAD_HOURS * 3_600_000).toISOString();
    const cleanup = systemActor(partnershipId, 'Automatic clean-up of unsubmitted uploads');
    await db.transaction().execute(async (trx) => {
      for (const stale of await repo.discardStaleUploads(trx, partnershipId, before)) {
        await recordAudit(trx, cleanup, {
          action: 'discard',
          entityType: 'workforce_upload',
          entityId: stale.id,
          organisationId: stale.organisation_id,
          summary: `Discarded ${stale.file_name}, census date ${stale.census_date}: not submitted within ${STALE_UPLOAD_HOURS} hours`,
          before: {
            status: stale.status,
            file_name: stale.file_name,
            census_date: stale.census_date,
            created_at: stale.created_at,
          },
        });
      }
    });
  }

  return {
    /** The organisations the actor may submit a return for, by name. */
    async submittableOrganisations(actor: Actor) {
      if (hasCapability(actor, 'workforce:submit-any')) {
        return db
          .selectFrom('organisations')
          .select(['id', 'name'])
          .where('partnership_id', '=', actor.partnershipId)
          .orderBy('name')
          .execute();
      }
      requireCapability(actor, 'workforce:submit-own');
      return actor.organisationId === null ? [] : [await organisation(actor, actor.organisationId)];
    },

    /**
     * Phase one: streams the validator's events into staging in batched transactions (memory
     * stays flat), then records the upload as valid or invalid. Never touches the current return.
     */
    async stage(actor: Actor, input: StageInput): Promise<repo.ReturnUpload> {
      if (!isCensusDate(input.censusDate)) throw new ValidationError({ censusDate: 'Enter a real census date' });
      const org = await submittable(actor, input.organisationId);
      await discardStaleUploads(actor.partnershipId);
      const at = nowIso();
      const created = await claimUpload(db, {
        partnership_id: actor.partnershipId,
        organisation_id: org.id,
        census_date: input.censusDate,
        uploaded_by: actor.userId,
        uploaded_by_label: actor.label,
        source: input.source,
        file_name: input.fileName.slice(0, 200),
        file_hash: input.fileHash,
        status: 'validating',
        columns_json: '{}',
        worker_count: 0,
        vacancy_count: 0,
        error_count: 0,
        warning_count: 0,
        created_at: at,
        updated_at: at,
      });
      await abandonPending(actor, org.id, input.censusDate, created.id);
      const pending: repo.PendingScope = {
        partnershipId: actor.partnershipId,
        organisationId: org.id,
        censusDate: input.censusDate,
        returnId: await repo.createPendingReturn(db, {
          partnership_id: actor.partnershipId,
          organisation_id: org.id,
          census_date: input.censusDate,
          submitted_by: actor.userId,
          submitted_by_label: actor.label,
          submitted_at: at,
          file_name: created.file_name,
          file_hash: created.file_hash,
          source: input.source,
          upload_id: created.id,
          worker_count: 0,
          vacancy_count: 0,
          fte_total: 0,
          leavers_count: 0,
          created_at: at,
        }),
      };
      let workers: repo.StagedRow<WorkerRecord>[] = [];
      let vacancies: repo.StagedRow<VacancyRecord>[] = [];
      let problems: repo.ProblemRow[] = [];
      const counts = { workers: 0, vacancies: 0 };
      const tally = new ProblemTally(problemLimit);
      const beat = heartbeat(created.id);
      let lastRow: number | null = null;
      let columns: UploadColumns = {};
      const cells = createCellAccumulator(input.censusDate, await recordKeysOf(db, actor.partnershipId, org.id));
      const flush = async () => {
        if (!workers.length && !vacancies.length && !problems.length) return;
        const [w, v, p] = [workers, vacancies, problems];
        workers = [];
        vacancies = [];
        problems = [];
        await db.transaction().execute(async (trx) => {
          await repo.insertPendingWorkers(trx, engine, pending, w, raw);
          await repo.insertStagedVacancies(trx, engine, actor.partnershipId, created.id, input.censusDate, v, raw);
          await repo.insertProblems(trx, engine, actor.partnershipId, created.id, p, raw);
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
        if (!tally.errors && !counts.workers && !counts.vacancies) {
          const none = { severity: 'error', kind: 'no_records', row: null, column: null, value: null } as const;
          const message = 'The file has no records. Add one row for each person below the header row.';
          tally.add({ ...none, message });
          problems.push({ ...none, message });
        }
        await flush();
        input.onProgress?.(counts.workers + counts.vacancies);
      } catch (err) {
        await db.transaction().execute(async (trx) => {
          await repo.deleteStaged(trx, created.id, true);
          const abandoned = { status: 'abandoned', checked_by: null, updated_at: nowIso() } as const;
          await repo.updateUpload(trx, actor.partnershipId, created.id, abandoned);
        });
        throw err;
      } finally {
        // Stopped early (too many errors, or a failure): the readers close their files in their finally.
        await iterator.return?.().catch(() => undefined);
      }
      const status = tally.errors ? 'invalid' : 'valid';
      return db.transaction().execute(async (trx) => {
        if (status === 'invalid') await repo.deleteStaged(trx, created.id);
        else await insertStagedCells(trx, actor.partnershipId, created.id, cells.cells());
        const changes = {
          status,
          format: columns.format ?? null,
          columns_json: JSON.stringify(columns),
          worker_count: counts.workers,
          vacancy_count: counts.vacancies,
          error_count: tally.errors,
          warning_count: tally.warnings,
          problem_counts_json: JSON.stringify(tally.summary()),
          checked_by: null,
          updated_at: nowIso(),
        } as const;
        await repo.updateUpload(trx, actor.partnershipId, created.id, changes);
        await recordAudit(trx, actor, {
          action: 'validate',
          entityType: 'workforce_upload',
          entityId: created.id,
          organisationId: org.id,
          summary: `Checked ${created.file_name} for ${org.name}, census date ${input.censusDate}: ${counts.workers} records, ${tally.errors} errors, ${tally.warnings} warnings`,
          after: {
            census_date: input.censusDate,
            file_name: created.file_name,
            file_hash: created.file_hash,
            status,
            records: counts.workers,
            vacancies: counts.vacancies,
            errors: tally.errors,
            warnings: tally.warnings,
          },
        });
        return { ...created, ...changes };
      });
    },

    /** Phase one from a file on disk (web upload, CLI): hashes it and runs the streaming validator. */
    async stageFile(
      actor: Actor,
      input: {
        organisationId: number;
        censusDate: string;
        path: string;
        fileName: string;
        source: ReturnSource;
        onProgress?: (rows: number) => void;
      },
    ) {
      if (!isCensusDate(input.censusDate)) throw new ValidationError({ censusDate: 'Enter a real census date' });
      const org = await submittable(actor, input.organisationId);
      const fileHash = await hashFile(input.path);
      const events = validateReturnBatches({
        path: input.path,
        fileName: input.fileName,
        censusDate: input.censusDate,
        fullTimeHours: org.full_time_hours,
      });
      return this.stage(actor, { ...input, fileHash, events });
    },

    /** An organisation the actor may submit returns for (its id, name and full-time hours), or not found. */
    submittableOrganisation: submittable,

    async getUpload(actor: Actor, id: number) {
      const found = await upload(actor, id);
      const org = await organisation(actor, found.organisation_id);
      const columns = JSON.parse(found.columns_json) as UploadColumns;
      return { upload: found, organisation: org, columns };
    },

    async problems(actor: Actor, id: number, options: { severity?: 'error' | 'warning'; limit?: number } = {}) {
      await upload(actor, id);
      return repo.listProblems(db, actor.partnershipId, id, options.severity, options.limit);
    },

    /** The stored problems a page at a time (for downloads); the upload is checked first. */
    async *problemPages(actor: Actor, id: number) {
      await upload(actor, id);
      yield* problemPages(db, actor.partnershipId, id);
    },

    /** Counts of all the upload's problems by severity and kind, and by column (not only the stored ones). */
    async problemCounts(actor: Actor, id: number) {
      const counts = parseProblemCounts((await upload(actor, id)).problem_counts_json);
      return { byKind: countsByKind(counts), byColumn: counts.filter((c) => c.column !== null) };
    },

    async review(actor: Actor, id: number): Promise<ReturnReview> {
      const found = await upload(actor, id);
      if (found.status !== 'valid') throw new NotFoundError('Upload');
      return reviewUpload(db, engine, found);
    },

    /** Phase two: all or nothing, in one transaction, with the audit entry (never worker rows). */
    async commit(actor: Actor, id: number): Promise<repo.WorkforceReturn> {
      const found = await upload(actor, id);
      const org = await organisation(actor, found.organisation_id);
      if (found.status !== 'valid')
        throw new ValidationError({
          upload:
            found.status === 'committed'
              ? 'This return has already been submitted'
              : 'This file cannot be submitted. Upload a corrected file.',
        });
      return db.transaction().execute(async (trx) => {
        const claimed = await trx
          .updateTable('return_uploads')
          .set({ status: 'committed', updated_at: nowIso() })
          .where('partnership_id', '=', actor.partnershipId)
          .where('id', '=', id)
          .where('status', '=', 'valid')
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1)
          throw new ValidationError({ upload: 'This return has already been submitted' });
        const previous = await repo.currentReturn(trx, actor.partnershipId, org.id, found.census_date);
        const totals = await repo.stagedTotals(trx, id, found.census_date);
        const at = nowIso();
        const created = await repo.commitStaged(trx, engine, found, {
          partnership_id: actor.partnershipId,
          organisation_id: org.id,
          census_date: found.census_date,
          status: 'current',
          submitted_by: actor.userId,
          submitted_by_label: actor.label,
          submitted_at: at,
          file_name: found.file_name,
          file_hash: found.file_hash,
          source: found.source,
          upload_id: id,
          worker_count: totals.workers,
          vacancy_count: totals.vacancies,
          fte_total: totals.fteInPost,
          leavers_count: totals.leavers,
          created_at: at,
        });
        await repo.updateUpload(trx, actor.partnershipId, id, { return_id: created.id });
        await recordAudit(trx, actor, {
          action: 'submit',
          entityType: 'workforce_return',
          entityId: created.id,
          organisationId: org.id,
          summary: `Submitted the workforce return for ${org.name}, census date ${found.census_date}: ${totals.workers} records`,
          before: previous
            ? {
                return_id: previous.id,
                file_name: previous.file_name,
                file_hash: previous.file_hash,
                worker_count: previous.worker_count,
                vacancy_count: previous.vacancy_count,
                fte_total: previous.fte_total,
              }
            : null,
          after: {
            return_id: created.id,
            census_date: found.census_date,
            file_name: found.file_name,
            file_hash: found.file_hash,
            worker_count: totals.workers,
            vacancy_count: totals.vacancies,
            fte_total: totals.fteInPost,
            leavers_count: totals.leavers,
          },
        });
        return created;
      });
    },

    async abandon(actor: Actor, id: number): Promise<void> {
      const found = await upload(actor, id);
      if (found.status !== 'valid' && found.status !== 'invalid') return;
      await db.transaction().execute(async (trx) => {
        await repo.deleteStaged(trx, id, true);
        await repo.updateUpload(trx, actor.partnershipId, id, { status: 'abandoned', updated_at: nowIso() });
        await recordAudit(trx, actor, {
          action: 'abandon',
          entityType: 'workforce_upload',
          entityId: id,
          organisationId: found.organisation_id,
          summary: `Cancelled ${found.file_name}, census date ${found.census_date}, without submitting it`,
        });
      });
    },

    async history(actor: Actor, organisationId: number) {
      const org = await viewable(actor, organisationId);
      return { organisation: org, returns: await repo.returnHistory(db, actor.partnershipId, org.id) };
    },

    /** The current return's worker records a page at a time (for a streamed export); 404 when there is none. */
    async currentRecordPages(actor: Actor, organisationId: number, censusDate: string) {
      const org = await viewable(actor, organisationId);
      if (!(await repo.currentReturn(db, actor.partnershipId, org.id, censusDate))) throw new NotFoundError('Return');
      return { organisation: org, pages: currentWorkerPages(db, actor.partnershipId, org.id, censusDate) };
    },

    /** The current return's records for export, in the standard's column order. */
    async currentRecords(actor: Actor, organisationId: number, censusDate: string) {
      const org = await viewable(actor, organisationId);
      const current = await repo.currentReturn(db, actor.partnershipId, org.id, censusDate);
      if (!current) throw new NotFoundError('Return');
      return {
        organisation: org,
        current,
        workers: await repo.currentWorkers(db, actor.partnershipId, org.id, censusDate),
        vacancies: await repo.currentVacancies(db, actor.partnershipId, org.id, censusDate),
      };
    },
  };
}

export type ReturnsService = ReturnType<typeof createReturnsService>;
