/**
 * Each organisation's full-time weekly hours (ASC-WDS files give hours, not FTE: FTE = hours ÷ these).
 * Set by whoever may submit the organisation's returns; every change is audited.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { ValidationError } from '../../../lib/errors.ts';
import { nowIso } from '../../../lib/time.ts';
import type { Actor } from '../../../auth/actor.ts';
import { recordAudit } from '../../audit/service.ts';

type Organisation = { id: number; name: string; full_time_hours: number };

export const MIN_FULL_TIME_HOURS = 20;
export const MAX_FULL_TIME_HOURS = 48;

/** The hours typed in a form or at the command line, checked: a number of hours a week, to one decimal. */
export function parseFullTimeHours(text: string): number {
  const value = text.trim();
  const hours = Number(value);
  if (value === '' || !/^\d+(\.\d)?$/.test(value) || hours < MIN_FULL_TIME_HOURS || hours > MAX_FULL_TIME_HOURS)
    throw new ValidationError({
      fullTimeHours: `Enter full-time hours a week as a number from ${MIN_FULL_TIME_HOURS} to ${MAX_FULL_TIME_HOURS}, like 37 or 37.5`,
    });
  return hours;
}

/** Reads the organisation through the returns service, so the same people may see and set its hours. */
export function createFullTimeHoursService(
  db: Kysely<Database>,
  returns: { submittableOrganisation(actor: Actor, organisationId: number): Promise<Organisation> },
) {
  const organisation = (actor: Actor, organisationId: number) => returns.submittableOrganisation(actor, organisationId);

  return {
    get: organisation,

    async set(actor: Actor, organisationId: number, text: string) {
      const hours = parseFullTimeHours(text);
      const found = await organisation(actor, organisationId);
      if (found.full_time_hours === hours) return found;
      return db.transaction().execute(async (trx) => {
        await trx
          .updateTable('organisations')
          .set({ full_time_hours: hours, updated_at: nowIso() })
          .where('id', '=', found.id)
          .where('partnership_id', '=', actor.partnershipId)
          .execute();
        await recordAudit(trx, actor, {
          action: 'update',
          entityType: 'organisation',
          entityId: found.id,
          organisationId: found.id,
          summary: `Set the full-time hours of ${found.name} to ${hours} a week (was ${found.full_time_hours})`,
          before: { full_time_hours: found.full_time_hours },
          after: { full_time_hours: hours },
        });
        return { ...found, full_time_hours: hours };
      });
    },
  };
}
