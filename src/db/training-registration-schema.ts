import type { Generated } from 'kysely';

/** An email domain an organisation's staff register with (migration 0025), lower-case, without "@". */
export interface OrganisationEmailDomainTable {
  id: Generated<number>;
  partnership_id: number;
  organisation_id: number;
  domain: string;
  created_at: string;
}

/** Each self-registration attempt, counted by address and IP for throttling, forgotten after a day. */
export interface TrainingRegistrationRequestTable {
  id: Generated<number>;
  email: string;
  ip: string;
  at: string;
}

/** A checked CSV import waiting for review: practitioners, or one session's attendance. */
export interface TrainingImportTable {
  id: Generated<number>;
  partnership_id: number;
  kind: 'practitioners' | 'attendance';
  session_id: number | null;
  file_name: string;
  rows_json: string;
  created_by: number | null;
  created_at: string;
  committed_at: string | null;
}

/** The partnership has switched its public catalogue and .ics feed on. */
export interface TrainingPublicCatalogueTable {
  id: Generated<number>;
  partnership_id: number;
  switched_on_at: string;
}

/** This schema file's tables, by name, for the Database interface. */
export interface TrainingRegistrationTables {
  organisation_email_domains: OrganisationEmailDomainTable;
  training_registration_requests: TrainingRegistrationRequestTable;
  training_imports: TrainingImportTable;
  training_public_catalogues: TrainingPublicCatalogueTable;
}
