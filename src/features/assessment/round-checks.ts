/** A round's form checked: each field's problem named, or the values to store. */
import type { Kysely } from 'kysely';
import type { Actor } from '../../auth/actor.ts';
import type { Database } from '../../db/schema.ts';
import { dateFromInput } from '../../lib/dates.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { SECTORS } from '../accounts/organisation-codes.ts';
import { type Audience, FOCUS_GROUP_COUNTING, inAudience, isRespondentType } from './codes.ts';
import * as rounds from './rounds-repository.ts';

export interface RoundInput {
  name: string;
  opensOn: { day: string; month: string; year: string };
  closesOn: { day: string; month: string; year: string };
  organisationIds: string[];
  sectors: string[];
  respondentTypes: string[];
  focusGroupCounting: string;
}

const MAX_NAME = 120;
const isCounting = (value: string): value is keyof typeof FOCUS_GROUP_COUNTING =>
  Object.hasOwn(FOCUS_GROUP_COUNTING, value);

/** A GOV.UK date input's three fields as YYYY-MM-DD, or an error message. */
export function parseDateParts(
  parts: { day: string; month: string; year: string },
  what: string,
): string | { error: string } {
  if (![parts.day, parts.month, parts.year].some((p) => p.trim())) return { error: `Enter the ${what}` };
  return dateFromInput(parts) ?? { error: `The ${what} must be a real date, like 27 3 2026` };
}

/** The round's values to store; `roundId` is the round being changed, which may keep its own name. */
export async function checkRound(db: Kysely<Database>, actor: Actor, input: RoundInput, roundId?: number) {
  const fields: Record<string, string> = {};
  const name = input.name.trim().replace(/\s+/g, ' ');
  const sameName = name ? await rounds.findRoundNamed(db, actor.partnershipId, name) : undefined;
  if (!name) fields.name = 'Enter a name for the round, such as Baseline 2026';
  else if (name.length > MAX_NAME) fields.name = `Name must be ${MAX_NAME} characters or fewer`;
  else if (sameName && sameName.id !== roundId) fields.name = `There is already a round called ${name}`;
  const opens = parseDateParts(input.opensOn, 'opening date');
  if (typeof opens !== 'string') fields.opensOn = opens.error;
  const closes = parseDateParts(input.closesOn, 'closing date');
  if (typeof closes !== 'string') fields.closesOn = closes.error;
  else if (typeof opens === 'string' && closes < opens)
    fields.closesOn = 'The closing date must be the same as or after the opening date';
  const organisations = await rounds.listOrganisations(db, actor.partnershipId);
  const organisationIds = input.organisationIds.map(Number);
  if (organisationIds.some((id) => !organisations.some((o) => o.id === id)))
    fields.organisationIds = 'Select organisations from the list';
  if (input.sectors.some((s) => !(s in SECTORS))) fields.sectors = 'Select sectors from the list';
  const respondentTypes = input.respondentTypes.filter(isRespondentType);
  if (respondentTypes.length !== input.respondentTypes.length)
    fields.respondentTypes = 'Select respondent types from the list';
  const counting = input.focusGroupCounting;
  if (!isCounting(counting)) fields.focusGroupCounting = 'Select how a focus group counts';
  if (Object.keys(fields).length || typeof opens !== 'string' || typeof closes !== 'string' || !isCounting(counting))
    throw new ValidationError(fields);
  const audience: Audience = { organisationIds, sectors: input.sectors, respondentTypes };
  if (!organisations.some((o) => inAudience(audience, o)))
    throw new ValidationError({
      organisationIds: 'No organisation is in both the organisations and the sectors selected',
    });
  return { name, opens_on: opens, closes_on: closes, audience, focus_group_counting: counting };
}

/** A round of the actor's partnership, or 404. */
export async function findOwnRound(db: Kysely<Database>, actor: Actor, id: number) {
  const round = await rounds.findRound(db, actor.partnershipId, id);
  if (!round) throw new NotFoundError('Self-assessment round');
  return round;
}
