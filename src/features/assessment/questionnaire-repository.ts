import { sql, type Kysely } from 'kysely';
import type { AssessmentResponseTable, Database } from '../../db/schema.ts';
import type { Insertable } from 'kysely';

type Db = Kysely<Database>;

export const findInvitationByHash = (db: Db, hash: string) =>
  db.selectFrom('assessment_invitations').selectAll().where('token_hash', '=', hash).executeTakeFirst();

export const findResponseByResumeHash = (db: Db, hash: string) =>
  db.selectFrom('assessment_responses').selectAll().where('resume_token_hash', '=', hash).executeTakeFirst();

export const findResponseForInvitation = (db: Db, partnershipId: number, invitationId: number) =>
  db
    .selectFrom('assessment_responses')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('invitation_id', '=', invitationId)
    .orderBy('id')
    .executeTakeFirst();

export const findResponse = (db: Db, partnershipId: number, id: number) =>
  db
    .selectFrom('assessment_responses')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();

export const insertResponse = (db: Db, values: Insertable<AssessmentResponseTable>) =>
  db.insertInto('assessment_responses').values(values).returningAll().executeTakeFirstOrThrow();

export const listAnswers = (db: Db, partnershipId: number, responseId: number) =>
  db
    .selectFrom('assessment_answers')
    .select(['theme', 'stage', 'score', 'answer_kind'])
    .where('partnership_id', '=', partnershipId)
    .where('response_id', '=', responseId)
    .orderBy('theme')
    .orderBy('stage')
    .execute();

export const listEvidence = (db: Db, partnershipId: number, responseId: number) =>
  db
    .selectFrom('assessment_evidence')
    .select(['theme', 'note'])
    .where('partnership_id', '=', partnershipId)
    .where('response_id', '=', responseId)
    .orderBy('theme')
    .execute();

export interface AnswerValue {
  stage: number;
  score: number | null;
  kind: 'score' | 'dont_know' | 'not_applicable';
}

/** Replaces one theme's answers and evidence note for a response. */
export async function replaceTheme(
  db: Db,
  partnershipId: number,
  roundId: number,
  responseId: number,
  theme: number,
  answers: AnswerValue[],
  note: string,
): Promise<void> {
  await db
    .deleteFrom('assessment_answers')
    .where('partnership_id', '=', partnershipId)
    .where('response_id', '=', responseId)
    .where('theme', '=', theme)
    .execute();
  if (answers.length) {
    await db
      .insertInto('assessment_answers')
      .values(
        answers.map((a) => ({
          partnership_id: partnershipId,
          round_id: roundId,
          response_id: responseId,
          theme,
          stage: a.stage,
          score: a.score,
          answer_kind: a.kind,
        })),
      )
      .execute();
  }
  await db
    .deleteFrom('assessment_evidence')
    .where('partnership_id', '=', partnershipId)
    .where('response_id', '=', responseId)
    .where('theme', '=', theme)
    .execute();
  if (note)
    await db
      .insertInto('assessment_evidence')
      .values({ partnership_id: partnershipId, response_id: responseId, theme, note })
      .execute();
}

/**
 * Counts a round's submitted answers in its results: copies each submitted response's groups
 * and participants onto its answers (migration 0006), in the transaction that submits it. Pass a
 * response id to count just that one.
 */
export async function countSubmittedAnswers(
  db: Db,
  partnershipId: number,
  roundId: number,
  responseId?: number,
): Promise<void> {
  await sql`update assessment_answers as a set counted = 1,
      sector = coalesce(r.sector, ''), organisation_type = coalesce(r.organisation_type, ''), respondent_type = r.respondent_type,
      participants = case when r.source = 'focus_group' and r.participants > 1 then r.participants else 1 end
    from assessment_responses as r
    where r.id = a.response_id and r.partnership_id = a.partnership_id and r.status = 'submitted'
      and a.partnership_id = ${partnershipId} and a.round_id = ${roundId} and a.counted = 0
      ${responseId === undefined ? sql`` : sql`and a.response_id = ${responseId}`}`.execute(db);
}
