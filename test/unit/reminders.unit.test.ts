import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAddresses } from '../../src/features/assessment/round-emails.ts';
import { deadlineReminder } from '../../src/features/messaging/reminders.ts';

describe('deadline reminders', () => {
  it('falls on exactly one day before the deadline, then weekly for four weeks after it', () => {
    const deadline = '2026-10-31';
    const kinds = new Map<string, string>();
    for (let day = 0; day < 60; day++) {
      const date = new Date(Date.UTC(2026, 9, 1 + day)).toISOString().slice(0, 10);
      const kind = deadlineReminder(date, deadline, 7);
      if (kind) kinds.set(date, kind);
    }
    assert.deepEqual(Object.fromEntries(kinds), {
      '2026-10-24': 'due',
      '2026-11-01': 'overdue',
      '2026-11-08': 'overdue',
      '2026-11-15': 'overdue',
      '2026-11-22': 'overdue',
    });
  });

  it('sends no advance reminder when the setting is 0, and none on the deadline itself', () => {
    assert.equal(deadlineReminder('2026-10-31', '2026-10-31', 0), null);
    assert.equal(deadlineReminder('2026-10-31', '2026-10-31', 7), null);
    assert.equal(deadlineReminder('2026-11-01', '2026-10-31', 0), 'overdue');
  });
});

describe('pasted email addresses', () => {
  it('reads one a line or separated by commas and semicolons, lower-case, once each', () => {
    assert.deepEqual(parseAddresses(' Ann@Example.org\r\nben@example.org, ann@example.org;cy@example.org\n\n'), {
      addresses: ['ann@example.org', 'ben@example.org', 'cy@example.org'],
      invalid: [],
    });
  });

  it('names each entry that is not an address, whole', () => {
    assert.deepEqual(parseAddresses('ann@example.org\nAnn Smith <ann@example.org>\nnobody').invalid, [
      'ann smith <ann@example.org>',
      'nobody',
    ]);
  });
});
