/*
 * Practitioners join (issue 14, "People"): they register themselves with an address in one of
 * their organisation's email domains and confirm it by an emailed link; coordinators and
 * organisation training contacts add them (see registration-import.ts for CSV files).
 */
import type { Kysely } from 'kysely';
import { hasCapability, requireCapability, type Actor } from '../../auth/actor.ts';
import type { DatabaseEngine } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { NotFoundError, TooManyRequestsError, ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { actorForUser } from '../accounts/sign-in-service.ts';
import { LOOKBACK_MS, lockedUntil } from '../accounts/sign-in-throttle.ts';
import { enqueue } from '../messaging/repository.ts';
import { addPractitionerAccount, type AccountConfig } from './registration-accounts.ts';
import { createImportService } from './registration-import.ts';
import { checkPractitioner, domainOf, parseDomains } from './registration-input.ts';

type Db = Kysely<Database>;

export interface RegistrationChoice {
  id: number;
  name: string;
  partnershipId: number;
  partnershipName: string;
  domains: string[];
}

/** Organisations whose staff may register, with their domains: those that list at least one. */
async function registrationChoices(db: Db): Promise<RegistrationChoice[]> {
  const rows = await db
    .selectFrom('organisation_email_domains as d')
    .innerJoin('organisations as o', 'o.id', 'd.organisation_id')
    .innerJoin('partnerships as p', 'p.id', 'o.partnership_id')
    .select(['o.id', 'o.name', 'p.id as partnershipId', 'p.name as partnershipName', 'd.domain'])
    .orderBy('p.name')
    .orderBy('o.name')
    .orderBy('d.domain')
    .execute();
  const byId = new Map<number, RegistrationChoice>();
  for (const r of rows) {
    const choice = byId.get(r.id) ?? { ...r, domains: [] };
    choice.domains.push(r.domain);
    byId.set(r.id, choice);
  }
  return [...byId.values()];
}

async function throttle(db: Db, config: AccountConfig, email: string, ip: string): Promise<void> {
  const since = new Date(Date.now() - LOOKBACK_MS).toISOString();
  const recent = (column: 'email' | 'ip', value: string) =>
    db
      .selectFrom('training_registration_requests')
      .select(['ip', 'at'])
      .where(column, '=', value)
      .where('at', '>=', since)
      .orderBy('at', 'desc')
      .limit(2000)
      .execute()
      .then((rows) => rows.map((r) => ({ ...r, succeeded: false })));
  const [account, address] = await Promise.all([recent('email', email), recent('ip', ip)]);
  const rules = { maxFailures: config.signIn.maxFailures, maxLockMinutes: config.signIn.windowMinutes };
  const until = lockedUntil({ account, address, ip, knownAddress: false }, rules);
  if (until === null) return;
  const minutes = Math.max(1, Math.ceil((until - Date.now()) / 60_000));
  throw new TooManyRequestsError(
    `Too many registrations from here. Wait ${minutes} minute${minutes === 1 ? '' : 's'}, then try again.`,
    minutes * 60,
  );
}

/** Someone registering with an address that already has an account is told so by email, never on screen. */
async function remindExisting(
  trx: Db,
  config: AccountConfig,
  user: { id: number; partnership_id: number; email: string; display_name: string },
) {
  await enqueue(trx, [
    {
      key: `training-registration-exists:${user.id}:${nowIso()}`,
      template: 'training-registration-exists',
      partnershipId: user.partnership_id,
      userId: user.id,
      recipient: user.email,
      subject: 'You already have a One Workforce account',
      body:
        `Dear ${user.display_name},\n\nSomeone tried to register for training with this email address, which already has an account. ` +
        `Sign in at ${config.baseUrl}/sign-in, or if you have forgotten your password, reset it at ${config.baseUrl}/password-reset.` +
        '\n\nOne Workforce\nIf this was not you, you can ignore this email: nothing has changed.',
    },
  ]);
}

/** Problems of a self-registration's address and organisation against the listed domains, naming who to ask. */
function domainProblems(email: string, organisationId: number, choices: RegistrationChoice[]): Record<string, string> {
  const domain = domainOf(email);
  const chosen = choices.find((c) => c.id === organisationId);
  if (!choices.some((c) => c.domains.includes(domain)))
    return {
      email: `Email addresses ending @${domain} cannot register. Use your work email address; if that is the one you entered, ask your organisation’s training contact or your training coordinator to add @${domain} to your organisation’s email domains.`,
    };
  if (!chosen) return { organisation: 'Select the organisation you work for' };
  if (!chosen.domains.includes(domain))
    return {
      organisation: `${chosen.name} does not list @${domain} addresses (it lists @${chosen.domains.join(', @')}). Select the organisation you work for, or ask its training contact to add @${domain}.`,
    };
  return {};
}

async function register(db: Db, config: AccountConfig, form: Record<string, unknown>, ip: string): Promise<void> {
  const { details, errors } = checkPractitioner(form, 'self');
  const organisationId = Number(form.organisation) || 0;
  const choices = await registrationChoices(db);
  if (!errors.email) Object.assign(errors, domainProblems(details.email, organisationId, choices));
  const chosen = choices.find((c) => c.id === organisationId);
  if (!chosen) errors.organisation ??= 'Select the organisation you work for';
  if (Object.keys(errors).length || !chosen) throw new ValidationError(errors);
  await throttle(db, config, details.email, ip);
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('training_registration_requests').values({ email: details.email, ip, at: nowIso() }).execute();
    const user = await trx.selectFrom('users').selectAll().where('email', '=', details.email).executeTakeFirst();
    if (user) return remindExisting(trx, config, user);
    await addPractitionerAccount(
      trx,
      (u) => actorForUser(u, ip),
      { partnershipId: chosen.partnershipId, organisationId: chosen.id, details },
      config,
      'confirm',
    );
  });
}

/** The organisation a coordinator (any) or a training contact (their own) adds a practitioner to. */
export async function organisationFor(db: Db, actor: Actor, requested: unknown): Promise<number | null> {
  const id = hasCapability(actor, 'training:manage') ? Number(requested) || 0 : (actor.organisationId ?? 0);
  const row = await db
    .selectFrom('organisations')
    .select('id')
    .where('partnership_id', '=', actor.partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** A coordinator or training contact adds one practitioner, who is emailed an invitation. */
async function addOne(db: Db, config: AccountConfig, actor: Actor, form: Record<string, unknown>) {
  requireCapability(actor, 'training:book');
  const { details, errors } = checkPractitioner(form, 'other');
  const organisationId = await organisationFor(db, actor, form.organisation);
  if (!organisationId) errors.organisation = 'Select the practitioner’s organisation';
  if (!errors.email) {
    const taken = await db
      .selectFrom('training_practitioners')
      .select('id')
      .where('partnership_id', '=', actor.partnershipId)
      .where('email', '=', details.email)
      .executeTakeFirst();
    if (taken) errors.email = 'A practitioner with this email address is already registered';
  }
  if (Object.keys(errors).length || !organisationId) throw new ValidationError(errors);
  return db.transaction().execute(async (trx) => {
    const input = { partnershipId: actor.partnershipId, organisationId, details };
    return addPractitionerAccount(trx, actor, input, config, 'invite');
  });
}

/** Every organisation of the partnership with the email domains its staff register with. */
async function listDomains(db: Db, actor: Actor) {
  requireCapability(actor, 'training:manage');
  const [organisations, domains] = await Promise.all([
    db
      .selectFrom('organisations')
      .select(['id', 'name'])
      .where('partnership_id', '=', actor.partnershipId)
      .orderBy('name')
      .execute(),
    db
      .selectFrom('organisation_email_domains')
      .select(['organisation_id', 'domain'])
      .where('partnership_id', '=', actor.partnershipId)
      .orderBy('domain')
      .execute(),
  ]);
  return organisations.map((o) => ({
    ...o,
    domains: domains.filter((d) => d.organisation_id === o.id).map((d) => d.domain),
  }));
}

/** Replaces an organisation's email domains with those typed; a malformed one is named and nothing changes. */
async function saveDomains(db: Db, actor: Actor, organisationId: number, raw: string) {
  const organisation = (await listDomains(db, actor)).find((o) => o.id === organisationId);
  if (!organisation) throw new NotFoundError('Organisation');
  const { domains, errors } = parseDomains(raw);
  if (errors.length)
    throw new ValidationError({
      domains: `${errors.map((e) => `“${e}”`).join(', ')} ${errors.length === 1 ? 'is not a domain' : 'are not domains'}: enter each like example.nhs.uk, one a line`,
    });
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('organisation_email_domains').where('organisation_id', '=', organisationId).execute();
    const at = nowIso();
    if (domains.length)
      await trx
        .insertInto('organisation_email_domains')
        .values(
          domains.map((domain) => ({
            partnership_id: actor.partnershipId,
            organisation_id: organisationId,
            domain,
            created_at: at,
          })),
        )
        .execute();
    await recordAudit(trx, actor, {
      action: 'update',
      entityType: 'organisation',
      entityId: organisationId,
      organisationId,
      summary: `Changed the email domains of ${organisation.name}`,
      before: { domains: organisation.domains },
      after: { domains },
    });
  });
  return { name: organisation.name, domains };
}

/** Forgets registration requests once they no longer count for throttling (daily). */
export async function purgeRegistrationRequests(db: Db, now = Date.now()): Promise<void> {
  const dayAgo = new Date(now - LOOKBACK_MS).toISOString();
  await db.deleteFrom('training_registration_requests').where('at', '<', dayAgo).execute();
}

export function createRegistrationService(db: Db, engine: DatabaseEngine, config: AccountConfig) {
  return {
    ...createImportService(db, engine, config),
    /** Days the emailed link works. */
    validDays: config.inviteValidDays,
    choices: () => registrationChoices(db),
    register: (form: Record<string, unknown>, ip: string) => register(db, config, form, ip),
    add: (actor: Actor, form: Record<string, unknown>) => addOne(db, config, actor, form),
    domains: (actor: Actor) => listDomains(db, actor),
    saveDomains: (actor: Actor, organisationId: number, raw: string) => saveDomains(db, actor, organisationId, raw),
  };
}

export type RegistrationService = ReturnType<typeof createRegistrationService>;
