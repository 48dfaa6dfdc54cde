import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { nowIso } from '../../lib/time.ts';
import { systemActor } from '../../auth/actor.ts';
import { hashPassword } from '../accounts/passwords.ts';
import type { Role } from '../../auth/roles.ts';
import { recordAudit } from '../audit/service.ts';
import { loadAssessmentDemo } from '../assessment/demo.ts';
import { loadWorkforceDemo } from '../workforce/returns/demo-returns.ts';
import { loadDemoPractitionerAccount, loadTrainingDemo } from '../training/demo.ts';
import { loadComplianceDemo } from '../training/compliance-demo.ts';
import { loadEvaluationDemo } from '../training/evaluation-demo.ts';
import { loadPlanDemo } from '../plan/demo.ts';
import { loadRiskDemo } from '../plan/demo-risks.ts';
import { loadGovernanceDemo } from '../plan/demo-governance.ts';
import { loadIndicatorDemo } from '../plan/demo-indicators.ts';
import { loadThemeIndicatorDemo } from '../reports/theme-demo.ts';
import { loadFundingDemo } from '../plan/demo-funding.ts';
import { loadGlossaryDemo } from '../plan/demo-glossary.ts';
import { loadStrategyDemo } from '../strategy/demo.ts';
import { freeSlugFor } from '../partnerships/repository.ts';

export const DEMO_PARTNERSHIP = "Demoshire Children's Trust";
export const DEMO_PASSWORD = 'demo-password-2026';

const ORGANISATIONS = [
  {
    name: 'Demoshire County Council',
    type: 'local_authority',
    sector: 'statutory',
    services: ['social_care', 'education', 'early_years', 'youth'],
  },
  { name: 'Demoshire Community Health NHS Trust', type: 'nhs_trust', sector: 'statutory', services: ['health'] },
  { name: 'Demoshire Police', type: 'police', sector: 'statutory', services: ['justice'] },
  {
    name: 'Demoshire Youth Justice Service',
    type: 'youth_justice',
    sector: 'statutory',
    services: ['justice', 'youth'],
  },
  { name: 'Riverside Academy Trust', type: 'school', sector: 'maintained', services: ['education'] },
  { name: 'Little Acorns Nurseries Ltd', type: 'early_years', sector: 'private', services: ['early_years'] },
  { name: 'Demoshire Young Carers', type: 'voluntary', sector: 'voluntary', services: ['social_care', 'youth'] },
  { name: 'Oakfield Children’s Homes', type: 'private_provider', sector: 'independent', services: ['social_care'] },
  { name: 'Demoshire Sport and Leisure Trust', type: 'other', sector: 'voluntary', services: ['sport_leisure'] },
] as const;

/** One demo user per role; the organisation is an index into ORGANISATIONS. */
export const DEMO_USERS: { email: string; name: string; role: Role; organisation: number | null }[] = [
  { email: 'sysadmin@demoshire.example', name: 'Sam Sysadmin', role: 'system_admin', organisation: null },
  { email: 'admin@demoshire.example', name: 'Alex Morgan', role: 'partnership_admin', organisation: 0 },
  { email: 'steering@demoshire.example', name: 'Priya Shah', role: 'steering_member', organisation: 1 },
  { email: 'datalead@demoshire.example', name: 'Jordan Lee', role: 'data_lead', organisation: 5 },
  { email: 'training@demoshire.example', name: 'Chris Taylor', role: 'training_coordinator', organisation: 0 },
  { email: 'viewer@demoshire.example', name: 'Morgan Evans', role: 'viewer', organisation: 4 },
  { email: 'trainingcontact@demoshire.example', name: 'Robin Clarke', role: 'training_contact', organisation: 1 },
  { email: 'practitioner@demoshire.example', name: 'Jamie Fox', role: 'practitioner', organisation: 1 },
];

export async function demoExists(db: Kysely<Database>): Promise<boolean> {
  return Boolean(
    await db.selectFrom('partnerships').select('id').where('name', '=', DEMO_PARTNERSHIP).executeTakeFirst(),
  );
}

/**
 * Loads (or reloads) the demo partnership. The audit log is append-only, so a reset keeps the
 * old partnership's audit trail and starts the demo afresh as a new partnership.
 */
export async function loadDemo(
  db: Kysely<Database>,
  options: { county?: boolean } = {},
): Promise<{ partnershipId: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const loaded = await db.transaction().execute(async (trx) => {
    const partnershipId = await newDemoPartnership(trx);
    const organisations = await insertOrganisations(trx, partnershipId);
    await insertUsers(
      trx,
      partnershipId,
      organisations.map((o) => o.id),
      passwordHash,
    );
    await loadFeatureDemos(trx, partnershipId, organisations, options);
    await recordAudit(trx, systemActor(partnershipId, 'Demo loader'), {
      action: 'create',
      entityType: 'partnership',
      entityId: partnershipId,
      summary: 'Loaded the demo partnership',
    });
    return { partnershipId };
  });
  // After a bulk load PostgreSQL has no statistics until autovacuum gets round to it, and plans the
  // compliance query (and others) as if the tables were empty: 3 s instead of 30 ms on the demo.
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`analyze`.execute(db);
  return loaded;
}

/** Archives the previous demo partnership (its name and slug freed) and adds a new one. */
async function newDemoPartnership(trx: Kysely<Database>): Promise<number> {
  await trx
    .updateTable('partnerships')
    .set({ name: `${DEMO_PARTNERSHIP} (archived ${nowIso()})`, slug: null })
    .where('name', '=', DEMO_PARTNERSHIP)
    .execute();
  const partnership = await trx
    .insertInto('partnerships')
    .values({
      name: DEMO_PARTNERSHIP,
      local_authority_code: 'E10000007',
      created_at: nowIso(),
      slug: await freeSlugFor(trx, DEMO_PARTNERSHIP),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return partnership.id;
}

async function insertOrganisations(trx: Kysely<Database>, partnershipId: number) {
  const at = nowIso();
  const organisations = [];
  for (const org of ORGANISATIONS) {
    const row = await trx
      .insertInto('organisations')
      .values({
        partnership_id: partnershipId,
        name: org.name,
        type: org.type,
        sector: org.sector,
        services: JSON.stringify(org.services),
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    organisations.push({ ...org, id: row.id });
  }
  return organisations;
}

/** The demo accounts; an earlier demo's accounts keep their history under an archived address. */
async function insertUsers(
  trx: Kysely<Database>,
  partnershipId: number,
  organisationIds: number[],
  passwordHash: string,
) {
  const at = nowIso();
  const previous = await trx
    .selectFrom('users')
    .select(['id', 'email'])
    .where(
      'email',
      'in',
      DEMO_USERS.map((u) => u.email),
    )
    .execute();
  for (const old of previous) {
    await trx
      .updateTable('users')
      .set({ email: `${old.email}.archived-${old.id}`, status: 'deactivated', updated_at: at })
      .where('id', '=', old.id)
      .execute();
  }
  for (const user of DEMO_USERS) {
    await trx
      .insertInto('users')
      .values({
        partnership_id: partnershipId,
        email: user.email,
        display_name: user.name,
        role: user.role,
        organisation_id: user.organisation === null ? null : (organisationIds[user.organisation] ?? null),
        password_hash: passwordHash,
        oidc_subject: null,
        status: 'active',
        created_at: at,
        updated_at: at,
        last_sign_in_at: null,
      })
      .execute();
  }
}

async function loadFeatureDemos(
  trx: Kysely<Database>,
  partnershipId: number,
  organisations: ((typeof ORGANISATIONS)[number] & { id: number })[],
  options: { county?: boolean },
) {
  await loadAssessmentDemo(trx, partnershipId, organisations);
  // Synthetic workforce returns (about 2,000 workers, or 25,000 with --county) at two census dates.
  await loadWorkforceDemo(trx, partnershipId, organisations, options);
  await loadTrainingDemo(
    trx,
    partnershipId,
    organisations.map((o) => o.id),
  );
  await loadDemoPractitionerAccount(trx, partnershipId, 'practitioner@demoshire.example', 'Jamie Fox');
  await loadComplianceDemo(trx, partnershipId);
  await loadEvaluationDemo(trx, partnershipId);
  const lead = await trx
    .selectFrom('users')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .where('email', '=', 'datalead@demoshire.example')
    .executeTakeFirstOrThrow();
  await loadPlanDemo(trx, partnershipId, lead.id);
  await loadRiskDemo(trx, partnershipId);
  await loadIndicatorDemo(trx, partnershipId);
  await loadThemeIndicatorDemo(trx, partnershipId);
  await loadFundingDemo(trx, partnershipId);
  await loadGovernanceDemo(trx, partnershipId);
  await loadGlossaryDemo(trx, partnershipId);
  await loadStrategyDemo(trx, partnershipId);
}
