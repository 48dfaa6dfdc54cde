import type { Kysely } from 'kysely';
import type { Database, Partnership } from '../../db/schema.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { type Actor, requireCapability } from '../../auth/actor.ts';
import { recordAudit } from '../audit/service.ts';
import { findPartnership, insertPartnership, listPartnerships } from './repository.ts';

/** An ONS (GSS) area code: a country letter and eight digits. */
const LOCAL_AUTHORITY_CODE = /^[ENSW]\d{8}$/;

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
      const code = input.localAuthorityCode?.trim().toUpperCase() || null;
      const fields: Record<string, string> = {};
      if (!name) fields.name = 'Enter the partnership’s name';
      else if (name.length > 120) fields.name = 'Name must be 120 characters or fewer';
      if (code && !LOCAL_AUTHORITY_CODE.test(code))
        fields.localAuthorityCode = 'Enter a local authority code in the correct format, like E10000007';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      return db.transaction().execute(async (trx) => {
        const partnership = await insertPartnership(trx, name, code, nowIso());
        await recordAudit(
          trx,
          { ...actor, partnershipId: partnership.id },
          {
            action: 'create',
            entityType: 'partnership',
            entityId: partnership.id,
            summary: `Created partnership ${name}`,
            after: partnership,
          },
        );
        return partnership;
      });
    },

    /** A system administrator switching the partnership they work in. */
    async switchTo(actor: Actor, id: number): Promise<Partnership> {
      requireCapability(actor, 'partnerships:manage');
      const partnership = await findPartnership(db, id);
      if (!partnership) throw new NotFoundError('Partnership');
      await recordAudit(
        db,
        { ...actor, partnershipId: partnership.id },
        {
          action: 'switch',
          entityType: 'partnership',
          entityId: partnership.id,
          summary: `Started working in ${partnership.name}`,
        },
      );
      return partnership;
    },
  };
}

export type PartnershipService = ReturnType<typeof createPartnershipService>;
