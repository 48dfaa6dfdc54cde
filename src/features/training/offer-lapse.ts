/*
 * The offer lapse job (issue 14, point 3): every few minutes, offers nobody accepted in time
 * lapse and the place goes to the next person on the waiting list, in the order they joined,
 * under the session's lock (as every move that gives out or frees a place). Nobody is offered a
 * place once the session has started or been cancelled; expired offers still lapse then.
 */
import type { Kysely } from 'kysely';
import { systemActor } from '../../auth/actor.ts';
import type { DatabaseEngine } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { nowIso } from '../../lib/time.ts';
import type { Email } from './booking-messages.ts';
import { bookingContext, moveBooking, promote, send } from './booking-moves.ts';
import * as repo from './repository.ts';

type Db = Kysely<Database>;

export const OFFER_LAPSE_JOB = 'training-offer-lapse';

function lapsedEmail(name: string, email: string, course: string, link: string): Email {
  return {
    template: 'training-offer-lapsed',
    recipient: email,
    subject: `Offer lapsed: ${course}`,
    body:
      `Dear ${name},\n\nThe place offered to you on ${course} was not accepted in time, so it has gone to the ` +
      `next person on the waiting list.\n\nTo find another date: ${link}\n\nOne Workforce training`,
  };
}

/** Lapses every expired offer and offers the places on; returns how many offers lapsed. */
export async function lapseExpiredOffers(db: Db, engine: DatabaseEngine, baseUrl: string): Promise<number> {
  const now = nowIso();
  const sessions = await db
    .selectFrom('training_bookings')
    .select(['partnership_id', 'session_id'])
    .distinct()
    .where('status', '=', 'offered')
    .where('offer_expires_at', '<', now)
    .execute();
  let lapsed = 0;
  for (const { partnership_id: partnershipId, session_id: sessionId } of sessions) {
    const actor = systemActor(partnershipId, 'Offer lapse job');
    lapsed += await db.transaction().execute(async (trx) => {
      const session = await repo.lockSession(trx, engine, partnershipId, sessionId);
      if (!session) return 0;
      const expired = await trx
        .selectFrom('training_bookings')
        .selectAll()
        .where('session_id', '=', session.id)
        .where('status', '=', 'offered')
        .where('offer_expires_at', '<', nowIso())
        .orderBy('id')
        .execute();
      for (const offer of expired) {
        const moved = await moveBooking(trx, actor, offer, 'lapsed', { reason: 'The offer expired' });
        const c = await bookingContext(trx, baseUrl, moved);
        await send(trx, actor, moved, lapsedEmail(c.person.name, c.person.email, c.courseTitle, c.link), 'lapsed');
      }
      await promote(trx, actor, baseUrl, session);
      return expired.length;
    });
  }
  return lapsed;
}
