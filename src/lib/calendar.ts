/*
 * RFC 5545 invites that Outlook and Google Calendar treat as real meeting requests: METHOD:REQUEST
 * with an organiser, attendees, a UID that stays the same for the life of the event, and a
 * SEQUENCE the caller raises on every change, so a changed invite updates the entry already in
 * the calendar. A cancellation is METHOD:CANCEL with STATUS:CANCELLED, the same UID and a higher
 * SEQUENCE, which removes that entry rather than leaving it behind. Send either with the outbox's
 * `calendar` field: the SMTP transport attaches it as text/calendar with the matching method.
 */
import { createEvent, createEvents, type EventAttributes } from 'ics';

export interface CalendarPerson {
  name: string;
  email: string;
}

export interface CalendarEvent {
  /** From calendarUid: the same for every version of the event. */
  uid: string;
  /** 0 when first sent; one more for every change and for the cancellation. */
  sequence: number;
  start: Date;
  end: Date;
  title: string;
  description?: string;
  location?: string;
  url?: string;
  organizer: CalendarPerson;
  attendees: CalendarPerson[];
}

/** A UID that stays the same for the life of one event, e.g. calendarUid('training-session', 42). */
export const calendarUid = (kind: string, id: number | string): string => `${kind}-${id}@one-workforce`;

function build(event: CalendarEvent, method: 'REQUEST' | 'CANCEL'): string {
  if (!Number.isInteger(event.sequence) || event.sequence < 0)
    throw new Error('SEQUENCE must be a whole number, 0 or more');
  if (event.end <= event.start) throw new Error('An event must end after it starts');
  const attributes: EventAttributes = {
    productId: 'one-workforce/calendar',
    method,
    uid: event.uid,
    sequence: event.sequence,
    start: event.start.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: event.end.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: event.title,
    description: event.description,
    location: event.location,
    url: event.url,
    status: method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    organizer: event.organizer,
    attendees: event.attendees.map((person) => ({
      ...person,
      rsvp: method === 'REQUEST',
      partstat: 'NEEDS-ACTION',
      role: 'REQ-PARTICIPANT',
    })),
  };
  const { error, value } = createEvent(attributes);
  if (error || !value) throw error ?? new Error('The calendar invite could not be made');
  return value;
}

/** A new or changed event: raise `sequence` on every change so calendars update the same entry. */
export const calendarInvite = (event: CalendarEvent): string => build(event, 'REQUEST');

/** Cancels the event: give it the UID it was sent with and a sequence above the last one sent. */
export const calendarCancellation = (event: CalendarEvent): string => build(event, 'CANCEL');

export interface FeedEvent extends Omit<CalendarEvent, 'organizer' | 'attendees'> {
  cancelled?: boolean;
}

/**
 * A subscribable feed (METHOD:PUBLISH, no organiser or attendees): one event per session, the UID
 * kept for its life, so a subscribed calendar updates an entry rather than adding another.
 */
export function calendarFeed(name: string, events: FeedEvent[]): string {
  const attributes: EventAttributes[] = events.map((e) => ({
    productId: 'one-workforce/calendar',
    method: 'PUBLISH',
    calName: name,
    uid: e.uid,
    sequence: e.sequence,
    start: e.start.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: e.end.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: e.title,
    description: e.description,
    location: e.location,
    url: e.url,
    status: e.cancelled ? 'CANCELLED' : 'CONFIRMED',
  }));
  if (!attributes.length)
    return [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:one-workforce/calendar',
      'METHOD:PUBLISH',
      `X-WR-CALNAME:${name.replace(/[\\;,\n]/g, ' ')}`,
      'END:VCALENDAR',
      '',
    ].join('\r\n');
  const { error, value } = createEvents(attributes);
  if (error || !value) throw error ?? new Error('The calendar feed could not be made');
  return value;
}
