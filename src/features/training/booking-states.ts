/*
 * The booking state machine (issue 14, point 3), after Totara Seminar's sign-up states
 * (mod/facetoface/classes/signup/state). Pure: the service applies a move only when `canMove`
 * allows it, and appends every move to the booking's history.
 */
import type { BookingStatusCode } from '../../db/training-schema.ts';

export type BookingStatus = BookingStatusCode;

export const STATUS_LABELS: Record<BookingStatus, string> = {
  requested: 'Waiting for line manager approval',
  requested_coordinator: 'Waiting for coordinator approval',
  waitlisted: 'On the waiting list',
  offered: 'Offered a place',
  booked: 'Booked',
  declined: 'Declined',
  lapsed: 'Offer lapsed',
  cancelled: 'Cancelled',
  cancelled_late: 'Cancelled late',
  substituted: 'Place given to a colleague',
  attended: 'Attended',
  partially_attended: 'Partially attended',
  no_show: 'Did not attend',
  session_cancelled: 'Session cancelled',
};

const ATTENDANCE: BookingStatus[] = ['attended', 'partially_attended', 'no_show'];

/** Where each status may go next. Every pending status can be cancelled by the learner. */
const MOVES: Record<BookingStatus, readonly BookingStatus[]> = {
  requested: ['requested_coordinator', 'booked', 'waitlisted', 'declined', 'cancelled', 'session_cancelled'],
  requested_coordinator: ['booked', 'waitlisted', 'declined', 'cancelled', 'session_cancelled'],
  waitlisted: ['offered', 'booked', 'cancelled', 'session_cancelled'],
  offered: ['booked', 'lapsed', 'cancelled', 'session_cancelled'],
  booked: ['cancelled', 'cancelled_late', 'substituted', ...ATTENDANCE, 'session_cancelled'],
  // A register marked wrongly can be corrected.
  attended: ['partially_attended', 'no_show'],
  partially_attended: ['attended', 'no_show'],
  no_show: ['attended', 'partially_attended'],
  declined: [],
  lapsed: [],
  cancelled: [],
  cancelled_late: [],
  substituted: [],
  session_cancelled: [],
};

export function canMove(from: BookingStatus, to: BookingStatus): boolean {
  return MOVES[from].includes(to);
}

/** Statuses that hold one of the session's places. */
export const HOLDS_PLACE: readonly BookingStatus[] = ['booked', 'offered', ...ATTENDANCE];

/** Statuses still waiting on someone: the learner can withdraw from each of them. */
export const PENDING: readonly BookingStatus[] = ['requested', 'requested_coordinator', 'waitlisted', 'offered'];

/** A booking that is over: the person may book the same session again. */
export const ENDED: readonly BookingStatus[] = ['declined', 'lapsed', 'cancelled', 'cancelled_late', 'substituted'];

/** Whether a booking in this status still counts as the person's one live booking for the session. */
export const isLive = (status: BookingStatus): boolean => !ENDED.includes(status) && status !== 'session_cancelled';

/** Whether the learner (or someone booking for them) may cancel it now. */
export const isCancellable = (status: BookingStatus): boolean => status === 'booked' || PENDING.includes(status);

export type Approval = 'none' | 'manager' | 'manager_then_coordinator';

/** The first status of a new booking: approval first, else a place if one is free, else the waiting list. */
export function firstStatus(approval: Approval, placeFree: boolean): BookingStatus {
  if (approval !== 'none') return 'requested';
  return placeFree ? 'booked' : 'waitlisted';
}

/** After the line manager approves: the coordinator next, or a place, or the waiting list. */
export function afterManagerApproval(approval: Approval, placeFree: boolean): BookingStatus {
  if (approval === 'manager_then_coordinator') return 'requested_coordinator';
  return placeFree ? 'booked' : 'waitlisted';
}
