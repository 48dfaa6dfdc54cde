/*
 * RFC 5545 invites that Outlook and Google Calendar treat as real meeting requests: METHOD:REQUEST
 * with an organiser, attendees, a UID that stays the same for the life of the event, and a
 * SEQUENCE the caller raises on every change, so a changed invite updates the entry already in
 * the calendar. A cancellation is METHOD:CANCEL with STATUS:CANCELLED, the same UID and a higher
 * SEQUENCE, which removes that entry rather than leaving it behind. Send either with the outbox's
 * `calendar` field: the SMTP transport attaches it as text/calendar with the matching method.
 */
import { createEvents, type EventAttributes } from 'ics';

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

// Text values escape backslash, semicolon, comma and newline (RFC 5545 §3.3.11).
const text = (value: string) => value.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n|\r/g, '\\n');
// A parameter value is quoted, and a quoted value cannot hold a double quote or a line break (§3.1).
const parameter = (value: string) => `"${value.replace(/["\r\n]/g, '')}"`;
const utc = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

function mailto(person: CalendarPerson): string {
  if (!/^[^\s"<>@]+@[^\s"<>@]+$/.test(person.email)) throw new Error(`Not an email address: ${person.email}`);
  return `mailto:${person.email}`;
}

/** Lines of more than 75 octets folded: the rest on lines that start with a space, never inside a character. */
function fold(line: string): string {
  if (line.length <= 75 && Buffer.byteLength(line) === line.length) return line;
  const parts: string[] = [];
  let part = '';
  let octets = 0;
  for (const character of line) {
    const size = Buffer.byteLength(character);
    if (octets + size > (parts.length ? 74 : 75)) {
      parts.push(part);
      part = '';
      octets = 0;
    }
    part += character;
    octets += size;
  }
  parts.push(part);
  return parts.join('\r\n ');
}

/**
 * Written here rather than by the ics package (which calendarFeed uses): its schema validation of
 * every invite cost more than the rest of a booking's batch work (docs/adr/0042).
 */
function build(event: CalendarEvent, method: 'REQUEST' | 'CANCEL'): string {
  if (!Number.isInteger(event.sequence) || event.sequence < 0)
    throw new Error('SEQUENCE must be a whole number, 0 or more');
  if (event.end <= event.start) throw new Error('An event must end after it starts');
  const optional = (name: string, value: string | undefined) => (value ? [`${name}:${text(value)}`] : []);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    'PRODID:one-workforce/calendar',
    `METHOD:${method}`,
    'BEGIN:VEVENT',
    `UID:${text(event.uid)}`,
    `DTSTAMP:${utc(new Date())}`,
    `DTSTART:${utc(event.start)}`,
    `DTEND:${utc(event.end)}`,
    `SEQUENCE:${event.sequence}`,
    `SUMMARY:${text(event.title)}`,
    ...optional('DESCRIPTION', event.description),
    ...optional('LOCATION', event.location),
    ...(event.url ? [`URL:${event.url.replace(/[\r\n]/g, '')}`] : []),
    `STATUS:${method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
    `ORGANIZER;CN=${parameter(event.organizer.name)}:${mailto(event.organizer)}`,
    ...event.attendees.map(
      (person) =>
        `ATTENDEE;CN=${parameter(person.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;` +
        `RSVP=${method === 'REQUEST' ? 'TRUE' : 'FALSE'}:${mailto(person)}`,
    ),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
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
