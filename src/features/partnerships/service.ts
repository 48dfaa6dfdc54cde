import type { Kysely } from 'kysely';
import type { Database, Partnership } from '../../db/schema.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { type Actor, requireCapability } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import { findPartnership, insertPartnership, listPartnerships } from './repository.ts';

export function createPartnershipService(db: Kysely<Database>) {
  return {
    get: (id: number): Promise<Partnership | undefined> => findPartnership(db, id),

    async list(actor: Actor): Promise<Partnership[]> {
      requireCapability(actor, 'partnerships:manage');
      return listPartnerships(db);
    },

    /** Creates a partnership; the creating system administrator's audit entry goes in the new one. */
    async create(actor: Actor, input: { name: string; localAuthorityCode?: string }): Promise<Partnership> {
      requireCapability(actor, 'partnerships:manage');
      const name = input.name.trim();
      if (!name) throw new ValidationError({ name: 'Enter the partnership’s name' });
      if (name.length > 120) throw new ValidationError({ name: 'Name must be 120 characters or fewer' });
      return db.transaction().execute(async (trx) => {
        const partnership = await insertPartnership(trx, name, input.localAuthorityCode?.trim() || null, nowIso());
        await recordAudit(trx, { ...actor, partnershipId: partnership.id }, {
          action: 'create', entityType: 'partnership', entityId: partnership.id, summary: `Created partnership ${name}`, after: partnership,
        });
        return partnership;
      });
    },

    /** A system administrator switching the partnership they work in. */
    async switchTo(actor: Actor, id: number): Promise<Partnership> {
      requireCapability(actor, 'partnerships:manage');
      const partnership = await findPartnership(db, id);
      if (!partnership) throw new NotFoundError('Partnership');
      return partnership;
    },
  };
}

export type PartnershipService = ReturnType<typeof createPartnershipService>;
