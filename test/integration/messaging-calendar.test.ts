import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ical, { type VEvent } from 'node-ical';
import type { ParsedMail } from 'mailparser';
import { enqueue } from '../../src/features/messaging/repository.ts';
import { calendarCancellation, calendarInvite, calendarUid, type CalendarEvent } from '../../src/lib/calendar.ts';
import { ENGINES, startTestApp, type TestApp } from '../support/app.ts';
import { deliverQueued, mailTo, startInbox, type Inbox } from '../support/mail.ts';

const event: CalendarEvent = {
  uid: calendarUid('training-session', 7),
  sequence: 1,
  start: new Date('2027-02-03T10:00:00Z'),
  end: new Date('2027-02-03T12:30:00Z'),
  title: 'Safeguarding level 3',
  location: 'Demoshire Civic Centre',
  organizer: { name: 'Chris Taylor', email: 'training@demoshire.example' },
  attendees: [{ name: 'Cal Endar', email: 'cal.endar@demoshire.example' }],
};

/** The received message's text/calendar part, parsed: its METHOD and its one event. */
function receivedInvite(mail: ParsedMail | undefined): { method: string; event: VEvent } {
  const part = mail?.attachments.find((a) => a.contentType === 'text/calendar');
  assert.ok(part, 'the message carries a text/calendar part');
  const text = part.content.toString('utf8');
  const events = Object.values(ical.sync.parseICS(text)).filter((c): c is VEvent => c?.type === 'VEVENT');
  assert.equal(events.length, 1);
  const method = /^METHOD:(\w+)\r?$/m.exec(text)?.[1] ?? '';
  // Outlook treats the part as a meeting only when its Content-Type names the same method.
  const header = part.headers.get('content-type') as { params?: Record<string, string> } | undefined;
  assert.equal(header?.params?.method?.toUpperCase(), method);
  return { method, event: events[0]! };
}

for (const engine of ENGINES) {
  describe(`calendar invites through the outbox on ${engine}`, () => {
    let app: TestApp;
    let inbox: Inbox;
    before(async () => {
      app = await startTestApp(engine);
      inbox = await startInbox();
    });
    after(async () => {
      await inbox?.close();
      await app?.close();
    });

    it('delivers an invite and its cancellation whose .ics parse, with one UID', async () => {
      const message = (key: string, subject: string, calendar: string) => ({
        partnershipId: app.demoPartnershipId,
        userId: null,
        key,
        template: 'test-calendar',
        recipient: 'cal.endar@demoshire.example',
        subject,
        body: subject,
        calendar,
      });
      await app.db.kysely
        .transaction()
        .execute((trx) => enqueue(trx, [message('calendar-invite', 'Booked', calendarInvite(event))]));
      await deliverQueued(app, inbox.url);
      await app.db.kysely
        .transaction()
        .execute((trx) =>
          enqueue(trx, [message('calendar-cancel', 'Cancelled', calendarCancellation({ ...event, sequence: 2 }))]),
        );
      await deliverQueued(app, inbox.url);

      const [booked, cancelled] = mailTo(inbox, 'cal.endar@demoshire.example');
      const invite = receivedInvite(booked);
      assert.equal(invite.method, 'REQUEST');
      assert.equal(invite.event.uid, 'training-session-7@one-workforce');
      assert.equal(invite.event.summary, 'Safeguarding level 3');
      assert.equal(invite.event.start.toISOString(), '2027-02-03T10:00:00.000Z');
      assert.equal(Number(invite.event.sequence), 1);
      const cancel = receivedInvite(cancelled);
      assert.equal(cancel.method, 'CANCEL');
      assert.equal(cancel.event.uid, invite.event.uid, 'the cancellation removes the same entry');
      assert.equal(Number(cancel.event.sequence), 2);
      assert.equal(String(cancel.event.status), 'CANCELLED');
    });
  });
}
