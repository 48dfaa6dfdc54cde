import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  WorkforceCollectionTable,
  ReturnUploadTable,
  StagedVacancyRecordTable,
  UploadProblemTable,
  WorkforceReturnTable,
  WorkerRecordTable,
  VacancyRecordTable,
  ProfileCellTable,
  StagedProfileCellTable,
  WorkforceSettingsTable,
  DisclosureSecretTable,
} from './workforce-schema.ts';
import type {
  OutboxMessageTable,
  PasswordResetRequestTable,
  PasswordResetTable,
  ReminderOptOutTable,
  ScheduledJobTable,
} from './messaging-schema.ts';
import type {
  TrainingBookingEventTable,
  TrainingBookingTable,
  TrainingCertificateTable,
  TrainingCourseTable,
  TrainingPractitionerTable,
  TrainingSessionDateTable,
  TrainingSessionTable,
} from './training-schema.ts';
import type { TrainingComplianceTables } from './training-compliance-schema.ts';
import type { TrainingEvaluationTables } from './training-evaluation-schema.ts';
import type { TrainingRegistrationTables } from './training-registration-schema.ts';
import type {
  PlanActionCourseTable,
  PlanActionTable,
  PlanActionUpdateTable,
  PlanImportTable,
  PlanFundingStreamTable,
  PlanGlossaryTable,
  PlanLedgerTable,
  PlanIndicatorTable,
  PlanIndicatorTargetTable,
  PlanIndicatorValueTable,
  PlanObjectiveTable,
  PlanPriorityTable,
  PlanRiskActionTable,
  PlanRiskHistoryTable,
  PlanRiskTable,
} from './plan-schema.ts';
import type { StrategyTables } from './strategy-schema.ts';
import type { GovernanceTables } from './governance-schema.ts';
import type { ReportTables } from './reports-schema.ts';

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
  /** The public pages' address segment (`/p/<slug>`); null once given up (an archived demo). */
  slug: string | null;
}

export interface OrganisationTable {
  id: Generated<number>;
  partnership_id: number;
  name: string;
  type: string;
  sector: string;
  services: string; // JSON array of service codes
  full_time_hours: Generated<number>;
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
  /** Failed sign-ins before this no longer count (an administrator's audited unlock). */
  sign_in_unlocked_at: string | null;
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
  /** Whose session (migration 0017), so a password reset can end them all. */
  user_id: number | null;
}

/* One Children's Workforce self-assessment (migration 0002). Themes and stages are positions 1–8. */
export interface AssessmentFrameworkTable {
  id: Generated<number>;
  partnership_id: number;
  name: string;
  version: number;
  based_on_id: number | null;
  levels_json: string; // JSON array of 5 level descriptors for scores 1..5
  created_at: string;
}

export interface AssessmentFrameworkThemeTable {
  id: Generated<number>;
  partnership_id: number;
  framework_id: number;
  position: number;
  name: string;
  colour: string;
  description: string;
}

export interface AssessmentFrameworkStageTable {
  id: Generated<number>;
  partnership_id: number;
  framework_id: number;
  position: number;
  name: string;
  description: string;
}

export interface AssessmentRoundTable {
  id: Generated<number>;
  partnership_id: number;
  framework_id: number;
  name: string;
  kind: 'live' | 'historic';
  status: 'draft' | 'open' | 'closed';
  opens_on: string | null;
  closes_on: string | null;
  audience_json: string; // {"organisationIds":[],"sectors":[],"respondentTypes":[]}
  focus_group_counting: 'one' | 'participants';
  created_at: string;
  updated_at: string;
}

export interface AssessmentInvitationTable {
  id: Generated<number>;
  partnership_id: number;
  round_id: number;
  kind: 'personal' | 'open';
  token_hash: string;
  token_prefix: string;
  organisation_id: number | null;
  respondent_type: 'leader' | 'frontline' | null;
  label: string | null;
  created_at: string;
  used_at: string | null;
  /** The address a personal link was emailed to, kept only while the round is open (migration 0017). */
  email: string | null;
}

export interface AssessmentResponseTable {
  id: Generated<number>;
  partnership_id: number;
  round_id: number;
  invitation_id: number | null;
  user_id: number | null;
  organisation_id: number | null;
  organisation_type: string | null;
  sector: string | null;
  respondent_type: 'leader' | 'frontline';
  source: 'personal' | 'open' | 'user' | 'focus_group';
  participants: number;
  status: 'in_progress' | 'submitted';
  resume_token_hash: string | null;
  submitted_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface AssessmentAnswerTable {
  id: Generated<number>;
  partnership_id: number;
  round_id: number;
  response_id: number;
  theme: number;
  stage: number;
  score: number | null;
  answer_kind: 'score' | 'dont_know' | 'not_applicable';
  /* Copied from the response when it is submitted (migration 0006), for the results aggregate. */
  counted: Generated<number>; // 1 once the response is submitted
  sector: Generated<string>; // '' for none
  organisation_type: Generated<string>; // '' for none
  respondent_type: Generated<string>;
  participants: Generated<number>; // a focus group's size, otherwise 1
}

export interface AssessmentEvidenceTable {
  id: Generated<number>;
  partnership_id: number;
  response_id: number;
  theme: number;
  note: string;
}

/* Self-assessment results (migration 0004): historic rounds' cell means and priorities. */
export interface AssessmentCellMeanTable {
  id: Generated<number>;
  partnership_id: number;
  round_id: number;
  theme: number;
  stage: number;
  mean: number;
}

export interface AssessmentPriorityTable {
  id: Generated<number>;
  partnership_id: number;
  round_id: number;
  theme: number;
  stage: number | null; // null: the whole theme
  note: string;
  created_by: number | null;
  created_at: string;
}

export type {
  WorkforceCollectionTable,
  WorkerRecordColumns,
  VacancyRecordColumns,
  ReturnUploadTable,
  StagedVacancyRecordTable,
  UploadProblemTable,
  WorkforceReturnTable,
  WorkerRecordTable,
  VacancyRecordTable,
  ProfileCellColumns,
  ProfileCellTable,
  StagedProfileCellTable,
  WorkforceSettingsTable,
  DisclosureSecretTable,
} from './workforce-schema.ts';

export interface Database
  extends
    TrainingComplianceTables,
    TrainingEvaluationTables,
    TrainingRegistrationTables,
    StrategyTables,
    ReportTables,
    GovernanceTables {
  partnerships: PartnershipTable;
  organisations: OrganisationTable;
  users: UserTable;
  invites: InviteTable;
  api_tokens: ApiTokenTable;
  audit_events: AuditEventTable;
  sign_in_attempts: SignInAttemptTable;
  sessions: SessionTable;
  assessment_frameworks: AssessmentFrameworkTable;
  assessment_framework_themes: AssessmentFrameworkThemeTable;
  assessment_framework_stages: AssessmentFrameworkStageTable;
  assessment_rounds: AssessmentRoundTable;
  assessment_invitations: AssessmentInvitationTable;
  assessment_responses: AssessmentResponseTable;
  assessment_answers: AssessmentAnswerTable;
  assessment_evidence: AssessmentEvidenceTable;
  assessment_cell_means: AssessmentCellMeanTable;
  assessment_priorities: AssessmentPriorityTable;
  workforce_collections: WorkforceCollectionTable;
  return_uploads: ReturnUploadTable;
  staged_vacancy_records: StagedVacancyRecordTable;
  upload_problems: UploadProblemTable;
  workforce_returns: WorkforceReturnTable;
  worker_records: WorkerRecordTable;
  workforce_profile_cells: ProfileCellTable;
  staged_profile_cells: StagedProfileCellTable;
  vacancy_records: VacancyRecordTable;
  workforce_settings: WorkforceSettingsTable;
  outbox_messages: OutboxMessageTable;
  scheduled_jobs: ScheduledJobTable;
  disclosure_secrets: DisclosureSecretTable;
  password_resets: PasswordResetTable;
  password_reset_requests: PasswordResetRequestTable;
  reminder_opt_outs: ReminderOptOutTable;
  training_courses: TrainingCourseTable;
  training_sessions: TrainingSessionTable;
  training_session_dates: TrainingSessionDateTable;
  training_practitioners: TrainingPractitionerTable;
  training_bookings: TrainingBookingTable;
  training_booking_events: TrainingBookingEventTable;
  training_certificates: TrainingCertificateTable;
  plan_priorities: PlanPriorityTable;
  plan_objectives: PlanObjectiveTable;
  plan_actions: PlanActionTable;
  plan_action_updates: PlanActionUpdateTable;
  plan_action_courses: PlanActionCourseTable;
  plan_risks: PlanRiskTable;
  plan_risk_actions: PlanRiskActionTable;
  plan_risk_history: PlanRiskHistoryTable;
  plan_imports: PlanImportTable;
  plan_indicators: PlanIndicatorTable;
  plan_indicator_targets: PlanIndicatorTargetTable;
  plan_indicator_values: PlanIndicatorValueTable;
  plan_funding_streams: PlanFundingStreamTable;
  plan_ledger: PlanLedgerTable;
  plan_glossary: PlanGlossaryTable;
}

export type Partnership = Selectable<PartnershipTable>;
export type Organisation = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type OrganisationUpdate = Updateable<OrganisationTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type AuditEvent = Selectable<AuditEventTable>;
export type ApiToken = Selectable<ApiTokenTable>;
