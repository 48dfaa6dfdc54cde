import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ical, { type VEvent } from 'node-ical';
import {
  calendarCancellation,
  calendarFeed,
  calendarInvite,
  calendarUid,
  type CalendarEvent,
} from '../../src/lib/calendar.ts';

const session: CalendarEvent = {
  uid: calendarUid('training-session', 42),
  sequence: 0,
  start: new Date('2027-01-14T09:30:00Z'),
  end: new Date('2027-01-14T12:00:00Z'),
  title: 'Signs of Safety refresher',
  location: 'Demoshire Civic Centre, Room 2',
  organizer: { name: 'Chris Taylor', email: 'training@demoshire.example' },
  attendees: [{ name: 'Nia Newcomer', email: 'nia@demoshire.example' }],
};

function parse(text: string): { method: string; event: VEvent } {
  const parsed = ical.sync.parseICS(text);
  const events = Object.values(parsed).filter((c): c is VEvent => c?.type === 'VEVENT');
  assert.equal(events.length, 1);
  const method = /^METHOD:(\w+)\r?$/m.exec(text)?.[1] ?? '';
  return { method, event: events[0]! };
}

describe('calendar invites', () => {
  it('makes a meeting request Outlook accepts: method, organiser, attendee asked to reply, UID and sequence', () => {
    const text = calendarInvite(session);
    const { method, event } = parse(text);
    assert.equal(method, 'REQUEST');
    assert.equal(event.uid, 'training-session-42@one-workforce');
    assert.equal(Number(event.sequence), 0);
    assert.equal(event.summary, 'Signs of Safety refresher');
    assert.equal(event.start.toISOString(), '2027-01-14T09:30:00.000Z');
    assert.equal(event.end?.toISOString(), '2027-01-14T12:00:00.000Z');
    assert.match(
      String((event.organizer as { val?: string }).val ?? event.organizer),
      /mailto:training@demoshire\.example/i,
    );
    assert.match(text.replace(/\r\n[ \t]/g, ''), /ATTENDEE;[^\r\n]*RSVP=TRUE[^\r\n]*mailto:nia@demoshire\.example/i);
    assert.match(text, /^DTSTAMP:/m);
    assert.equal(event.status, 'CONFIRMED');
  });

  it('updates the same entry when changed: same UID, higher SEQUENCE', () => {
    const moved = parse(
      calendarInvite({
        ...session,
        sequence: 1,
        start: new Date('2027-01-15T09:30:00Z'),
        end: new Date('2027-01-15T12:00:00Z'),
      }),
    );
    assert.equal(moved.event.uid, parse(calendarInvite(session)).event.uid);
    assert.equal(Number(moved.event.sequence), 1);
    assert.equal(moved.event.start.toISOString(), '2027-01-15T09:30:00.000Z');
  });

  it('cancels the same entry: METHOD:CANCEL, STATUS:CANCELLED, same UID, higher SEQUENCE', () => {
    const { method, event } = parse(calendarCancellation({ ...session, sequence: 2 }));
    assert.equal(method, 'CANCEL');
    assert.equal(event.status, 'CANCELLED');
    assert.equal(event.uid, session.uid);
    assert.equal(Number(event.sequence), 2);
  });

  it('refuses an event that ends before it starts, or a negative sequence', () => {
    assert.throws(() => calendarInvite({ ...session, end: session.start }), /end after it starts/);
    assert.throws(() => calendarInvite({ ...session, sequence: -1 }), /SEQUENCE/);
  });
  it('escapes text and folds long lines at 75 octets without splitting a character (docs/adr/0042)', () => {
    const title = 'Safeguarding; Level 2, part \\ one — a title long enough to be folded, with é and ü in it';
    const text = calendarInvite({
      ...session,
      title,
      description: 'Dates:\n- 14 January',
      attendees: [{ name: 'Nia "Nee" Newcomer, Jr', email: 'nia@demoshire.example' }],
    });
    for (const line of text.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);
    assert.ok(text.endsWith('END:VCALENDAR\r\n'));
    const { event } = parse(text);
    assert.equal(event.summary, title);
    assert.equal(event.description, 'Dates:\n- 14 January');
    assert.match(
      text.replace(/\r\n /g, ''),
      /ATTENDEE;CN="Nia Nee Newcomer, Jr";ROLE=REQ-PARTICIPANT;[^\r\n]*RSVP=TRUE:mailto:nia@demoshire\.example/,
    );
    assert.throws(
      () => calendarInvite({ ...session, attendees: [{ name: 'X', email: 'x@y\r\nBCC' }] }),
      /Not an email/,
    );
  });

  it('writes a feed with the same writer: one event per session, a cancelled one kept as cancelled, no people', () => {
    const { organizer: _organizer, attendees: _attendees, ...event } = session;
    const text = calendarFeed('Demoshire; training, all agencies', [
      event,
      { ...event, uid: calendarUid('training-session', 43), sequence: 3, cancelled: true },
    ]);
    assert.match(text, /^METHOD:PUBLISH\r$/m);
    assert.match(text, /^X-WR-CALNAME:Demoshire\\; training\\, all agencies\r$/m);
    assert.doesNotMatch(text, /ORGANIZER|ATTENDEE/);
    const events = Object.values(ical.sync.parseICS(text)).filter((c): c is VEvent => c?.type === 'VEVENT');
    assert.deepEqual(
      events.map((e) => [e.uid, Number(e.sequence), e.status, e.summary]),
      [
        ['training-session-42@one-workforce', 0, 'CONFIRMED', 'Signs of Safety refresher'],
        ['training-session-43@one-workforce', 3, 'CANCELLED', 'Signs of Safety refresher'],
      ],
    );
    const empty = calendarFeed('Demoshire', []);
    assert.equal(Object.values(ical.sync.parseICS(empty)).filter((c) => c?.type === 'VEVENT').length, 0);
    assert.ok(empty.startsWith('BEGIN:VCALENDAR\r\n') && empty.endsWith('END:VCALENDAR\r\n'));
  });
});
