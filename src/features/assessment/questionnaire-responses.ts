/** A link opened to what it answers, and the responses it starts and resumes. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { parseAudience, respondentTypesOf, type RespondentType } from './codes.ts';
import * as q from './questionnaire-repository.ts';
import { findFramework } from './repository.ts';
import { findOrganisation, findRound } from './rounds-repository.ts';
import { newResumeToken, plausibleToken, tokenHash } from './tokens.ts';
import {
  type Link,
  LinkProblemError,
  type Response,
  type Round,
  roundProblem,
  roundProblemError,
} from './questionnaire-link.ts';

/** Finds what a token opens; throws a LinkProblemError for anything that cannot be answered. */
export async function openLink(
  db: Kysely<Database>,
  token: string,
  options: { allowSubmitted?: boolean } = {},
): Promise<Link> {
  if (!plausibleToken(token)) throw new LinkProblemError('invalid');
  const hash = tokenHash(token);
  const invitation = await q.findInvitationByHash(db, hash);
  const resumed = invitation ? undefined : await q.findResponseByResumeHash(db, hash);
  const partnershipId = invitation?.partnership_id ?? resumed?.partnership_id;
  const roundId = invitation?.round_id ?? resumed?.round_id;
  if (partnershipId === undefined || roundId === undefined) throw new LinkProblemError('invalid');
  const round = await findRound(db, partnershipId, roundId);
  if (!round) throw new LinkProblemError('invalid');
  const response =
    invitation?.kind === 'personal' ? await q.findResponseForInvitation(db, partnershipId, invitation.id) : resumed;
  if (response?.status === 'submitted' && !options.allowSubmitted)
    throw new LinkProblemError('already_answered', round.name);
  const problem = roundProblem(round);
  if (problem && !(options.allowSubmitted && response?.status === 'submitted')) throw roundProblemError(problem, round);
  const framework = await findFramework(db, partnershipId, round.framework_id);
  if (!framework) throw new LinkProblemError('invalid');
  const organisationId = invitation?.organisation_id ?? response?.organisation_id ?? null;
  const organisation = organisationId === null ? undefined : await findOrganisation(db, partnershipId, organisationId);
  const audience = parseAudience(round.audience_json);
  return {
    token,
    kind: invitation ? invitation.kind : 'resume',
    round,
    framework,
    response,
    organisationName: organisation?.name ?? null,
    respondentTypes: invitation?.kind === 'open' ? respondentTypesOf(audience) : [],
  };
}

export function requireResponse(link: Link): Response {
  if (!link.response) throw new NotFoundError('Answers');
  return link.response;
}

export async function themeValues(db: Kysely<Database>, link: Link, theme: number) {
  const response = link.response;
  if (!response) return {};
  const [answers, evidence] = await Promise.all([
    q.listAnswers(db, response.partnership_id, response.id),
    q.listEvidence(db, response.partnership_id, response.id),
  ]);
  const values: Record<string, string> = {};
  for (const a of answers.filter((x) => x.theme === theme))
    values[`stage_${a.stage}`] = a.answer_kind === 'score' ? String(a.score) : a.answer_kind;
  values.evidence = evidence.find((e) => e.theme === theme)?.note ?? '';
  return values;
}

interface NewResponse {
  invitationId?: number | null;
  userId?: number | null;
  organisationId: number | null;
  respondentType: RespondentType;
  source: Response['source'];
  participants?: number;
  sector?: string | null;
}

/** A response reached again through its invitation's own link (no resume token of its own). */
export const newResponse = (conn: Kysely<Database>, partnershipId: number, round: Round, values: NewResponse) =>
  insertNewResponse(conn, partnershipId, round, values, null);

/** A response with a resume token, returned once so that it can go into the resume link. */
export async function newResumableResponse(
  conn: Kysely<Database>,
  partnershipId: number,
  round: Round,
  values: NewResponse,
): Promise<{ response: Response; resumeToken: string }> {
  const resume = newResumeToken();
  const response = await insertNewResponse(conn, partnershipId, round, values, resume.hash);
  return { response, resumeToken: resume.token };
}

async function insertNewResponse(
  conn: Kysely<Database>,
  partnershipId: number,
  round: Round,
  values: NewResponse,
  resumeTokenHash: string | null,
): Promise<Response> {
  const organisation =
    values.organisationId === null ? undefined : await findOrganisation(conn, partnershipId, values.organisationId);
  const at = nowIso();
  const response = await q.insertResponse(conn, {
    partnership_id: partnershipId,
    round_id: round.id,
    invitation_id: values.invitationId ?? null,
    user_id: values.userId ?? null,
    organisation_id: organisation?.id ?? null,
    organisation_type: organisation?.type ?? null,
    sector: values.sector ?? organisation?.sector ?? null,
    respondent_type: values.respondentType,
    source: values.source,
    participants: values.participants ?? 1,
    status: 'in_progress',
    resume_token_hash: resumeTokenHash,
    submitted_at: null,
    created_at: at,
    updated_at: at,
  });
  return response;
}

/** Gives an existing response a fresh resume token (the old one stops working) and returns it. */
export async function rotateResume(db: Kysely<Database>, response: Response): Promise<string> {
  const resume = newResumeToken();
  await db
    .updateTable('assessment_responses')
    .set({ resume_token_hash: resume.hash, updated_at: nowIso() })
    .where('partnership_id', '=', response.partnership_id)
    .where('id', '=', response.id)
    .execute();
  return resume.token;
}
