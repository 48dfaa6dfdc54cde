import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { ValidationError } from '../../lib/errors.ts';
import { addDays, todayInLondon } from '../../lib/dates.ts';
import { nowIso } from '../../lib/time.ts';
import { type Actor, requireCapability } from '../../auth/actor.ts';
import { recordAudit } from '../audit/service.ts';
import { optedOut } from '../messaging/preferences.ts';
import { enqueue, type NewMessage } from '../messaging/repository.ts';
import { assessmentReminderText, personalLinkText } from '../messaging/templates.ts';
import { inAudience, parseAudience, RESPONDENT_TYPES, respondentTypeIn, respondentTypesOf } from './codes.ts';
import { roundStatus } from './round-status.ts';
import * as rounds from './rounds-repository.ts';
import { invitationToken, newInvitationToken } from './tokens.ts';

export interface EmailLinksInput {
  organisationId: string;
  respondentType: string;
  emails: string;
}

const MAX_ADDRESSES = 500;
const EMAIL = /^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]+$/;

/** The addresses in a pasted list (one a line, or separated by commas or semicolons), lower-case, once each. */
export function parseAddresses(text: string): { addresses: string[]; invalid: string[] } {
  const parts = text
    .split(/[\r\n,;]+/)
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  return {
    addresses: [...new Set(parts.filter((p) => EMAIL.test(p)))],
    invalid: parts.filter((p) => !EMAIL.test(p)),
  };
}

type Db = Kysely<Database>;
type EmailConfig = Pick<Config, 'sessionSecret' | 'baseUrl'>;

/** The form checked: the round open, the organisation and respondent type in its audience, the addresses readable. */
async function checkEmailLinks(db: Db, actor: Actor, roundId: number, input: EmailLinksInput) {
  const round = await rounds.findRound(db, actor.partnershipId, roundId);
  if (!round) throw new ValidationError({ organisationId: 'This round no longer exists' });
  const audience = parseAudience(round.audience_json);
  const organisation = await rounds.findOrganisation(db, actor.partnershipId, Number(input.organisationId) || 0);
  const fields: Record<string, string> = {};
  if (round.kind !== 'live' || roundStatus(round).phase !== 'open')
    fields.organisationId = 'Links can be emailed only while the round is open: open the round first';
  else if (!organisation || !inAudience(audience, organisation))
    fields.organisationId = 'Select an organisation in the round’s audience';
  const respondentType = respondentTypeIn(respondentTypesOf(audience), input.respondentType);
  if (!respondentType) fields.respondentType = 'Select who the links are for';
  const { addresses, invalid } = parseAddresses(input.emails);
  if (invalid.length)
    fields.emails = `Enter email addresses in the correct format, like name@example.com (“${invalid[0]}” is not one)`;
  else if (!addresses.length) fields.emails = 'Enter the email addresses to send personal links to, one a line';
  else if (addresses.length > MAX_ADDRESSES) fields.emails = `Enter at most ${MAX_ADDRESSES} addresses at a time`;
  if (Object.keys(fields).length || !organisation || !respondentType) throw new ValidationError(fields);
  return { round, organisation, addresses, respondentType };
}

/**
 * Personal self-assessment links sent by email from the round page (the mail-merge CSV stays),
 * and the scheduled reminders to those who have not answered (docs/adr/0021). The address is kept
 * on the invitation only while the round is open, to send those reminders; never with the answers.
 */
export function createRoundEmailService(db: Db, config: EmailConfig) {
  return {
    /** Issues one personal link per new address and queues its email in the same transaction. */
    async sendPersonalLinks(
      actor: Actor,
      roundId: number,
      input: EmailLinksInput,
    ): Promise<{ sent: number; skipped: number }> {
      requireCapability(actor, 'assessment:manage');
      const { round, organisation, addresses, respondentType } = await checkEmailLinks(db, actor, roundId, input);
      return db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('assessment_invitations')
          .select('email')
          .where('partnership_id', '=', actor.partnershipId)
          .where('round_id', '=', roundId)
          .where('email', 'in', addresses)
          .execute();
        const already = new Set(existing.map((r) => r.email));
        const fresh = addresses.filter((a) => !already.has(a));
        const at = nowIso();
        const messages: NewMessage[] = [];
        for (const email of fresh) {
          const { token, prefix, hash } = newInvitationToken(config.sessionSecret);
          const invitation = await trx
            .insertInto('assessment_invitations')
            .values({
              partnership_id: actor.partnershipId,
              round_id: roundId,
              kind: 'personal',
              token_hash: hash,
              token_prefix: prefix,
              organisation_id: organisation.id,
              respondent_type: respondentType,
              label: null,
              created_at: at,
              used_at: null,
              email,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          const text = personalLinkText(round.name, `${config.baseUrl}/respond/${token}`, round.closes_on ?? '');
          messages.push({
            ...text,
            key: `assessment-link:${invitation.id}`,
            partnershipId: actor.partnershipId,
            userId: null,
            recipient: email,
          });
        }
        await enqueue(trx, messages);
        if (fresh.length)
          await recordAudit(trx, actor, {
            action: 'create',
            entityType: 'assessment_invitation',
            entityId: roundId,
            organisationId: organisation.id,
            summary: `Emailed ${fresh.length} personal link${fresh.length === 1 ? '' : 's'} for ${organisation.name} (${RESPONDENT_TYPES[respondentType]}) in ${round.name}`,
          });
        return { sent: fresh.length, skipped: addresses.length - fresh.length };
      });
    },
  };
}

/**
 * The scheduled self-assessment reminder: for open rounds closing `daysBefore` days from today,
 * each emailed personal link not yet answered gets one reminder carrying the same link (unless the
 * address is a user's who switched these reminders off). Addresses of rounds that have closed are
 * forgotten. Keys are per invitation and day: a second run the same day sends nothing.
 */
export async function queueAssessmentReminders(
  db: Db,
  config: EmailConfig,
  options: { today?: string; daysBefore: number },
): Promise<number> {
  const today = options.today ?? todayInLondon();
  await db
    .updateTable('assessment_invitations')
    .set({ email: null })
    .where('email', 'is not', null)
    .where('round_id', 'in', (eb) =>
      eb
        .selectFrom('assessment_rounds')
        .select('id')
        .where((w) => w.or([w('status', '=', 'closed'), w('closes_on', '<', today)])),
    )
    .execute();
  if (options.daysBefore <= 0) return 0;
  const pending = await db
    .selectFrom('assessment_invitations as i')
    .innerJoin('assessment_rounds as r', 'r.id', 'i.round_id')
    .select(['i.id', 'i.partnership_id', 'i.email', 'i.token_prefix', 'i.token_hash', 'r.name', 'r.closes_on'])
    .where('r.status', '=', 'open')
    .where('r.closes_on', '=', addDays(today, options.daysBefore))
    .where('i.kind', '=', 'personal')
    .where('i.used_at', 'is', null)
    .where('i.email', 'is not', null)
    .execute();
  const addresses = [...new Set(pending.map((p) => p.email ?? ''))];
  const users: { id: number; email: string }[] = [];
  // Chunks keep each statement under the engines' bound-parameter limits.
  for (let i = 0; i < addresses.length; i += 500)
    users.push(
      ...(await db
        .selectFrom('users')
        .select(['id', 'email'])
        .where('email', 'in', addresses.slice(i, i + 500))
        .execute()),
    );
  const off = await optedOut(
    db,
    'assessment-reminder',
    users.map((u) => u.id),
  );
  const silenced = new Set(users.filter((u) => off.has(u.id)).map((u) => u.email));
  const messages: NewMessage[] = [];
  for (const p of pending) {
    const token = invitationToken(config.sessionSecret, p.token_prefix, p.token_hash);
    if (!token || !p.email || silenced.has(p.email)) continue;
    const link = `${config.baseUrl}/respond/${token}`;
    const userId = users.find((u) => u.email === p.email)?.id ?? null;
    // Only someone with an account has an account page on which to switch reminders off.
    const accountUrl = userId === null ? null : `${config.baseUrl}/account`;
    messages.push({
      ...assessmentReminderText(p.name, link, p.closes_on ?? '', accountUrl),
      key: `assessment-reminder:${p.id}:${today}`,
      partnershipId: p.partnership_id,
      userId,
      recipient: p.email,
    });
  }
  await db.transaction().execute((trx) => enqueue(trx, messages));
  return messages.length;
}
