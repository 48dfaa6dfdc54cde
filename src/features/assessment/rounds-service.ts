import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { type Actor, hasCapability, requireCapability } from '../../auth/actor.ts';
import { recordAudit } from '../audit/service.ts';
import { inAudience, parseAudience, respondentTypesOf } from './codes.ts';
import { ensureDefaultFramework } from './repository.ts';
import { roundStatus } from './round-status.ts';
import { formatDate, todayInLondon } from '../../lib/dates.ts';
import * as rounds from './rounds-repository.ts';
import { checkRound, findOwnRound, type RoundInput } from './round-checks.ts';
import { issueOpenLinks, issuePersonal, roundLinks } from './round-links.ts';
import { withFirst } from '../../lib/with-first.ts';
import { keysOf } from '../../lib/records.ts';

const CHANGE_NAMES = {
  name: 'the name',
  opens_on: 'the opening date',
  closes_on: 'the closing date',
  audience: 'the audience',
  focus_group_counting: 'how focus groups count',
} as const;

/** A value as text for spotting changes; an audience's lists compare in any order. */
const comparable = (value: unknown): string =>
  JSON.stringify(
    value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, Array.isArray(v) ? v.map(String).sort() : v]))
      : value,
  );

/** Every round, newest first, with its response counts. */
async function list(db: Kysely<Database>, actor: Actor) {
  if (!hasCapability(actor, 'assessment:results')) requireCapability(actor, 'assessment:manage');
  return rounds.listRounds(db, actor.partnershipId);
}

/** Open live rounds the actor may answer as a signed-in user. */
async function openForActor(db: Kysely<Database>, actor: Actor) {
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
}

async function get(db: Kysely<Database>, actor: Actor, id: number) {
  requireCapability(actor, 'assessment:manage');
  const round = await findOwnRound(db, actor, id);
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
}

async function organisations(db: Kysely<Database>, actor: Actor) {
  requireCapability(actor, 'assessment:manage');
  return rounds.listOrganisations(db, actor.partnershipId);
}

async function create(db: Kysely<Database>, actor: Actor, input: RoundInput): Promise<{ id: number; name: string }> {
  requireCapability(actor, 'assessment:manage');
  const values = await checkRound(db, actor, input);
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
}

/** Changes a live round's name, dates, audience and focus-group counting; responses already given are kept. */
async function update(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  input: RoundInput,
): Promise<{ name: string; changed: boolean }> {
  requireCapability(actor, 'assessment:manage');
  const round = await findOwnRound(db, actor, id);
  if (round.kind !== 'live') throw new NotFoundError('Self-assessment round');
  const values = await checkRound(db, actor, input, id);
  const before = {
    name: round.name,
    opens_on: round.opens_on,
    closes_on: round.closes_on,
    audience: parseAudience(round.audience_json),
    focus_group_counting: round.focus_group_counting,
  };
  const changedKeys = keysOf(before).filter((k) => comparable(before[k]) !== comparable(values[k]));
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
}

/** Draft → open → closed; a closed round can be reopened while it is live. */
async function setStatus(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  status: 'open' | 'closed',
): Promise<{ name: string }> {
  requireCapability(actor, 'assessment:manage');
  const round = await findOwnRound(db, actor, id);
  if (round.kind !== 'live') throw new ValidationError({ status: 'A historic round cannot be opened or closed' });
  if (round.status === status) return { name: round.name };
  if (status === 'open' && round.closes_on !== null && round.closes_on < todayInLondon()) {
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
}

export function createRoundsService(db: Kysely<Database>, config: Pick<Config, 'sessionSecret' | 'baseUrl'>) {
  const links = { db, config };
  return {
    issuePersonal: withFirst(links, issuePersonal),
    issueOpenLinks: withFirst(links, issueOpenLinks),
    links: withFirst(links, roundLinks),
    list: withFirst(db, list),
    openForActor: withFirst(db, openForActor),
    get: withFirst(db, get),
    organisations: withFirst(db, organisations),
    create: withFirst(db, create),
    update: withFirst(db, update),
    setStatus: withFirst(db, setStatus),
  };
}

export type RoundsService = ReturnType<typeof createRoundsService>;
