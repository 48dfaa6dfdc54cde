import { isIsoDate } from '../../../lib/dates.ts';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Kysely } from 'kysely';
import type { DatabaseEngine } from '../../../config.ts';
import { sqliteConnection } from '../../../db/database.ts';
import type { Database } from '../../../db/schema.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { nowIso } from '../../../lib/time.ts';
import { parseJsonAs } from '../../../lib/records.ts';
import { type Actor, hasCapability, requireCapability } from '../../../auth/actor.ts';
import { recordAudit } from '../../audit/service.ts';
import * as repo from './returns-repository.ts';
import { insertStagedCells } from '../profile/profile-cells.ts';
import { reviewUpload, type ReturnReview } from './review.ts';
import { commitStaged, committedTotals, partsPlan, submitAudit, type CommitOptions } from './return-parts.ts';
import { validateReturnBatches } from './validate.ts';
import { readEvents, uploadColumns, type UploadColumns } from './stage-events.ts';
import { openUpload, type ReturnSource, type StageInput } from './upload-open.ts';
import { discardStaleUploads } from './stale-uploads.ts';
import { currentWorkerPages, problemPages } from './returns-pages.ts';
import { countsByKind, DEFAULT_PROBLEM_LIMIT, parseProblemCounts } from './upload-problems.ts';
import { byteChunks } from '../../../lib/byte-chunks.ts';

export type { ReturnSource, StageInput } from './upload-open.ts';
export type { UploadColumns };

type StagedRead = Awaited<ReturnType<typeof readEvents>>;

export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of byteChunks(createReadStream(path))) hash.update(chunk);
  return hash.digest('hex');
}

/** Workforce returns: staging an upload, reviewing it, committing it all or nothing, and reading history. */
export class ReturnsService {
  readonly #db: Kysely<Database>;
  readonly #engine: DatabaseEngine;
  readonly #problemLimit: number;
  // SQLite: staging reuses prepared statements on the raw connection, inside Kysely's transactions.
  readonly #raw: ReturnType<typeof sqliteConnection>;

  constructor(db: Kysely<Database>, engine: DatabaseEngine, options: { problemLimit?: number } = {}) {
    this.#db = db;
    this.#engine = engine;
    this.#problemLimit = options.problemLimit ?? DEFAULT_PROBLEM_LIMIT;
    this.#raw = sqliteConnection(this.#db);
  }

  async #organisation(actor: Actor, organisationId: number) {
    const row = await this.#db
      .selectFrom('organisations')
      .select(['id', 'name', 'full_time_hours'])
      .where('partnership_id', '=', actor.partnershipId)
      .where('id', '=', organisationId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('Organisation');
    return row;
  }

  /** Submitting: any organisation with workforce:submit-any, else only the actor's own (404 for others). */
  async #submittable(actor: Actor, organisationId: number) {
    if (!hasCapability(actor, 'workforce:submit-any')) {
      requireCapability(actor, 'workforce:submit-own');
      if (actor.organisationId !== organisationId) throw new NotFoundError('Organisation');
    }
    return this.#organisation(actor, organisationId);
  }

  /** Seeing an organisation's returns: administrators any, a data lead their own. */
  async #viewable(actor: Actor, organisationId: number) {
    if (hasCapability(actor, 'workforce:submit-any')) return this.#organisation(actor, organisationId);
    if (!hasCapability(actor, 'workforce:submit-own') && !hasCapability(actor, 'workforce:view-own'))
      throw new ForbiddenError();
    if (actor.organisationId !== organisationId) throw new NotFoundError('Organisation');
    return this.#organisation(actor, organisationId);
  }

  async #upload(actor: Actor, id: number) {
    const found = await repo.findUpload(this.#db, actor.partnershipId, id);
    if (!found) throw new NotFoundError('Upload');
    await this.#submittable(actor, found.organisation_id);
    return found;
  }

  /** The organisations the actor may submit a return for, by name. */
  async submittableOrganisations(actor: Actor) {
    if (hasCapability(actor, 'workforce:submit-any')) {
      return this.#db
        .selectFrom('organisations')
        .select(['id', 'name'])
        .where('partnership_id', '=', actor.partnershipId)
        .orderBy('name')
        .execute();
    }
    requireCapability(actor, 'workforce:submit-own');
    return actor.organisationId === null ? [] : [await this.#organisation(actor, actor.organisationId)];
  }

  /**
   * Phase one: streams the validator's events into staging in batched transactions (memory
   * stays flat), then records the upload as valid or invalid. Never touches the current return.
   */
  async stage(actor: Actor, input: StageInput): Promise<repo.ReturnUpload> {
    if (!isIsoDate(input.censusDate)) throw new ValidationError({ censusDate: 'Enter a real census date' });
    const org = await this.#submittable(actor, input.organisationId);
    await discardStaleUploads(this.#db, actor.partnershipId);
    const { created, pending } = await openUpload(this.#db, actor, org.id, input);
    let read: StagedRead;
    try {
      read = await readEvents(input, {
        db: this.#db,
        engine: this.#engine,
        raw: this.#raw,
        pending,
        uploadId: created.id,
        problemLimit: this.#problemLimit,
      });
    } catch (err) {
      await this.#db.transaction().execute(async (trx) => {
        await repo.deleteStaged(trx, created.id, true);
        const abandoned = { status: 'abandoned', checked_by: null, updated_at: nowIso() } as const;
        await repo.updateUpload(trx, actor.partnershipId, created.id, abandoned);
      });
      throw err;
    }
    return this.#recordChecked(actor, org, created, read);
  }

  /** Records the upload as valid (its cells staged) or invalid (its staged rows dropped), audited. */
  #recordChecked(
    actor: Actor,
    org: { id: number; name: string },
    created: repo.ReturnUpload,
    { counts, tally, columns, cells }: StagedRead,
  ): Promise<repo.ReturnUpload> {
    const status = tally.errors ? 'invalid' : 'valid';
    return this.#db.transaction().execute(async (trx) => {
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
        // A part with no records is not carried, so an empty sheet never wipes the part it names.
        carries_workers: counts.workers > 0 ? 1 : 0,
        carries_vacancies: counts.vacancies > 0 ? 1 : 0,
        updated_at: nowIso(),
      } as const;
      await repo.updateUpload(trx, actor.partnershipId, created.id, changes);
      await recordAudit(trx, actor, {
        action: 'validate',
        entityType: 'workforce_upload',
        entityId: created.id,
        organisationId: org.id,
        summary: `Checked ${created.file_name} for ${org.name}, census date ${created.census_date}: ${counts.workers} records, ${tally.errors} errors, ${tally.warnings} warnings`,
        after: {
          census_date: created.census_date,
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
  }

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
    if (!isIsoDate(input.censusDate)) throw new ValidationError({ censusDate: 'Enter a real census date' });
    const org = await this.#submittable(actor, input.organisationId);
    const fileHash = await hashFile(input.path);
    const events = validateReturnBatches({
      path: input.path,
      fileName: input.fileName,
      censusDate: input.censusDate,
      fullTimeHours: org.full_time_hours,
    });
    return this.stage(actor, { ...input, fileHash, events });
  }

  /** An organisation the actor may submit returns for (its id, name and full-time hours), or not found. */
  submittableOrganisation(actor: Actor, organisationId: number) {
    return this.#submittable(actor, organisationId);
  }

  async getUpload(actor: Actor, id: number) {
    const found = await this.#upload(actor, id);
    const org = await this.#organisation(actor, found.organisation_id);
    const columns = parseJsonAs(uploadColumns, found.columns_json);
    return { upload: found, organisation: org, columns };
  }

  async problems(actor: Actor, id: number, options: { severity?: 'error' | 'warning'; limit?: number } = {}) {
    await this.#upload(actor, id);
    return repo.listProblems(this.#db, actor.partnershipId, id, options.severity, options.limit);
  }

  /** The stored problems a page at a time (for downloads); the upload is checked first. */
  async *problemPages(actor: Actor, id: number) {
    await this.#upload(actor, id);
    yield* problemPages(this.#db, actor.partnershipId, id);
  }

  /** Counts of all the upload's problems by severity and kind, and by column (not only the stored ones). */
  async problemCounts(actor: Actor, id: number) {
    const counts = parseProblemCounts((await this.#upload(actor, id)).problem_counts_json);
    return { byKind: countsByKind(counts), byColumn: counts.filter((c) => c.column !== null) };
  }

  /** `page`: also list that page of the changed worker records. */
  async review(actor: Actor, id: number, page?: number): Promise<ReturnReview> {
    const found = await this.#upload(actor, id);
    if (found.status !== 'valid') throw new NotFoundError('Upload');
    return reviewUpload(this.#db, this.#engine, found, page);
  }

  /**
   * Phase two: all or nothing, in one transaction, with the audit entry (never worker rows). A part
   * the upload does not carry is kept from the return it replaces, unless `vacancies: 'remove'`
   * says, explicitly, that the organisation now has no vacancies.
   */
  async commit(actor: Actor, id: number, options: CommitOptions = {}): Promise<repo.WorkforceReturn> {
    const found = await this.#upload(actor, id);
    const org = await this.#organisation(actor, found.organisation_id);
    if (found.status !== 'valid')
      throw new ValidationError({
        upload:
          found.status === 'committed'
            ? 'This return has already been submitted'
            : 'This file cannot be submitted. Upload a corrected file.',
      });
    return this.#db.transaction().execute(async (trx) => {
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
      const plan = partsPlan(found, previous, options);
      const totals = committedTotals(await repo.stagedTotals(trx, id, found.census_date), previous, plan);
      const at = nowIso();
      const created = await commitStaged(
        trx,
        this.#engine,
        found,
        {
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
        },
        { workers: plan.workers === 'kept', vacancies: plan.vacancies === 'kept' },
      );
      await repo.updateUpload(trx, actor.partnershipId, id, { return_id: created.id });
      await recordAudit(trx, actor, submitAudit(org, found, created, previous, totals, plan));
      return created;
    });
  }

  async abandon(actor: Actor, id: number): Promise<void> {
    const found = await this.#upload(actor, id);
    if (found.status !== 'valid' && found.status !== 'invalid') return;
    await this.#db.transaction().execute(async (trx) => {
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
  }

  async history(actor: Actor, organisationId: number) {
    const org = await this.#viewable(actor, organisationId);
    return { organisation: org, returns: await repo.returnHistory(this.#db, actor.partnershipId, org.id) };
  }

  /** The current return's worker records a page at a time (for a streamed export); 404 when there is none. */
  async currentRecordPages(actor: Actor, organisationId: number, censusDate: string) {
    const org = await this.#viewable(actor, organisationId);
    if (!(await repo.currentReturn(this.#db, actor.partnershipId, org.id, censusDate)))
      throw new NotFoundError('Return');
    return { organisation: org, pages: currentWorkerPages(this.#db, actor.partnershipId, org.id, censusDate) };
  }

  /** The current return's records for export, in the standard's column order. */
  async currentRecords(actor: Actor, organisationId: number, censusDate: string) {
    const org = await this.#viewable(actor, organisationId);
    const current = await repo.currentReturn(this.#db, actor.partnershipId, org.id, censusDate);
    if (!current) throw new NotFoundError('Return');
    return {
      organisation: org,
      current,
      workers: await repo.currentWorkers(this.#db, actor.partnershipId, org.id, censusDate),
      vacancies: await repo.currentVacancies(this.#db, actor.partnershipId, org.id, censusDate),
    };
  }
}

export const createReturnsService = (
  db: Kysely<Database>,
  engine: DatabaseEngine,
  options: { problemLimit?: number } = {},
): ReturnsService => new ReturnsService(db, engine, options);
