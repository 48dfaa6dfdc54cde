import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { type Actor, requireCapability } from '../../auth/actor.ts';
import { SECTORS } from '../accounts/organisation-codes.ts';
import { recordAudit } from '../audit/service.ts';
import {
  inAudience,
  isRespondentType,
  parseAudience,
  respondentTypeIn,
  respondentTypesOf,
  type RespondentType,
} from './codes.ts';
import { POSITIONS } from './framework.ts';
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

export function createQuestionnaireService(db: Kysely<Database>) {
  /** Finds what a token opens; throws a LinkProblemError for anything that cannot be answered. */
  async function open(token: string, options: { allowSubmitted?: boolean } = {}): Promise<Link> {
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
    if (problem && !(options.allowSubmitted && response?.status === 'submitted'))
      throw roundProblemError(problem, round);
    const framework = await findFramework(db, partnershipId, round.framework_id);
    if (!framework) throw new LinkProblemError('invalid');
    const organisationId = invitation?.organisation_id ?? response?.organisation_id ?? null;
    const organisation =
      organisationId === null ? undefined : await findOrganisation(db, partnershipId, organisationId);
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

  function requireResponse(link: Link): Response {
    if (!link.response) throw new NotFoundError('Answers');
    return link.response;
  }

  async function themeValues(link: Link, theme: number) {
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

  async function newResponse(
    conn: Kysely<Database>,
    partnershipId: number,
    round: Round,
    values: {
      invitationId?: number | null;
      userId?: number | null;
      organisationId: number | null;
      respondentType: RespondentType;
      source: Response['source'];
      participants?: number;
      sector?: string | null;
      resume: boolean;
    },
  ): Promise<{ response: Response; resumeToken: string | null }> {
    const organisation =
      values.organisationId === null ? undefined : await findOrganisation(conn, partnershipId, values.organisationId);
    const resume = values.resume ? newResumeToken() : null;
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
      resume_token_hash: resume?.hash ?? null,
      submitted_at: null,
      created_at: at,
      updated_at: at,
    });
    return { response, resumeToken: resume?.token ?? null };
  }

  /** Gives an existing response a fresh resume token (the old one stops working) and returns it. */
  async function rotateResume(response: Response): Promise<string> {
    const resume = newResumeToken();
    await db
      .updateTable('assessment_responses')
      .set({ resume_token_hash: resume.hash, updated_at: nowIso() })
      .where('partnership_id', '=', response.partnership_id)
      .where('id', '=', response.id)
      .execute();
    return resume.token;
  }

  return {
    open,

    /**
     * Starts answering through a link and returns the token to continue with: the same personal
     * link, or for an open link a new resume link of the respondent's own.
     */
    async start(token: string, respondentType: string): Promise<string> {
      const link = await open(token);
      if (link.response) return token;
      const invitation = await q.findInvitationByHash(db, tokenHash(token));
      if (!invitation) throw new LinkProblemError('invalid');
      if (invitation.kind === 'personal') {
        await newResponse(db, link.round.partnership_id, link.round, {
          invitationId: invitation.id,
          organisationId: invitation.organisation_id,
          respondentType: invitation.respondent_type ?? 'frontline',
          source: 'personal',
          resume: false,
        });
        return token;
      }
      const chosen = respondentTypeIn(link.respondentTypes, respondentType);
      if (!chosen) throw new ValidationError({ respondentType: 'Select the description that fits your role' });
      const { resumeToken } = await newResponse(db, link.round.partnership_id, link.round, {
        invitationId: invitation.id,
        organisationId: invitation.organisation_id,
        respondentType: chosen,
        source: 'open',
        resume: true,
      });
      return resumeToken as string;
    },

    async theme(token: string, theme: number) {
      const link = await open(token);
      if (!POSITIONS.includes(theme as never)) throw new NotFoundError('Theme');
      return { link, values: await themeValues(link, theme) };
    },

    /** Saves one theme's answers. `complete` (save and continue) requires every stage answered. */
    async saveTheme(token: string, theme: number, form: Record<string, string>, complete: boolean): Promise<Link> {
      const link = await open(token);
      const response = link.response;
      if (!response) return link;
      if (!POSITIONS.includes(theme as never)) throw new NotFoundError('Theme');
      const fields: Record<string, string> = {};
      const answers: q.AnswerValue[] = [];
      for (const stage of link.framework.stages) {
        const value = (form[`stage_${stage.position}`] ?? '').trim();
        if (!value) {
          if (complete) fields[`stage_${stage.position}`] = `Select an answer for ${stage.name}`;
        } else if (!ANSWER.test(value)) {
          fields[`stage_${stage.position}`] =
            `Select a score from 1 to 5, don’t know or not applicable for ${stage.name}`;
        } else {
          answers.push(
            /^\d$/.test(value)
              ? { stage: stage.position, score: Number(value), kind: 'score' }
              : { stage: stage.position, score: null, kind: value as 'dont_know' | 'not_applicable' },
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
    },

    /** Every theme with its answers, for check your answers; `missing` lists unanswered cells. */
    async summary(token: string, options: { allowSubmitted?: boolean } = {}) {
      const link = await open(token, options);
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
    },

    async submit(token: string): Promise<Link> {
      const link = await open(token);
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
    },

    /** A signed-in user answers an open round: returns the link to their (new or continued) answers. */
    async startAsUser(actor: Actor, roundId: number, respondentType: string): Promise<string> {
      requireCapability(actor, 'assessment:respond');
      const round = await findRound(db, actor.partnershipId, roundId);
      if (!round) throw new NotFoundError('Self-assessment round');
      const problem = roundProblem(round);
      if (problem) throw roundProblemError(problem, round);
      const audience = parseAudience(round.audience_json);
      const organisation =
        actor.organisationId === null
          ? undefined
          : await findOrganisation(db, actor.partnershipId, actor.organisationId);
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
      if (existing) return rotateResume(existing);
      const chosen = respondentTypeIn(respondentTypesOf(audience), respondentType);
      if (!chosen)
        throw new ValidationError({ [`respondentType-${roundId}`]: 'Select the description that fits your role' });
      const { resumeToken } = await newResponse(db, actor.partnershipId, round, {
        userId: actor.userId,
        organisationId: organisation?.id ?? null,
        respondentType: chosen,
        source: 'user',
        resume: true,
      });
      return resumeToken as string;
    },

    /** A facilitator starts recording a focus group's agreed scores; returns the link to record them through. */
    async startFocusGroup(
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
        const { response, resumeToken } = await newResponse(trx, actor.partnershipId, round, {
          organisationId: organisation?.id ?? null,
          sector: input.sector,
          respondentType,
          participants,
          source: 'focus_group',
          resume: true,
        });
        await recordAudit(trx, actor, {
          action: 'create',
          entityType: 'assessment_response',
          entityId: response.id,
          organisationId: organisation?.id ?? null,
          summary: `Started recording a focus group of ${participants} in ${round.name}`,
        });
        return resumeToken as string;
      });
    },

    /** A facilitator goes back to a focus group still being recorded. */
    async continueFocusGroup(actor: Actor, roundId: number, responseId: number): Promise<string> {
      requireCapability(actor, 'assessment:manage');
      const response = await q.findResponse(db, actor.partnershipId, responseId);
      if (!response || response.round_id !== roundId || response.source !== 'focus_group')
        throw new NotFoundError('Focus group');
      if (response.status === 'submitted') throw new LinkProblemError('already_answered');
      return rotateResume(response);
    },
  };
}

export type QuestionnaireService = ReturnType<typeof createQuestionnaireService>;
