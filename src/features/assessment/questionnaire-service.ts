import type { Kysely } from 'kysely';
import { withFirst } from '../../lib/with-first.ts';
import type { Database } from '../../db/schema.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { type Actor } from '../../auth/actor.ts';
import { recordAudit } from '../audit/service.ts';
import { respondentTypeIn } from './codes.ts';
import { POSITIONS } from './framework.ts';
import * as q from './questionnaire-repository.ts';
import { tokenHash } from './tokens.ts';
import { type Link, LinkProblemError } from './questionnaire-link.ts';
import {
  newResponse,
  newResumableResponse,
  openLink,
  requireResponse,
  themeValues,
} from './questionnaire-responses.ts';
import { startAsUser, startFocusGroup, continueFocusGroup } from './questionnaire-starts.ts';

const MAX_NOTE = 2000;
const ANSWER = /^(?:[1-5]|dont_know|not_applicable)$/;

const anonymousActor = (partnershipId: number, label: string, organisationId: number | null): Actor => ({
  userId: null,
  partnershipId,
  role: 'viewer',
  organisationId,
  label,
  ip: null,
});

/**
 * Starts answering through a link and returns the token to continue with: the same personal
 * link, or for an open link a new resume link of the respondent's own.
 */
async function start(db: Kysely<Database>, token: string, respondentType: string): Promise<string> {
  const link = await openLink(db, token);
  if (link.response) return token;
  const invitation = await q.findInvitationByHash(db, tokenHash(token));
  if (!invitation) throw new LinkProblemError('invalid');
  if (invitation.kind === 'personal') {
    await newResponse(db, link.round.partnership_id, link.round, {
      invitationId: invitation.id,
      organisationId: invitation.organisation_id,
      respondentType: invitation.respondent_type ?? 'frontline',
      source: 'personal',
    });
    return token;
  }
  const chosen = respondentTypeIn(link.respondentTypes, respondentType);
  if (!chosen) throw new ValidationError({ respondentType: 'Select the description that fits your role' });
  const { resumeToken } = await newResumableResponse(db, link.round.partnership_id, link.round, {
    invitationId: invitation.id,
    organisationId: invitation.organisation_id,
    respondentType: chosen,
    source: 'open',
  });
  return resumeToken;
}

async function theme(db: Kysely<Database>, token: string, theme: number) {
  const link = await openLink(db, token);
  if (!POSITIONS.some((p) => p === theme)) throw new NotFoundError('Theme');
  return { link, values: await themeValues(db, link, theme) };
}

/** Saves one theme's answers. `complete` (save and continue) requires every stage answered. */
async function saveTheme(
  db: Kysely<Database>,
  token: string,
  theme: number,
  form: Record<string, string>,
  complete: boolean,
): Promise<Link> {
  const link = await openLink(db, token);
  const response = link.response;
  if (!response) return link;
  if (!POSITIONS.some((p) => p === theme)) throw new NotFoundError('Theme');
  const fields: Record<string, string> = {};
  const answers: q.AnswerValue[] = [];
  for (const stage of link.framework.stages) {
    const value = (form[`stage_${stage.position}`] ?? '').trim();
    if (!value) {
      if (complete) fields[`stage_${stage.position}`] = `Select an answer for ${stage.name}`;
    } else if (!ANSWER.test(value)) {
      fields[`stage_${stage.position}`] = `Select a score from 1 to 5, don’t know or not applicable for ${stage.name}`;
    } else {
      answers.push(
        value === 'dont_know' || value === 'not_applicable'
          ? { stage: stage.position, score: null, kind: value }
          : { stage: stage.position, score: Number(value), kind: 'score' },
      );
    }
  }
  const note = (form.evidence ?? '').trim();
  if (note.length > MAX_NOTE) fields.evidence = `The evidence note must be ${MAX_NOTE} characters or fewer`;
  if (Object.keys(fields).length) throw new ValidationError(fields);
  await db.transaction().execute(async (trx) => {
    await q.replaceTheme(trx, response.partnership_id, response.round_id, response.id, theme, answers, note);
    await trx
      .updateTable('assessment_responses')
      .set({ updated_at: nowIso() })
      .where('partnership_id', '=', response.partnership_id)
      .where('id', '=', response.id)
      .execute();
  });
  return link;
}

/** Every theme with its answers, for check your answers; `missing` lists unanswered cells. */
async function summary(db: Kysely<Database>, token: string, options: { allowSubmitted?: boolean } = {}) {
  const link = await openLink(db, token, options);
  const response = link.response;
  const [answers, evidence] = response
    ? await Promise.all([
        q.listAnswers(db, response.partnership_id, response.id),
        q.listEvidence(db, response.partnership_id, response.id),
      ])
    : [[], []];
  const themes = link.framework.themes.map((t) => ({
    ...t,
    evidence: evidence.find((e) => e.theme === t.position)?.note ?? '',
    answers: link.framework.stages.map((s) => {
      const a = answers.find((x) => x.theme === t.position && x.stage === s.position);
      return { stage: s, kind: a?.answer_kind ?? null, score: a?.score ?? null };
    }),
  }));
  const incomplete = themes.filter((t) => t.answers.some((a) => a.kind === null)).map((t) => t.position);
  return { link, themes, incomplete };
}

async function submit(db: Kysely<Database>, token: string): Promise<Link> {
  const link = await openLink(db, token);
  const response = requireResponse(link);
  const count = await db
    .selectFrom('assessment_answers')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('partnership_id', '=', response.partnership_id)
    .where('response_id', '=', response.id)
    .executeTakeFirstOrThrow();
  const expected = link.framework.themes.length * link.framework.stages.length;
  if (Number(count.n) < expected)
    throw new ValidationError({ answers: 'Answer every stage of every theme before you send your answers' });
  await db.transaction().execute(async (trx) => {
    const at = nowIso();
    const updated = await trx
      .updateTable('assessment_responses')
      .set({ status: 'submitted', submitted_at: at, updated_at: at })
      .where('partnership_id', '=', response.partnership_id)
      .where('id', '=', response.id)
      .where('status', '=', 'in_progress')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new LinkProblemError('already_answered', link.round.name);
    await q.countSubmittedAnswers(trx, response.partnership_id, response.round_id, response.id);
    if (response.invitation_id !== null && response.source === 'personal') {
      await trx
        .updateTable('assessment_invitations')
        .set({ used_at: at })
        .where('partnership_id', '=', response.partnership_id)
        .where('id', '=', response.invitation_id)
        .execute();
    }
    const label =
      response.source === 'focus_group'
        ? 'Focus group facilitator'
        : response.source === 'user'
          ? 'Signed-in respondent'
          : `Respondent (${response.source} link)`;
    await recordAudit(trx, anonymousActor(response.partnership_id, label, response.organisation_id), {
      action: 'submit',
      entityType: 'assessment_response',
      entityId: response.id,
      organisationId: response.organisation_id,
      summary: `Submitted a response to ${link.round.name}`,
    });
  });
  return link;
}

export function createQuestionnaireService(db: Kysely<Database>) {
  return {
    open: withFirst(db, openLink),
    start: withFirst(db, start),
    theme: withFirst(db, theme),
    saveTheme: withFirst(db, saveTheme),
    summary: withFirst(db, summary),
    submit: withFirst(db, submit),
    startAsUser: withFirst(db, startAsUser),
    startFocusGroup: withFirst(db, startFocusGroup),
    continueFocusGroup: withFirst(db, continueFocusGroup),
  };
}

export type QuestionnaireService = ReturnType<typeof createQuestionnaireService>;
