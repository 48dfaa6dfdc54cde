/*
 * The emails a booking sends, with calendar invites from src/lib/calendar.ts: one UID per booking
 * for its whole life, its SEQUENCE raised on every message, so a cancellation removes the entry
 * the confirmation made. Bodies say what happened and what to do, nothing more (docs/adr/0015).
 */
import { calendarCancellation, calendarInvite, calendarUid, type CalendarEvent } from '../../lib/calendar.ts';
import { formatDateTime } from '../../lib/time.ts';

const SIGN_OFF = '\n\nOne Workforce training\nIf you did not expect this email, contact your training coordinator.';
const ORGANISER = { name: 'One Workforce training', email: 'no-reply@one-workforce.invalid' };

export interface BookingContext {
  bookingId: number;
  sequence: number;
  person: { name: string; email: string };
  courseTitle: string;
  dates: { starts_at: string; ends_at: string }[];
  where: string;
  link: string;
}

export interface Email {
  template: string;
  recipient: string;
  subject: string;
  body: string;
  calendar?: string;
}

const when = (c: BookingContext) =>
  c.dates.map((d) => `- ${formatDateTime(d.starts_at)} to ${formatDateTime(d.ends_at)}`).join('\n');

/** The event in the person's calendar: from the first date's start to the last date's end, every date listed. */
function event(c: BookingContext): CalendarEvent {
  const first = c.dates[0];
  const last = c.dates.at(-1);
  if (!first || !last) throw new Error('A session has at least one date');
  return {
    uid: calendarUid('training-booking', c.bookingId),
    sequence: c.sequence,
    start: new Date(first.starts_at),
    end: new Date(last.ends_at),
    title: c.courseTitle,
    description: `${c.courseTitle}\n\nDates:\n${when(c)}\n\nYour booking: ${c.link}`,
    location: c.where || undefined,
    url: c.link,
    organizer: ORGANISER,
    attendees: [c.person],
  };
}

export function confirmationEmail(c: BookingContext): Email {
  return {
    template: 'training-booked',
    recipient: c.person.email,
    subject: `Your place is booked: ${c.courseTitle}`,
    body:
      `Dear ${c.person.name},\n\nYour place on ${c.courseTitle} is booked.\n\nDates:\n${when(c)}\n` +
      `${c.where ? `\nWhere: ${c.where}\n` : ''}\nThe invite is attached. To see or cancel your booking:\n${c.link}${SIGN_OFF}`,
    calendar: calendarInvite(event(c)),
  };
}

/** Sent when a booked place ends (cancelled by the learner, or the session cancelled): removes the calendar entry. */
export function cancellationEmail(c: BookingContext, why: string): Email {
  return {
    template: 'training-cancelled',
    recipient: c.person.email,
    subject: `Cancelled: ${c.courseTitle}`,
    body: `Dear ${c.person.name},\n\n${why}\n\nDates that were booked:\n${when(c)}\n\nYour bookings: ${c.link}${SIGN_OFF}`,
    calendar: calendarCancellation(event(c)),
  };
}

export function waitlistedEmail(c: BookingContext): Email {
  return {
    template: 'training-waitlisted',
    recipient: c.person.email,
    subject: `You are on the waiting list: ${c.courseTitle}`,
    body:
      `Dear ${c.person.name},\n\n${c.courseTitle} is full, so you are on its waiting list. Places are offered in ` +
      `the order people joined it, and never after the session has started.\n\nYour booking: ${c.link}${SIGN_OFF}`,
  };
}

export function offerEmail(c: BookingContext, expiresAt: string): Email {
  return {
    template: 'training-offered',
    recipient: c.person.email,
    subject: `A place is free: ${c.courseTitle}`,
    body:
      `Dear ${c.person.name},\n\nA place on ${c.courseTitle} is free and offered to you.\n\nDates:\n${when(c)}\n\n` +
      `Accept it by ${formatDateTime(expiresAt)} or it goes to the next person on the waiting list:\n${c.link}${SIGN_OFF}`,
  };
}

export function approvalRequestEmail(
  c: BookingContext,
  manager: string,
  approveLink: string,
  expiresAt: string,
): Email {
  return {
    template: 'training-approval',
    recipient: manager,
    subject: `Please approve training for ${c.person.name}: ${c.courseTitle}`,
    body:
      `Hello,\n\n${c.person.name} has asked to attend ${c.courseTitle}, and names you as their line manager.\n\n` +
      `Dates:\n${when(c)}\n\nTo approve or decline, open this link (no account needed):\n${approveLink}\n\n` +
      `The link works once and stops working on ${formatDateTime(expiresAt)}.${SIGN_OFF}`,
  };
}

export function declinedEmail(c: BookingContext, reason: string): Email {
  return {
    template: 'training-declined',
    recipient: c.person.email,
    subject: `Not approved: ${c.courseTitle}`,
    body:
      `Dear ${c.person.name},\n\nYour request to attend ${c.courseTitle} was not approved.` +
      `${reason ? `\n\nReason given: ${reason}` : ''}\n\nYou can ask again: ${c.link}${SIGN_OFF}`,
  };
}
