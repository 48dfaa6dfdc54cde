/** A round's links: personal links issued in numbers, one open link per organisation, and all of them for a mail merge. */
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { type Actor, requireCapability } from '../../auth/actor.ts';
import { recordAudit } from '../audit/service.ts';
import {
  inAudience,
  respondentTypeIn,
  parseAudience,
  RESPONDENT_TYPES,
  respondentTypesOf,
  type RespondentType,
} from './codes.ts';
import * as rounds from './rounds-repository.ts';
import { findOwnRound } from './round-checks.ts';
import { invitationToken, newInvitationToken } from './tokens.ts';

export interface InvitationInput {
  organisationId: string;
  respondentType: string;
  count: string;
}

const MAX_LINKS = 500;

interface LinkDeps {
  db: Kysely<Database>;
  config: Pick<Config, 'sessionSecret' | 'baseUrl'>;
}

/** A new link's row: its token is kept only as a hash and a prefix. */
function invitation(
  secret: string,
  actor: Actor,
  roundId: number,
  organisationId: number,
  respondentType: RespondentType | null,
  at: string,
) {
  const { prefix, hash } = newInvitationToken(secret);
  return {
    partnership_id: actor.partnershipId,
    round_id: roundId,
    kind: respondentType ? ('personal' as const) : ('open' as const),
    token_hash: hash,
    token_prefix: prefix,
    organisation_id: organisationId,
    respondent_type: respondentType,
    label: null,
    created_at: at,
    used_at: null,
  };
}

/** Issues N personal links for an organisation and respondent type. */
export async function issuePersonal(
  deps: LinkDeps,
  actor: Actor,
  id: number,
  input: InvitationInput,
): Promise<{ count: number; organisation: string }> {
  requireCapability(actor, 'assessment:manage');
  const round = await findOwnRound(deps.db, actor, id);
  const audience = parseAudience(round.audience_json);
  const organisation = await rounds.findOrganisation(deps.db, actor.partnershipId, Number(input.organisationId) || 0);
  const fields: Record<string, string> = {};
  if (round.kind !== 'live' || round.status === 'closed')
    fields.organisationId = 'Links can only be issued while the round is in draft or open';
  else if (!organisation || !inAudience(audience, organisation))
    fields.organisationId = 'Select an organisation in the round’s audience';
  const respondentType = respondentTypeIn(respondentTypesOf(audience), input.respondentType);
  if (!respondentType) fields.respondentType = 'Select who the links are for';
  const count = /^\d{1,4}$/.test(input.count.trim()) ? Number(input.count.trim()) : NaN;
  if (!(count >= 1 && count <= MAX_LINKS)) fields.count = `Enter a number of links from 1 to ${MAX_LINKS}`;
  if (Object.keys(fields).length || !organisation || !respondentType) throw new ValidationError(fields);
  await deps.db.transaction().execute(async (trx) => {
    const at = nowIso();
    const rows = Array.from({ length: count }, () =>
      invitation(deps.config.sessionSecret, actor, id, organisation.id, respondentType, at),
    );
    await trx.insertInto('assessment_invitations').values(rows).execute();
    await recordAudit(trx, actor, {
      action: 'create',
      entityType: 'assessment_invitation',
      entityId: id,
      organisationId: organisation.id,
      summary: `Issued ${count} personal link${count === 1 ? '' : 's'} for ${organisation.name} (${RESPONDENT_TYPES[respondentType]}) in ${round.name}`,
    });
  });
  return { count, organisation: organisation.name };
}

/** One open link per organisation in the audience that has none yet. */
export async function issueOpenLinks(deps: LinkDeps, actor: Actor, id: number): Promise<{ count: number }> {
  requireCapability(actor, 'assessment:manage');
  const round = await findOwnRound(deps.db, actor, id);
  if (round.kind !== 'live' || round.status === 'closed')
    throw new ValidationError({ openLinks: 'Links can only be issued while the round is in draft or open' });
  const audience = parseAudience(round.audience_json);
  const existing = await rounds.invitationSummary(deps.db, actor.partnershipId, id);
  const missing = (await rounds.listOrganisations(deps.db, actor.partnershipId)).filter(
    (o) => inAudience(audience, o) && !existing.some((i) => i.kind === 'open' && i.organisation_id === o.id),
  );
  if (!missing.length) return { count: 0 };
  await deps.db.transaction().execute(async (trx) => {
    const at = nowIso();
    await trx
      .insertInto('assessment_invitations')
      .values(missing.map((o) => invitation(deps.config.sessionSecret, actor, id, o.id, null, at)))
      .execute();
    await recordAudit(trx, actor, {
      action: 'create',
      entityType: 'assessment_invitation',
      entityId: id,
      summary: `Issued open links for ${missing.length} organisation${missing.length === 1 ? '' : 's'} in ${round.name}`,
    });
  });
  return { count: missing.length };
}

/** Every link of the round, for a mail merge, at the site's public address (BASE_URL), like invite links. */
export async function roundLinks(deps: LinkDeps, actor: Actor, id: number) {
  requireCapability(actor, 'assessment:manage');
  const round = await findOwnRound(deps.db, actor, id);
  const rows = await rounds.listInvitations(deps.db, actor.partnershipId, id);
  return {
    round,
    links: rows.map((r) => {
      const token = invitationToken(deps.config.sessionSecret, r.token_prefix, r.token_hash);
      return {
        organisation: r.organisation_name ?? '',
        kind: r.kind === 'open' ? 'Open link' : 'Personal link',
        respondentType: r.respondent_type ? RESPONDENT_TYPES[r.respondent_type] : 'Any',
        link: token ? `${deps.config.baseUrl}/respond/${token}` : 'Cannot be shown again: issue a new link',
        used: r.kind === 'personal' ? (r.used_at ? 'Yes' : 'No') : '',
      };
    }),
  };
}
