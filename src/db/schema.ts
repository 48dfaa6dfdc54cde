import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/*
 * Portable column conventions (one set of migrations for SQLite and PostgreSQL):
 * timestamps are ISO 8601 UTC text, dates are YYYY-MM-DD text, booleans are 0/1 integers,
 * lists are JSON text. See docs/adr/0003-portable-columns.md.
 */

export interface PartnershipTable {
  id: Generated<number>;
  name: string;
  local_authority_code: string | null;
  created_at: string;
}

export interface OrganisationTable {
  id: Generated<number>;
  partnership_id: number;
  name: string;
  type: string;
  sector: string;
  services: string; // JSON array of service codes
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: Generated<number>;
  partnership_id: number;
  email: string; // stored lower-case
  display_name: string;
  role: string;
  organisation_id: number | null;
  password_hash: string | null;
  oidc_subject: string | null;
  status: 'invited' | 'active' | 'deactivated';
  created_at: string;
  updated_at: string;
  last_sign_in_at: string | null;
}

export interface InviteTable {
  id: Generated<number>;
  partnership_id: number;
  user_id: number;
  token_hash: string;
  created_by: number | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  partnership_id: number;
  user_id: number;
  name: string;
  token_hash: string;
  token_prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditEventTable {
  id: Generated<number>;
  partnership_id: number;
  at: string;
  actor_user_id: number | null;
  actor_label: string;
  organisation_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  summary: string;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
}

export interface SignInAttemptTable {
  id: Generated<number>;
  partnership_id: number | null;
  email: string;
  ip: string;
  at: string;
  succeeded: number;
}

export interface SessionTable {
  sid: string;
  data: string;
  expires_at: string;
}

export interface Database {
  partnerships: PartnershipTable;
  organisations: OrganisationTable;
  users: UserTable;
  invites: InviteTable;
  api_tokens: ApiTokenTable;
  audit_events: AuditEventTable;
  sign_in_attempts: SignInAttemptTable;
  sessions: SessionTable;
}

export type Partnership = Selectable<PartnershipTable>;
export type Organisation = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type OrganisationUpdate = Updateable<OrganisationTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type AuditEvent = Selectable<AuditEventTable>;
export type ApiToken = Selectable<ApiTokenTable>;
