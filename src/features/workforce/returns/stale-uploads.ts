/*
 * Uploads never submitted (abandoned, failed or forgotten) are discarded when the partnership next
 * starts one, with an audit entry each: their staging and problem rows would otherwise stay for ever.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { systemActor } from '../../../auth/actor.ts';
import { recordAudit } from '../../audit/service.ts';
import * as repo from './returns-repository.ts';

/** An upload not submitted within this long is discarded when the partnership next starts one. */
export const STALE_UPLOAD_HOURS = 24;

/** Abandoned, failed and forgotten uploads: their staging and problem rows would otherwise stay for ever. */
export async function discardStaleUploads(db: Kysely<Database>, partnershipId: number): Promise<void> {
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
