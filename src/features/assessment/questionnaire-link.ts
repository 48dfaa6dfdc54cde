/** A questionnaire link as opened: its round, framework and response, or why it cannot be used. */
import type { Selectable } from 'kysely';
import type { AssessmentResponseTable } from '../../db/schema.ts';
import type { RespondentType } from './codes.ts';
import type { FrameworkRecord } from './repository.ts';
import { roundStatus } from './round-status.ts';
import type { findRound } from './rounds-repository.ts';

export type Response = Selectable<AssessmentResponseTable>;
export type Round = NonNullable<Awaited<ReturnType<typeof findRound>>>;

/** Why a link cannot be used; the routes turn each into a page that says so. */
export type LinkProblem = 'invalid' | 'not_open' | 'closed' | 'already_answered';
export class LinkProblemError extends Error {
  readonly problem: LinkProblem;
  readonly roundName: string | null;
  /** For a round that is not open yet, the day it opens (or was due to open, when still a draft). */
  readonly opensOn: string | null;
  constructor(problem: LinkProblem, roundName: string | null = null, opensOn: string | null = null) {
    super(problem);
    this.problem = problem;
    this.roundName = roundName;
    this.opensOn = opensOn;
  }
}

export interface Link {
  token: string;
  kind: 'personal' | 'open' | 'resume';
  round: Round;
  framework: FrameworkRecord;
  response: Response | undefined;
  organisationName: string | null;
  /** Open links ask who is answering; other links already know. */
  respondentTypes: RespondentType[];
}

export function roundProblem(round: Round): LinkProblem | null {
  const { phase } = roundStatus(round);
  if (phase === 'draft' || phase === 'scheduled' || phase === 'historic') return 'not_open';
  if (phase === 'closed' || phase === 'overdue') return 'closed';
  return null;
}

export const roundProblemError = (problem: LinkProblem, round: Round) =>
  new LinkProblemError(problem, round.name, problem === 'not_open' && round.kind === 'live' ? round.opens_on : null);
