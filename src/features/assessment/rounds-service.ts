import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { type Actor, hasCapability, requireCapability } from '../../auth/actor.ts';
import { SECTORS } from '../accounts/organisation-codes.ts';
import { recordAudit } from '../audit/service.ts';
import {
  type Audience,
  FOCUS_GROUP_COUNTING,
  inAudience,
  isRespondentType,
  parseAudience,
  RESPONDENT_TYPES,
  type RespondentType,
  respondentTypesOf,
  today,
} from './codes.ts';
import { ensureDefaultFramework } from './repository.ts';
import { formatDate, roundStatus } from './round-status.ts';
import * as rounds from './rounds-repository.ts';
import { invitationToken, newInvitationToken } from './tokens.ts';

export interface RoundInput {
  name: string;
  opensOn: { day: string; month: string; year: string };
  closesOn: { day: string; month: string; year: string };
  organisationIds: string[];
  sectors: string[];
  respondentTypes: string[];
  focusGroupCounting: string;
}

export interface InvitationInput {
  organisationId: string;
  respondentType: string;
  count: string;
}

const MAX_NAME = 120;
const CHANGE_NAMES = {
  name: 'the name',
  opens_on: 'the opening date',
  closes_on: 'the closing date',
  audience: 'the audience',
  focus_group_counting: 'how focus groups count',
} as const;
const MAX_LINKS = 500;

/** A value as text for spotting changes; an audience's lists compare in any order. */
const comparable = (value: unknown): string =>
  JSON.stringify(
    value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value).map(([k, v]) => [k, Array.isArray(v) ? [...(v as unknown[])].map(String).sort() : v]),
        )
      : value,
  );

/** A GOV.UK date input's three fields as YYYY-MM-DD, or an error message. */
export function parseDateParts(
  parts: { day: string; month: string; year: string },
  what: string,
): string | { error: string } {
  const [day, month, year] = [parts.day, parts.month, parts.year].map((p) => p.trim());
  if (!day && !month && !year) return { error: `Enter the ${what}` };
  if (!/^\d{1,2}$/.test(day ?? '') || !/^\d{1,2}$/.test(month ?? '') || !/^\d{4}$/.test(year ?? ''))
    return { error: `The ${what} must be a real date, like 27 3 2026` };
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCDate() !== Number(day) || date.getUTCMonth() !== Number(month) - 1)
    return { error: `The ${what} must be a real date` };
  return date.toISOString().slice(0, 10);
}

export function createRoundsService(db: Kysely<Database>, config: Pick<Config, 'sessionSecret'>) {
  async function find(actor: Actor, id: number) {
    const round = await rounds.findRound(db, actor.partnershipId, id);
    if (!round) throw new NotFoundError('Self-assessment round');
    return round;
  }

  /** `roundId` is the round being changed, which may keep its own name. */
  async function check(actor: Actor, input: RoundInput, roundId?: number) {
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
    if (input.respondentTypes.some((t) => !isRespondentType(t)))
      fields.respondentTypes = 'Select respondent types from the list';
    if (!(input.focusGroupCounting in FOCUS_GROUP_COUNTING))
      fields.focusGroupCounting = 'Select how a focus group counts';
    if (Object.keys(fields).length) throw new ValidationError(fields);
    const audience: Audience = {
      organisationIds,
      sectors: input.sectors,
      respondentTypes: input.respondentTypes as RespondentType[],
    };
    if (!organisations.some((o) => inAudience(audience, o)))
      throw new ValidationError({
        organisationIds: 'No organisation is in both the organisations and the sectors selected',
      });
    return {
      name,
      opens_on: opens as string,
      closes_on: closes as string,
      audience,
      focus_group_counting: input.focusGroupCounting as 'one' | 'participants',
    };
  }

  return {
    /** Every round, newest first, with its response counts. */
    async list(actor: Actor) {
      if (!hasCapability(actor, 'assessment:results')) requireCapability(actor, 'assessment:manage');
      return rounds.listRounds(db, actor.partnershipId);
    },

    /** Open live rounds the actor may answer as a signed-in user. */
    async openForActor(actor: Actor) {
      requireCapability(actor, 'assessment:respond');
      const open = (await rounds.listRounds(db, actor.partnershipId)).filter(
        (r) => r.status === 'open' && r.kind === 'live',
      );
      const organisation =
        actor.organisationId === null
          ? undefined
          : await rounds.findOrganisation(db, actor.partnershipId, actor.organisationId);
      const result = [];
      for (const round of open) {
        if (!roundStatus(round).answerable) continue;
        const audience = parseAudience(round.audience_json);
        if (organisation ? !inAudience(audience, organisation) : audience.organisationIds.length > 0) continue;
        const own =
          actor.userId === null
            ? undefined
            : await rounds.findUserResponse(db, actor.partnershipId, round.id, actor.userId);
        result.push({ ...round, respondentTypes: respondentTypesOf(audience), ownStatus: own?.status ?? null });
      }
      return result;
    },

    async get(actor: Actor, id: number) {
      requireCapability(actor, 'assessment:manage');
      const round = await find(actor, id);
      const audience = parseAudience(round.audience_json);
      const [organisations, counts, invitations, focusGroups] = await Promise.all([
        rounds.listOrganisations(db, actor.partnershipId),
        rounds.countsByOrganisation(db, actor.partnershipId, id),
        rounds.invitationSummary(db, actor.partnershipId, id),
        rounds.listFocusGroups(db, actor.partnershipId, id),
      ]);
      const audienceOrganisations = organisations.filter((o) => inAudience(audience, o));
      const perOrganisation = [
        ...audienceOrganisations,
        ...organisations.filter((o) => !inAudience(audience, o) && counts.some((c) => c.organisation_id === o.id)),
      ].map((o) => {
        const mine = counts.filter((c) => c.organisation_id === o.id);
        const sum = (status: string) => mine.filter((c) => c.status === status).reduce((t, c) => t + Number(c.n), 0);
        const invited = invitations.filter((i) => i.organisation_id === o.id);
        return {
          id: o.id,
          name: o.name,
          submitted: sum('submitted'),
          inProgress: sum('in_progress'),
          personalLinks: invited.filter((i) => i.kind === 'personal').reduce((t, i) => t + Number(i.n), 0),
          usedLinks: invited.filter((i) => i.kind === 'personal').reduce((t, i) => t + Number(i.used), 0),
          openLink: invited.some((i) => i.kind === 'open'),
        };
      });
      const unassigned = counts.filter((c) => c.organisation_id === null);
      return {
        round,
        audience,
        audienceOrganisations,
        perOrganisation,
        focusGroups,
        respondentTypes: respondentTypesOf(audience),
        totals: {
          submitted: counts.filter((c) => c.status === 'submitted').reduce((t, c) => t + Number(c.n), 0),
          inProgress: counts.filter((c) => c.status === 'in_progress').reduce((t, c) => t + Number(c.n), 0),
          unassignedSubmitted: unassigned.filter((c) => c.status === 'submitted').reduce((t, c) => t + Number(c.n), 0),
        },
        canSeeResults: hasCapability(actor, 'assessment:results'),
      };
    },

    async organisations(actor: Actor) {
      requireCapability(actor, 'assessment:manage');
      return rounds.listOrganisations(db, actor.partnershipId);
    },

    async create(actor: Actor, input: RoundInput): Promise<{ id: number; name: string }> {
      requireCapability(actor, 'assessment:manage');
      const values = await check(actor, input);
      const frameworkId = await ensureDefaultFramework(db, actor.partnershipId);
      return db.transaction().execute(async (trx) => {
        const at = nowIso();
        const { id } = await trx
          .insertInto('assessment_rounds')
          .values({
            partnership_id: actor.partnershipId,
            framework_id: frameworkId,
            name: values.name,
            kind: 'live',
            status: 'draft',
            opens_on: values.opens_on,
            closes_on: values.closes_on,
            audience_json: JSON.stringify(values.audience),
            focus_group_counting: values.focus_group_counting,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, actor, {
          action: 'create',
          entityType: 'assessment_round',
          entityId: id,
          summary: `Created self-assessment round ${values.name}`,
          after: { ...values, frameworkId },
        });
        return { id, name: values.name };
      });
    },

    /** Changes a live round's name, dates, audience and focus-group counting; responses already given are kept. */
    async update(actor: Actor, id: number, input: RoundInput): Promise<{ name: string; changed: boolean }> {
      requireCapability(actor, 'assessment:manage');
      const round = await find(actor, id);
      if (round.kind !== 'live') throw new NotFoundError('Self-assessment round');
      const values = await check(actor, input, id);
      const before = {
        name: round.name,
        opens_on: round.opens_on,
        closes_on: round.closes_on,
        audience: parseAudience(round.audience_json),
        focus_group_counting: round.focus_group_counting,
      };
      const changedKeys = (Object.keys(before) as (keyof typeof before)[]).filter(
        (k) => comparable(before[k]) !== comparable(values[k]),
      );
      if (!changedKeys.length) return { name: round.name, changed: false };
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('assessment_rounds')
          .set({
            name: values.name,
            opens_on: values.opens_on,
            closes_on: values.closes_on,
            audience_json: JSON.stringify(values.audience),
            focus_group_counting: values.focus_group_counting,
            updated_at: nowIso(),
          })
          .where('partnership_id', '=', actor.partnershipId)
          .where('id', '=', id)
          .execute();
        await recordAudit(trx, actor, {
          action: 'update',
          entityType: 'assessment_round',
          entityId: id,
          summary: `Changed ${changedKeys.map((k) => CHANGE_NAMES[k]).join(', ')} of self-assessment round ${values.name}`,
          before: Object.fromEntries(changedKeys.map((k) => [k, before[k]])),
          after: Object.fromEntries(changedKeys.map((k) => [k, values[k]])),
        });
      });
      return { name: values.name, changed: true };
    },

    /** Draft → open → closed; a closed round can be reopened while it is live. */
    async setStatus(actor: Actor, id: number, status: 'open' | 'closed'): Promise<{ name: string }> {
      requireCapability(actor, 'assessment:manage');
      const round = await find(actor, id);
      if (round.kind !== 'live') throw new ValidationError({ status: 'A historic round cannot be opened or closed' });
      if (round.status === status) return { name: round.name };
      if (status === 'open' && round.closes_on !== null && round.closes_on < today()) {
        throw new ValidationError({
          status: `The closing date, ${formatDate(round.closes_on)}, has passed: change the closing date before you open the round`,
        });
      }
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('assessment_rounds')
          .set({ status, updated_at: nowIso() })
          .where('partnership_id', '=', actor.partnershipId)
          .where('id', '=', id)
          .execute();
        await recordAudit(trx, actor, {
          action: status === 'open' ? 'open' : 'close',
          entityType: 'assessment_round',
          entityId: id,
          summary: `${status === 'open' ? 'Opened' : 'Closed'} self-assessment round ${round.name}`,
          before: { status: round.status },
          after: { status },
        });
      });
      return { name: round.name };
    },

    /** Issues N personal links for an organisation and respondent type. */
    async issuePersonal(
      actor: Actor,
      id: number,
      input: InvitationInput,
    ): Promise<{ count: number; organisation: string }> {
      requireCapability(actor, 'assessment:manage');
      const round = await find(actor, id);
      const audience = parseAudience(round.audience_json);
      const organisation = await rounds.findOrganisation(db, actor.partnershipId, Number(input.organisationId) || 0);
      const fields: Record<string, string> = {};
      if (round.kind !== 'live' || round.status === 'closed')
        fields.organisationId = 'Links can only be issued while the round is in draft or open';
      else if (!organisation || !inAudience(audience, organisation))
        fields.organisationId = 'Select an organisation in the round’s audience';
      if (!respondentTypesOf(audience).includes(input.respondentType as RespondentType))
        fields.respondentType = 'Select who the links are for';
      const count = /^\d{1,4}$/.test(input.count.trim()) ? Number(input.count.trim()) : NaN;
      if (!(count >= 1 && count <= MAX_LINKS)) fields.count = `Enter a number of links from 1 to ${MAX_LINKS}`;
      if (Object.keys(fields).length || !organisation) throw new ValidationError(fields);
      await db.transaction().execute(async (trx) => {
        const at = nowIso();
        const rows = Array.from({ length: count }, () => {
          const { prefix, hash } = newInvitationToken(config.sessionSecret);
          return {
            partnership_id: actor.partnershipId,
            round_id: id,
            kind: 'personal' as const,
            token_hash: hash,
            token_prefix: prefix,
            organisation_id: organisation.id,
            respondent_type: input.respondentType as RespondentType,
            label: null,
            created_at: at,
            used_at: null,
          };
        });
        await trx.insertInto('assessment_invitations').values(rows).execute();
        await recordAudit(trx, actor, {
          action: 'create',
          entityType: 'assessment_invitation',
          entityId: id,
          organisationId: organisation.id,
          summary: `Issued ${count} personal link${count === 1 ? '' : 's'} for ${organisation.name} (${RESPONDENT_TYPES[input.respondentType as RespondentType]}) in ${round.name}`,
        });
      });
      return { count, organisation: organisation.name };
    },

    /** One open link per organisation in the audience that has none yet. */
    async issueOpenLinks(actor: Actor, id: number): Promise<{ count: number }> {
      requireCapability(actor, 'assessment:manage');
      const round = await find(actor, id);
      if (round.kind !== 'live' || round.status === 'closed')
        throw new ValidationError({ openLinks: 'Links can only be issued while the round is in draft or open' });
      const audience = parseAudience(round.audience_json);
      const existing = await rounds.invitationSummary(db, actor.partnershipId, id);
      const missing = (await rounds.listOrganisations(db, actor.partnershipId)).filter(
        (o) => inAudience(audience, o) && !existing.some((i) => i.kind === 'open' && i.organisation_id === o.id),
      );
      if (!missing.length) return { count: 0 };
      await db.transaction().execute(async (trx) => {
        const at = nowIso();
        await trx
          .insertInto('assessment_invitations')
          .values(
            missing.map((o) => {
              const { prefix, hash } = newInvitationToken(config.sessionSecret);
              return {
                partnership_id: actor.partnershipId,
                round_id: id,
                kind: 'open' as const,
                token_hash: hash,
                token_prefix: prefix,
                organisation_id: o.id,
                respondent_type: null,
                label: null,
                created_at: at,
                used_at: null,
              };
            }),
          )
          .execute();
        await recordAudit(trx, actor, {
          action: 'create',
          entityType: 'assessment_invitation',
          entityId: id,
          summary: `Issued open links for ${missing.length} organisation${missing.length === 1 ? '' : 's'} in ${round.name}`,
        });
      });
      return { count: missing.length };
    },

    /** Every link of the round, for a mail merge; `origin` is the site's address, e.g. https://example.org. */
    async links(actor: Actor, id: number, origin: string) {
      requireCapability(actor, 'assessment:manage');
      const round = await find(actor, id);
      const rows = await rounds.listInvitations(db, actor.partnershipId, id);
      return {
        round,
        links: rows.map((r) => {
          const token = invitationToken(config.sessionSecret, r.token_prefix, r.token_hash);
          return {
            organisation: r.organisation_name ?? '',
            kind: r.kind === 'open' ? 'Open link' : 'Personal link',
            respondentType: r.respondent_type ? RESPONDENT_TYPES[r.respondent_type] : 'Any',
            link: token ? `${origin}/respond/${token}` : 'Cannot be shown again: issue a new link',
            used: r.kind === 'personal' ? (r.used_at ? 'Yes' : 'No') : '',
          };
        }),
      };
    },
  };
}

export type RoundsService = ReturnType<typeof createRoundsService>;
