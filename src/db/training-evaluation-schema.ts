import type { Generated } from 'kysely';

/** A course's evaluation settings (issue 14, point 7); a course without a row uses the defaults. */
export interface TrainingCourseEvaluationTable {
  id: Generated<number>;
  partnership_id: number;
  course_id: number;
  /** 1: the certificate is issued only once the questionnaire after the course is answered. */
  withhold_certificate: number;
  follow_up_weeks: number;
  updated_at: string;
}

export type EvaluationStage = 'before' | 'after' | 'follow_up';

/** One stage of one booking's evaluation: its emailed link (hash only) and, once answered, the answers. */
export interface TrainingEvaluationTable {
  id: Generated<number>;
  partnership_id: number;
  booking_id: number;
  session_id: number;
  course_id: number;
  stage: EvaluationStage;
  token_hash: string;
  sent_at: string;
  expires_at: string;
  answered_at: string | null;
  /** 1–5: how confident the person feels in the course's subject (before and after). */
  confidence: number | null;
  /** 1–5: how useful the course was (after). */
  usefulness: number | null;
  /** 1–5: how far the learning is used in practice (follow-up, with the line manager). */
  applied: number | null;
  comment: string;
  /** Follow-up: the line manager the answers were agreed with. */
  answered_with: string;
}

/** The partnership's charging rules (issue 14, point 5). Amounts in pence; 0 charges nothing. */
export interface TrainingChargeSettingsTable {
  id: Generated<number>;
  partnership_id: number;
  /** A cancellation with fewer than this many working days before the first day is charged. */
  late_cancel_days: number;
  late_cancel_pence: number;
  no_show_pence: number;
  /** Arriving more than this many minutes late is charged. */
  late_minutes: number;
  late_arrival_pence: number;
  updated_at: string;
}

export interface TrainingLateArrivalTable {
  id: Generated<number>;
  partnership_id: number;
  booking_id: number;
  minutes_late: number;
  recorded_at: string;
}

export type ChargeKind = 'late_cancellation' | 'no_show' | 'late_arrival';
/** raised: owed; waived: forgiven (substitution, or a coordinator with a reason); withdrawn: the event was corrected. */
export type ChargeStatus = 'raised' | 'waived' | 'withdrawn';

export interface TrainingChargeTable {
  id: Generated<number>;
  partnership_id: number;
  booking_id: number;
  /** The agency charged: the booking's organisation. */
  organisation_id: number;
  kind: ChargeKind;
  amount_pence: number;
  /** The day of the event (the cancellation, or the session): which quarter's statement it is on. */
  incurred_on: string;
  raised_at: string;
  status: ChargeStatus;
  resolved_at: string | null;
  resolved_by: string;
  reason: string;
}

/** This schema file's tables, by name, for the Database interface. */
export interface TrainingEvaluationTables {
  training_course_evaluation: TrainingCourseEvaluationTable;
  training_evaluations: TrainingEvaluationTable;
  training_charge_settings: TrainingChargeSettingsTable;
  training_late_arrivals: TrainingLateArrivalTable;
  training_charges: TrainingChargeTable;
}
