/**
 * One upload at a time per organisation and census date (docs/adr/0017). The upload row is
 * inserted as 'validating' under a partial unique index, so the database lets one of two
 * concurrent uploads in, on both engines; the other is told so (409). The row names the process
 * checking it ("host/pid"); an upload whose process has died (killed mid-import) is discarded by
 * the next upload or at start-up, so a crash never blocks the organisation. Another host's
 * process cannot be asked, so its upload counts as dead once its heartbeat is stale.
 */
import { hostname } from 'node:os';
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, ReturnUploadTable } from '../../../db/schema.ts';
import { ConflictError } from '../../../lib/errors.ts';
import { processAlive } from '../../../lib/temp-files.ts';
import { nowIso } from '../../../lib/time.ts';
import { systemActor } from '../../../auth/actor.ts';
import { recordAudit } from '../../audit/service.ts';
import * as repo from './returns-repository.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** A validating upload refreshes updated_at at least this often (see heartbeat). */
export const HEARTBEAT_MS = 10_000;
const STALE_MS = 12 * HEARTBEAT_MS;

export const checkedBy = (): string => `${hostname()}/${process.pid}`;

/** Whether the process checking an upload is gone: on this host by its pid, elsewhere by its heartbeat. */
export function interrupted(upload: { checked_by: string | null; updated_at: string }, now = Date.now()): boolean {
  const [host, pid] = (upload.checked_by ?? '').split('/');
  if (host === hostname() && pid && /^\d+$/.test(pid)) return Number(pid) !== process.pid && !processAlive(Number(pid));
  return now - Date.parse(upload.updated_at) > STALE_MS;
}

const validating = (db: Db, partnershipId?: number) => {
  let query = db
    .selectFrom('return_uploads')
    .select(['id', 'partnership_id', 'organisation_id', 'census_date', 'file_name', 'checked_by', 'updated_at'])
    .where('status', '=', 'validating');
  if (partnershipId !== undefined) query = query.where('partnership_id', '=', partnershipId);
  return query;
};
type Validating = Awaited<ReturnType<ReturnType<typeof validating>['executeTakeFirstOrThrow']>>;

/** Discards an interrupted upload: its pending return and records, staged and problem rows; audited. */
async function discardInterrupted(db: Kysely<Database>, upload: Validating): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('return_uploads')
      .set({ status: 'abandoned', checked_by: null, updated_at: nowIso() })
      .where('id', '=', upload.id)
      .where('status', '=', 'validating')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return false;
    await repo.deleteStaged(trx, upload.id);
    await trx.deleteFrom('upload_problems').where('upload_id', '=', upload.id).execute();
    await recordAudit(trx, systemActor(upload.partnership_id, 'Recovery of interrupted uploads'), {
      action: 'discard',
      entityType: 'workforce_upload',
      entityId: upload.id,
      organisationId: upload.organisation_id,
      summary: `Discarded ${upload.file_name}, census date ${upload.census_date}: checking it was interrupted`,
    });
    return true;
  });
}

/**
 * Inserts the upload as 'validating', or throws ConflictError while another upload for the same
 * organisation and census date is being checked. An interrupted one is discarded and the insert retried.
 */
export async function claimUpload(
  db: Kysely<Database>,
  values: Insertable<ReturnUploadTable>,
): Promise<repo.ReturnUpload> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await repo.insertUpload(db, { ...values, status: 'validating', checked_by: checkedBy() });
    } catch (err) {
      const other = await validating(db, values.partnership_id)
        .where('organisation_id', '=', values.organisation_id)
        .where('census_date', '=', values.census_date)
        .executeTakeFirst();
      if (!other) throw err;
      if (attempt < 2 && interrupted(other)) {
        await discardInterrupted(db, other);
        continue;
      }
      throw new ConflictError(
        `Another file for this organisation and census date (${other.file_name}) is being checked. Wait for it to finish, then upload again.`,
      );
    }
  }
}

/** Keeps a long check's claim fresh for other hosts (cheap: one update every HEARTBEAT_MS at most). */
export function heartbeat(uploadId: number): (db: Db) => Promise<void> {
  let last = Date.now();
  return async (db) => {
    if (Date.now() - last < HEARTBEAT_MS) return;
    last = Date.now();
    await db.updateTable('return_uploads').set({ updated_at: nowIso() }).where('id', '=', uploadId).execute();
  };
}

/** At start-up: discards every upload whose checking process died (kill -9, power cut). The count discarded. */
export async function recoverInterruptedUploads(db: Kysely<Database>): Promise<number> {
  let discarded = 0;
  for (const upload of await validating(db).execute())
    if (interrupted(upload) && (await discardInterrupted(db, upload))) discarded++;
  return discarded;
}
