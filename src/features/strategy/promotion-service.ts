/*
 * Promotion (issue 15 point 2): a self-assessment "priority for improvement" becomes a plan
 * priority linked to its theme (and, through source_assessment_priority_id, its cell), ranked
 * last; audited, and refused with a clear message when that priority is in the plan already.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type Actor, requireCapability } from '../../auth/actor.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { DEFAULT_APPETITE, STAGE_NAMES, THEME_NAMES } from '../plan/plan-input.ts';
import { insertPriority } from '../plan/repository.ts';

export function createPromotionService(db: Kysely<Database>) {
  return {
    promote: async (actor: Actor, assessmentPriorityId: number) => {
      requireCapability(actor, 'plan:edit');
      const pid = actor.partnershipId;
      const source = await db
        .selectFrom('assessment_priorities as p')
        .innerJoin('assessment_rounds as r', 'r.id', 'p.round_id')
        .select(['p.id', 'p.round_id', 'p.theme', 'p.stage', 'p.note', 'r.name as round_name'])
        .where('p.partnership_id', '=', pid)
        .where('p.id', '=', assessmentPriorityId)
        .executeTakeFirst();
      if (!source) throw new NotFoundError('Priority for improvement');
      return db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('plan_priorities')
          .select(['id', 'rank', 'title'])
          .where('partnership_id', '=', pid)
          .where('source_assessment_priority_id', '=', source.id)
          .executeTakeFirst();
        if (existing)
          throw new ValidationError({
            promote: `This priority is already in the plan as priority ${existing.rank}, “${existing.title}”: change that priority instead`,
          });
        const last = await trx
          .selectFrom('plan_priorities')
          .select((eb) => eb.fn.max<number>('rank').as('rank'))
          .where('partnership_id', '=', pid)
          .executeTakeFirst();
        const theme = THEME_NAMES[String(source.theme)] ?? `Theme ${source.theme}`;
        const stage = source.stage ? STAGE_NAMES[String(source.stage)] : null;
        const at = nowIso();
        const row = await insertPriority(trx, {
          partnership_id: pid,
          rank: Number(last?.rank ?? 0) + 1,
          title: stage ? `${theme}: ${stage.toLowerCase()}` : theme,
          description: `${source.note}\n\nPromoted from the priorities for improvement of ${source.round_name}.`,
          themes: JSON.stringify([source.theme]),
          source_assessment_priority_id: source.id,
          risk_appetite: DEFAULT_APPETITE,
          created_at: at,
          updated_at: at,
        });
        await recordAudit(trx, actor, {
          action: 'create',
          entityType: 'plan_priority',
          entityId: row.id,
          summary: `Promoted a priority for improvement of ${source.round_name} into the plan as priority ${row.rank}, ${row.title}`,
          after: {
            id: row.id,
            rank: row.rank,
            title: row.title,
            theme: source.theme,
            stage: source.stage,
            from: source.id,
          },
        });
        return { id: row.id, rank: Number(row.rank), title: row.title };
      });
    },
  };
}

export type PromotionService = ReturnType<typeof createPromotionService>;
