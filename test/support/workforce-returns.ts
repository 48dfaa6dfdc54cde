import { systemActor } from '../../src/auth/actor.ts';
import type { Services } from '../../src/services.ts';
import { WORKER_FIELDS } from '../../src/features/workforce/standard/standard.ts';

/** Helpers for the workforce returns tests: a valid worker row, CSV text, test organisations and data leads. */
export const TEST_PASSWORD = 'a long enough test password';

export type Row = Record<string, string>;

export const worker = (id: string, changes: Row = {}): Row => ({
  worker_id: id,
  service: 'early_years',
  job_role: 'early_years_practitioner',
  job_role_other: '',
  workforce_group: 'core',
  employment_type: 'employee',
  contract_type: 'permanent',
  fte: '1',
  contracted_hours: '37',
  start_date: '2020-01-06',
  leaving_date: '',
  leaving_reason: '',
  birth_year: '1985',
  sex: 'female',
  gender_identity: '',
  ethnicity: 'white_british',
  disability: 'no',
  qualification_level: '3',
  apprentice: 'no',
  sickness_days: '2',
  safeguarding_level: '2',
  manager: 'no',
  ...changes,
});

export const leaver = (id: string, changes: Row = {}): Row =>
  worker(id, { leaving_date: '2030-03-31', leaving_reason: 'resigned', ...changes });

const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function csv(rows: Row[]): string {
  const lines = [WORKER_FIELDS.join(',')];
  for (const row of rows) lines.push(WORKER_FIELDS.map((f) => cell(row[f] ?? '')).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** An organisation and its data lead (who can sign in with TEST_PASSWORD), made through the services as an administrator would. */
export async function organisationWithLead(services: Services, partnershipId: number, name: string, email: string) {
  const actor = systemActor(partnershipId, 'Test setup');
  const organisation = await services.organisations.create(actor, {
    name,
    type: 'early_years',
    sector: 'private',
    services: ['early_years'],
  });
  const { user } = await services.users.create(
    actor,
    { name: `${name} lead`, email, role: 'data_lead', organisation: String(organisation.id) },
    TEST_PASSWORD,
  );
  return { organisationId: organisation.id, user };
}
