/*
 * Opening an upload: claiming it (one at a time per organisation and census date), abandoning any
 * earlier one left pending for the same return, and creating the pending return its records stage
 * into (docs/adr/0017).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { nowIso } from '../../../lib/time.ts';
import type { Actor } from '../../../auth/actor.ts';
import * as repo from './returns-repository.ts';
import type { EventsInput } from './stage-events.ts';
import type { PendingScope } from './staging-writes.ts';
import { claimUpload } from './upload-lock.ts';

export type ReturnSource = 'upload' | 'api' | 'cli' | 'demo';

export interface StageInput extends EventsInput {
  organisationId: number;
  fileName: string;
  fileHash: string;
  source: ReturnSource;
}

/** Drops the staged rows of the organisation's other pending uploads for the census date. */
async function abandonPending(
  db: Kysely<Database>,
  partnershipId: number,
  organisationId: number,
  censusDate: string,
  exceptId: number,
) {
  for (const { id } of await repo.pendingUploads(db, partnershipId, organisationId, censusDate, exceptId)) {
    await db.transaction().execute(async (trx) => {
      await repo.deleteStaged(trx, id, true);
      await repo.updateUpload(trx, partnershipId, id, { status: 'abandoned', updated_at: nowIso() });
    });
  }
}

/** Claims the upload and creates its pending return. */
export async function openUpload(db: Kysely<Database>, actor: Actor, organisationId: number, input: StageInput) {
  const at = nowIso();
  const created = await claimUpload(db, {
    partnership_id: actor.partnershipId,
    organisation_id: organisationId,
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
  await abandonPending(db, actor.partnershipId, organisationId, input.censusDate, created.id);
  const pending: PendingScope = {
    partnershipId: actor.partnershipId,
    organisationId,
    censusDate: input.censusDate,
    returnId: await repo.createPendingReturn(db, {
      partnership_id: actor.partnershipId,
      organisation_id: organisationId,
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
  return { created, pending };
}
