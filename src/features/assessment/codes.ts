/** Coded lists of the self-assessment. */
import { keysOf } from '../../lib/records.ts';
export const RESPONDENT_TYPES = {
  leader: 'Leaders and managers',
  frontline: 'Frontline practitioners',
} as const;
export type RespondentType = keyof typeof RESPONDENT_TYPES;
export const isRespondentType = (value: string): value is RespondentType => Object.hasOwn(RESPONDENT_TYPES, value);
/** The respondent type chosen, if it is one of those allowed. */
export const respondentTypeIn = (allowed: readonly RespondentType[], value: string): RespondentType | undefined =>
  allowed.find((t) => t === value);

export const ROUND_STATUSES = { draft: 'Draft', open: 'Open', closed: 'Closed' } as const;

export const FOCUS_GROUP_COUNTING = {
  one: 'A focus group counts as one response',
  participants: 'A focus group counts as one response per participant',
} as const;

export const ANSWER_KINDS = { score: 'Score', dont_know: 'Don’t know', not_applicable: 'Not applicable' } as const;

export interface Audience {
  organisationIds: number[];
  sectors: string[];
  respondentTypes: RespondentType[];
}

export function parseAudience(json: string): Audience {
  try {
    const value: { organisationIds?: unknown; sectors?: unknown; respondentTypes?: unknown } = Object(JSON.parse(json));
    return {
      organisationIds: Array.isArray(value.organisationIds)
        ? value.organisationIds.filter((n) => Number.isInteger(n))
        : [],
      sectors: Array.isArray(value.sectors) ? value.sectors.filter((s) => typeof s === 'string') : [],
      respondentTypes: Array.isArray(value.respondentTypes)
        ? value.respondentTypes.filter((s) => typeof s === 'string' && isRespondentType(s))
        : [],
    };
  } catch {
    return { organisationIds: [], sectors: [], respondentTypes: [] };
  }
}

/** Empty lists mean "everyone": an organisation is in the audience if it passes both filters. */
export const inAudience = (audience: Audience, organisation: { id: number; sector: string }): boolean =>
  (!audience.organisationIds.length || audience.organisationIds.includes(organisation.id)) &&
  (!audience.sectors.length || audience.sectors.includes(organisation.sector));

export const respondentTypesOf = (audience: Audience): RespondentType[] =>
  audience.respondentTypes.length ? audience.respondentTypes : keysOf(RESPONDENT_TYPES);
