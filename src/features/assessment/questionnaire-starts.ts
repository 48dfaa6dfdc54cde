/** Answers started for someone signed in: a user answering an open round, and a facilitator recording a focus group. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { type Actor, requireCapability } from '../../auth/actor.ts';
import { SECTORS } from '../accounts/organisation-codes.ts';
import { recordAudit } from '../audit/service.ts';
import { inAudience, isRespondentType, parseAudience, respondentTypeIn, respondentTypesOf } from './codes.ts';
import * as q from './questionnaire-repository.ts';
import { findOrganisation, findRound } from './rounds-repository.ts';
import { LinkProblemError, roundProblem, roundProblemError } from './questionnaire-link.ts';
import { newResumableResponse, rotateResume } from './questionnaire-responses.ts';

/** A signed-in user answers an open round: returns the link to their (new or continued) answers. */
export async function startAsUser(
  db: Kysely<Database>,
  actor: Actor,
  roundId: number,
  respondentType: string,
): Promise<string> {
  requireCapability(actor, 'assessment:respond');
  const round = await findRound(db, actor.partnershipId, roundId);
  if (!round) throw new NotFoundError('Self-assessment round');
  const problem = roundProblem(round);
  if (problem) throw roundProblemError(problem, round);
  const audience = parseAudience(round.audience_json);
  const organisation =
    actor.organisationId === null ? undefined : await findOrganisation(db, actor.partnershipId, actor.organisationId);
  if (organisation ? !inAudience(audience, organisation) : audience.organisationIds.length > 0)
    throw new NotFoundError('Self-assessment round');
  const existing =
    actor.userId === null
      ? undefined
      : await db
          .selectFrom('assessment_responses')
          .selectAll()
          .where('partnership_id', '=', actor.partnershipId)
          .where('round_id', '=', roundId)
          .where('user_id', '=', actor.userId)
          .where('source', '=', 'user')
          .orderBy('id', 'desc')
          .executeTakeFirst();
  if (existing?.status === 'submitted') throw new LinkProblemError('already_answered', round.name);
  if (existing) return rotateResume(db, existing);
  const chosen = respondentTypeIn(respondentTypesOf(audience), respondentType);
  if (!chosen)
    throw new ValidationError({ [`respondentType-${roundId}`]: 'Select the description that fits your role' });
  const { resumeToken } = await newResumableResponse(db, actor.partnershipId, round, {
    userId: actor.userId,
    organisationId: organisation?.id ?? null,
    respondentType: chosen,
    source: 'user',
  });
  return resumeToken;
}

/** A facilitator starts recording a focus group's agreed scores; returns the link to record them through. */
export async function startFocusGroup(
  db: Kysely<Database>,
  actor: Actor,
  roundId: number,
  input: { organisationId: string; sector: string; respondentType: string; participants: string },
): Promise<string> {
  requireCapability(actor, 'assessment:manage');
  const round = await findRound(db, actor.partnershipId, roundId);
  if (!round) throw new NotFoundError('Self-assessment round');
  const fields: Record<string, string> = {};
  const problem = roundProblem(round);
  if (problem) fields.participants = 'Focus groups can only be recorded while the round is open';
  const organisation = input.organisationId
    ? await findOrganisation(db, actor.partnershipId, Number(input.organisationId) || 0)
    : undefined;
  if (input.organisationId && !organisation) fields.organisationId = 'Select an organisation from the list';
  if (!(input.sector in SECTORS)) fields.sector = 'Select the participants’ sector';
  const respondentType = isRespondentType(input.respondentType) ? input.respondentType : undefined;
  if (!respondentType) fields.respondentType = 'Select who took part';
  const participants = /^\d{1,3}$/.test(input.participants.trim()) ? Number(input.participants.trim()) : NaN;
  if (!(participants >= 2 && participants <= 200))
    fields.participants = 'Enter the number of participants, from 2 to 200';
  if (Object.keys(fields).length || !respondentType) throw new ValidationError(fields);
  return db.transaction().execute(async (trx) => {
    const { response, resumeToken } = await newResumableResponse(trx, actor.partnershipId, round, {
      organisationId: organisation?.id ?? null,
      sector: input.sector,
      respondentType,
      participants,
      source: 'focus_group',
    });
    await recordAudit(trx, actor, {
      action: 'create',
      entityType: 'assessment_response',
      entityId: response.id,
      organisationId: organisation?.id ?? null,
      summary: `Started recording a focus group of ${participants} in ${round.name}`,
    });
    return resumeToken;
  });
}

/** A facilitator goes back to a focus group still being recorded. */
export async function continueFocusGroup(
  db: Kysely<Database>,
  actor: Actor,
  roundId: number,
  responseId: number,
): Promise<string> {
  requireCapability(actor, 'assessment:manage');
  const response = await q.findResponse(db, actor.partnershipId, responseId);
  if (!response || response.round_id !== roundId || response.source !== 'focus_group')
    throw new NotFoundError('Focus group');
  if (response.status === 'submitted') throw new LinkProblemError('already_answered');
  return rotateResume(db, response);
}
