/*
 * Training records that count towards compliance besides bookings (issue 14, points 8 and 11):
 * single-agency training an organisation records for its own staff, and e-learning imported from
 * a provider's CSV in the returns' pattern — check every row, review, then add all or nothing.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hasCapability, requireCapability, type Actor } from '../../auth/actor.ts';
import type { Database } from '../../db/schema.ts';
import { formatDate, todayInLondon } from '../../lib/dates.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { csvRows, HistoricImportError } from '../assessment/historic-import.ts';
import { recordAudit } from '../audit/service.ts';
import { z } from 'zod';
import { parseJsonAs } from '../../lib/records.ts';
import { checkImportRows, checkRecord, importRow, type FormValues, type ImportRow } from './compliance-forms.ts';
import { insertRecords } from './compliance-repository.ts';
import * as repo from './repository.ts';

type Db = Kysely<Database>;
const STAGED_HOURS = 24;

/** Every problem with an imported file, by row; nothing was stored. */
export class RecordsImportError extends ValidationError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(Object.fromEntries(problems.slice(0, 200).map((p, i) => [`problem-${i + 1}`, p])));
    this.problems = problems;
  }
}

async function peopleOf(db: Db, partnershipId: number) {
  const rows = await db
    .selectFrom('training_practitioners')
    .select(['id', 'organisation_id', 'name', 'email', 'worker_id'])
    .where('partnership_id', '=', partnershipId)
    .execute();
  const byEmail = new Map(rows.map((r) => [r.email.toLowerCase(), r]));
  const byWorker = new Map<string, typeof rows>();
  for (const r of rows) if (r.worker_id) byWorker.set(r.worker_id, [...(byWorker.get(r.worker_id) ?? []), r]);
  return { byEmail: (e: string) => byEmail.get(e), byWorkerId: (w: string) => byWorker.get(w) ?? [] };
}

/** Rows already recorded for the same person, course (any capitals) and date. */
async function alreadyRecorded(db: Db, partnershipId: number, rows: ImportRow[]): Promise<string[]> {
  const problems: string[] = [];
  const ids = [...new Set(rows.map((r) => r.practitionerId))];
  for (let i = 0; i < ids.length; i += 500) {
    const existing = await db
      .selectFrom('training_records')
      .select(['practitioner_id', 'course', 'completed_on'])
      .where('partnership_id', '=', partnershipId)
      .where('practitioner_id', 'in', ids.slice(i, i + 500))
      .execute();
    const keys = new Set(existing.map((e) => `${e.practitioner_id}|${e.course.toLowerCase()}|${e.completed_on}`));
    for (const r of rows)
      if (keys.has(`${r.practitionerId}|${r.course.toLowerCase()}|${r.completedOn}`))
        problems.push(`Row ${r.row}: ${r.name} already has ${r.course} on ${formatDate(r.completedOn)} recorded`);
  }
  return problems.sort((a, b) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]));
}

function readTable(content: Buffer): string[][] {
  if (!content.length)
    throw new RecordsImportError(['The file is empty. Choose the CSV file your e-learning provider sent.']);
  if (content.subarray(0, 2).toString() === 'PK' || content.includes(0))
    throw new RecordsImportError([
      'The file is not a CSV file (it looks like a spreadsheet or other binary file). Save it as CSV (comma separated) and upload that.',
    ]);
  try {
    return csvRows(content.toString('utf8'));
  } catch (err) {
    if (err instanceof HistoricImportError) throw new RecordsImportError(err.problems);
    throw err;
  }
}

export class RecordsService {
  readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  async findImport(actor: Actor, id: number) {
    requireCapability(actor, 'training:manage');
    const row = await this.db
      .selectFrom('training_record_imports')
      .selectAll()
      .where('partnership_id', '=', actor.partnershipId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('Import');
    return { ...row, rows: parseJsonAs(z.array(importRow), row.rows_json) };
  }

  /** Checks a provider's file; stages it for review only when every row is right. */
  async check(actor: Actor, file: { content: Buffer; fileName: string }): Promise<number> {
    requireCapability(actor, 'training:manage');
    // Files checked but never imported hold names: they are kept for a day, then discarded.
    await this.db
      .deleteFrom('training_record_imports')
      .where('partnership_id', '=', actor.partnershipId)
      .where('committed_at', 'is', null)
      .where('created_at', '<', new Date(Date.now() - STAGED_HOURS * 3_600_000).toISOString())
      .execute();
    const table = readTable(file.content);
    const fileHash = createHash('sha256').update(file.content).digest('hex');
    const done = await this.db
      .selectFrom('training_record_imports')
      .select('committed_at')
      .where('partnership_id', '=', actor.partnershipId)
      .where('file_hash', '=', fileHash)
      .where('committed_at', 'is not', null)
      .executeTakeFirst();
    if (done?.committed_at)
      throw new RecordsImportError([
        `This file was imported on ${formatDate(done.committed_at.slice(0, 10))}: importing it again would count its training twice.`,
      ]);
    const { rows, problems } = checkImportRows(table, await peopleOf(this.db, actor.partnershipId), todayInLondon());
    if (!problems.length) problems.push(...(await alreadyRecorded(this.db, actor.partnershipId, rows)));
    if (problems.length) throw new RecordsImportError(problems);
    const staged = await this.db
      .insertInto('training_record_imports')
      .values({
        partnership_id: actor.partnershipId,
        file_name: file.fileName.slice(0, 200),
        file_hash: fileHash,
        rows_json: JSON.stringify(rows),
        row_count: rows.length,
        created_by: actor.userId,
        created_at: nowIso(),
        committed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return staged.id;
  }

  review(actor: Actor, id: number) {
    return this.findImport(actor, id);
  }

  /** Forgets a checked file that is not to be imported (the CLI and API without commit). */
  async discard(actor: Actor, id: number): Promise<void> {
    await this.findImport(actor, id);
    await this.db
      .deleteFrom('training_record_imports')
      .where('partnership_id', '=', actor.partnershipId)
      .where('id', '=', id)
      .where('committed_at', 'is', null)
      .execute();
  }

  /** Adds every staged record in one transaction, or none. */
  async commit(actor: Actor, id: number): Promise<number> {
    const staged = await this.findImport(actor, id);
    if (staged.committed_at) throw new ConflictError('These records have already been imported');
    return this.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('training_record_imports')
        .set({ committed_at: nowIso(), rows_json: '[]' })
        .where('id', '=', id)
        .where('committed_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw new ConflictError('These records have already been imported');
      const at = nowIso();
      await insertRecords(
        trx,
        staged.rows.map((r) => ({
          partnership_id: actor.partnershipId,
          practitioner_id: r.practitionerId,
          organisation_id: r.organisationId,
          source: 'elearning' as const,
          course: r.course,
          completed_on: r.completedOn,
          minutes: r.minutes,
          level: r.level,
          import_id: id,
          recorded_by: actor.userId,
          created_at: at,
        })),
      );
      await recordAudit(trx, actor, {
        action: 'import',
        entityType: 'training_record_import',
        entityId: id,
        summary: `Imported ${staged.rows.length} e-learning records from ${staged.file_name}`,
        after: { fileName: staged.file_name, fileHash: staged.file_hash, records: staged.rows.length },
      });
      return staged.rows.length;
    });
  }

  /** Single-agency training recorded by an organisation's training contact (their own staff) or a coordinator. */
  async recordSingle(actor: Actor, form: FormValues) {
    requireCapability(actor, 'training:book');
    const { errors, values } = checkRecord(form, todayInLondon());
    const person = values.email
      ? await repo.practitionerByEmail(this.db, actor.partnershipId, values.email)
      : undefined;
    const mayRecord =
      person && (hasCapability(actor, 'training:manage') || person.organisation_id === actor.organisationId);
    if (values.email && !mayRecord)
      errors.email = hasCapability(actor, 'training:manage')
        ? 'Enter the email address of a practitioner registered in this partnership'
        : 'Enter the email address of a practitioner in your organisation';
    if (Object.keys(errors).length || !person) throw new ValidationError(errors);
    const clash = await this.db
      .selectFrom('training_records')
      .select('id')
      .where('practitioner_id', '=', person.id)
      .where('completed_on', '=', values.completed_on)
      .where((eb) => eb(eb.fn('lower', ['course']), '=', values.course.toLowerCase()))
      .executeTakeFirst();
    if (clash) throw new ValidationError({ course: `${person.name} already has this training on this date recorded` });
    return this.db.transaction().execute(async (trx) => {
      const saved = await trx
        .insertInto('training_records')
        .values({
          partnership_id: actor.partnershipId,
          practitioner_id: person.id,
          organisation_id: person.organisation_id,
          source: 'single_agency',
          course: values.course,
          completed_on: values.completed_on,
          minutes: values.minutes,
          level: values.level,
          import_id: null,
          recorded_by: actor.userId,
          created_at: nowIso(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: 'create',
        entityType: 'training_record',
        entityId: saved.id,
        organisationId: person.organisation_id,
        summary: `Recorded single-agency training for practitioner ${person.id}: ${values.course}`,
        after: {
          course: values.course,
          completedOn: values.completed_on,
          minutes: values.minutes,
          level: values.level,
        },
      });
      return { record: saved, person };
    });
  }
}

export const createRecordsService = (db: Db) => new RecordsService(db);
