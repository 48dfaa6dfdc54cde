import type { ColumnType, Generated } from 'kysely';

/** A course in the partnership's catalogue (issue 14, point 1). Lists are JSON text. */
export interface TrainingCourseTable {
  id: Generated<number>;
  partnership_id: number;
  title: string;
  description: string;
  /** JSON array of the data standard's job role codes the course is for; empty means everyone. */
  audience: string;
  level: string;
  /** JSON array of Common Core area codes. */
  common_core: string;
  duration_minutes: number;
  delivery: 'face_to_face' | 'live_online' | 'elearning';
  prerequisites: string;
  validity_years: number | null;
  cost_pence: number;
  charging_policy: string;
  /** JSON array of OCWT theme codes the course addresses. */
  themes: string;
  approval: 'none' | 'manager' | 'manager_then_coordinator';
  status: 'active' | 'archived';
  created_at: string;
  updated_at: string;
}

export interface TrainingSessionTable {
  id: Generated<number>;
  partnership_id: number;
  course_id: number;
  venue: string;
  access_info: string;
  online_link: string;
  trainers: string;
  capacity: number;
  minimum: number;
  /** Dates (YYYY-MM-DD) between which places can be booked, both included. */
  booking_opens_on: string;
  booking_closes_on: string;
  cancellation_cutoff_days: number;
  /** Hours a waiting-list offer stays open. */
  offer_hours: number;
  /** 1: a freed place is offered to the first on the waiting list at once; 0: a coordinator offers it. */
  auto_promote: number;
  /** The first date's start, kept here so lists and the "has it started" check need no join. */
  starts_at: string;
  status: 'scheduled' | 'cancelled';
  cancel_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface TrainingSessionDateTable {
  id: Generated<number>;
  partnership_id: number;
  session_id: number;
  starts_at: string;
  ends_at: string;
}

/** A person who books training. Personal data kept to what booking and certificates need. */
export interface TrainingPractitionerTable {
  id: Generated<number>;
  partnership_id: number;
  user_id: number | null;
  organisation_id: number;
  name: string;
  email: string;
  job_role: string;
  line_manager_email: string;
  worker_id: string | null;
  created_at: string;
  updated_at: string;
  /** When the personal data was erased after years of inactivity (migration 0025); the row stays for counts. */
  erased_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export type BookingStatusCode =
  | 'requested'
  | 'requested_coordinator'
  | 'waitlisted'
  | 'offered'
  | 'booked'
  | 'declined'
  | 'lapsed'
  | 'cancelled'
  | 'cancelled_late'
  | 'substituted'
  | 'attended'
  | 'partially_attended'
  | 'no_show'
  | 'session_cancelled';

export interface TrainingBookingTable {
  id: Generated<number>;
  partnership_id: number;
  session_id: number;
  practitioner_id: number;
  organisation_id: number;
  status: BookingStatusCode;
  /** 1 while the booking is live (not cancelled, declined, lapsed or substituted): one live booking per person and session. */
  live: number;
  approval_token_hash: string | null;
  approval_expires_at: string | null;
  offer_expires_at: string | null;
  /** Raised on every calendar message sent for this booking (RFC 5545 SEQUENCE). */
  calendar_sequence: number;
  booked_by_user_id: number | null;
  created_at: string;
  updated_at: string;
}

/** Append-only: every change of a booking's status, who made it, when and why. */
export interface TrainingBookingEventTable {
  id: Generated<number>;
  partnership_id: number;
  booking_id: number;
  from_status: string | null;
  to_status: string;
  actor_user_id: number | null;
  actor_label: string;
  reason: string;
  at: string;
}

export interface TrainingCertificateTable {
  id: Generated<number>;
  partnership_id: number;
  booking_id: number;
  /** Printed on the certificate and in its QR code's address; unique across every partnership. */
  code: string;
  issued_at: string;
  /** The date (YYYY-MM-DD) a refresher is due, or null when the course needs none. */
  valid_until: string | null;
  revoked_at: string | null;
  revoked_reason: string | null;
}
