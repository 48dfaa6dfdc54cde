/*
 * CWDC's toolkit checklist (issue 15 point 8) answered per strategy version: yes, partly or no,
 * with evidence and links. Read with plan:view; answered with plan:edit, audited.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type Actor, hasCapability, requireCapability } from '../../auth/actor.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { ANSWERS, CHECKLIST, isAnswer } from './checklist.ts';
import * as repo from './repository.ts';
import { checklistSummary, periodLabel } from './versions.ts';

export interface ChecklistAnswerInput {
  answer: string;
  evidence: string;
  links: string;
}

const SAFE_LINK = /^(https?:\/\/\S+|\/\S*)$/i;

/** The answers as saved: an answer per answered question; evidence and links checked; errors by field. */
export function checkChecklist(input: Record<string, ChecklistAnswerInput>) {
  const errors: Record<string, string> = {};
  const rows: { question: string; answer: 'yes' | 'partly' | 'no'; evidence: string; links: string }[] = [];
  CHECKLIST.forEach((q, i) => {
    const given = input[q.key] ?? { answer: '', evidence: '', links: '' };
    const evidence = given.evidence.trim();
    const links = given.links
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    const bad = links.find((l) => !SAFE_LINK.test(l));
    if (bad) errors[`links-${q.key}`] = `Question ${i + 1}: “${bad}” is not a web address: start it with https://`;
    if (evidence.length > 4000)
      errors[`evidence-${q.key}`] = `Question ${i + 1}: the evidence must be 4,000 characters or fewer`;
    if (!given.answer) {
      if (evidence || links.length)
        errors[`answer-${q.key}`] = `Question ${i + 1}: select yes, partly or no for the evidence given`;
      return;
    }
    if (!isAnswer(given.answer)) errors[`answer-${q.key}`] = `Question ${i + 1}: select yes, partly or no`;
    else rows.push({ question: q.key, answer: given.answer, evidence, links: links.join('\n') });
  });
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return rows;
}

export function createChecklistService(db: Kysely<Database>) {
  async function findVersion(actor: Actor, id: number) {
    const row = await repo.findVersion(db, actor.partnershipId, id);
    if (!row) throw new NotFoundError('Strategy version');
    return row;
  }

  return {
    get: async (actor: Actor, id: number) => {
      requireCapability(actor, 'plan:view');
      const row = await findVersion(actor, id);
      const answers = await repo.checklistOf(db, actor.partnershipId, id);
      return {
        version: { id, number: Number(row.number), status: row.status },
        strategy: { id: row.strategy_id, title: row.title, period: periodLabel(row.start_year, row.end_year) },
        questions: CHECKLIST.map((q, i) => {
          const a = answers.find((x) => x.question === q.key);
          return {
            ...q,
            number: i + 1,
            answer: a?.answer ?? '',
            answerLabel: a ? ANSWERS[a.answer] : 'Not answered',
            evidence: a?.evidence ?? '',
            links: a?.links ? a.links.split('\n') : [],
          };
        }),
        summary: checklistSummary(answers),
        canEdit: hasCapability(actor, 'plan:edit'),
      };
    },

    save: async (actor: Actor, id: number, input: Record<string, ChecklistAnswerInput>) => {
      requireCapability(actor, 'plan:edit');
      const row = await findVersion(actor, id);
      const rows = checkChecklist(input);
      const before = await repo.checklistOf(db, actor.partnershipId, id);
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('strategy_checklist')
          .where('partnership_id', '=', actor.partnershipId)
          .where('version_id', '=', id)
          .execute();
        if (rows.length)
          await trx
            .insertInto('strategy_checklist')
            .values(rows.map((r) => ({ partnership_id: actor.partnershipId, version_id: id, ...r })))
            .execute();
        await recordAudit(trx, actor, {
          action: 'update',
          entityType: 'strategy_version',
          entityId: id,
          summary: `Answered the toolkit checklist for version ${row.number} of ${row.title} (${rows.length} of ${CHECKLIST.length} questions)`,
          before,
          after: rows,
        });
      });
      return checklistSummary(rows);
    },
  };
}

export type ChecklistService = ReturnType<typeof createChecklistService>;
