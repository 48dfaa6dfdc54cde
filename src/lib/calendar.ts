/*
 * RFC 5545 invites that Outlook and Google Calendar treat as real meeting requests: METHOD:REQUEST
 * with an organiser, attendees, a UID that stays the same for the life of the event, and a
 * SEQUENCE the caller raises on every change, so a changed invite updates the entry already in
 * the calendar. A cancellation is METHOD:CANCEL with STATUS:CANCELLED, the same UID and a higher
 * SEQUENCE, which removes that entry rather than leaving it behind. Send either with the outbox's
 * `calendar` field: the SMTP transport attaches it as text/calendar with the matching method.
 */
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

type Method = 'REQUEST' | 'CANCEL' | 'PUBLISH';

function checked(event: Pick<CalendarEvent, 'sequence' | 'start' | 'end'>): void {
  if (!Number.isInteger(event.sequence) || event.sequence < 0)
    throw new Error('SEQUENCE must be a whole number, 0 or more');
  if (event.end <= event.start) throw new Error('An event must end after it starts');
}

/** One VEVENT's lines; `people` are the organiser and attendee lines an invite carries and a feed leaves out. */
function eventLines(event: FeedEvent, status: 'CONFIRMED' | 'CANCELLED', people: string[]): string[] {
  checked(event);
  const optional = (name: string, value: string | undefined) => (value ? [`${name}:${text(value)}`] : []);
  return [
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
    `STATUS:${status}`,
    ...people,
    'END:VEVENT',
  ];
}

function calendar(method: Method, body: string[], name?: string): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    'PRODID:one-workforce/calendar',
    `METHOD:${method}`,
    ...(name === undefined ? [] : [`X-WR-CALNAME:${text(name)}`]),
    ...body,
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/**
 * Written here rather than by a package: the ics package's schema validation of every invite cost
 * more than the rest of a booking's batch work (docs/adr/0042). The tests read every kind back with
 * a real parser (node-ical).
 */
function build(event: CalendarEvent, method: 'REQUEST' | 'CANCEL'): string {
  const people = [
    `ORGANIZER;CN=${parameter(event.organizer.name)}:${mailto(event.organizer)}`,
    ...event.attendees.map(
      (person) =>
        `ATTENDEE;CN=${parameter(person.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;` +
        `RSVP=${method === 'REQUEST' ? 'TRUE' : 'FALSE'}:${mailto(person)}`,
    ),
  ];
  return calendar(method, eventLines(event, method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED', people));
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
export const calendarFeed = (name: string, events: FeedEvent[]): string =>
  calendar(
    'PUBLISH',
    events.flatMap((e) => eventLines(e, e.cancelled ? 'CANCELLED' : 'CONFIRMED', [])),
    name,
  );
