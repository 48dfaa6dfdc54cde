import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addDays,
  dateFromInput,
  formatDate,
  isIsoDate,
  londonDateOf,
  londonWallClock,
  todayInLondon,
} from '../../src/lib/dates.ts';
import { londonTime } from '../../src/features/training/forms.ts';
import { formatNumber, formatOnePlace, formatTwoPlaces } from '../../src/lib/numbers.ts';
import { roundStatus } from '../../src/features/assessment/round-status.ts';

describe('dates (src/lib/dates.ts)', () => {
  it('takes today as the date in England, which in British Summer Time is a day ahead of UTC before 01:00', () => {
    assert.equal(todayInLondon(new Date('2026-06-30T23:30:00Z')), '2026-07-01');
    assert.equal(todayInLondon(new Date('2026-06-30T22:59:59Z')), '2026-06-30');
    assert.equal(todayInLondon(new Date('2026-12-31T23:30:00Z')), '2026-12-31');
    assert.equal(todayInLondon(new Date('2027-01-01T00:00:00Z')), '2027-01-01');
    assert.equal(londonDateOf('2026-03-29T00:30:00Z'), '2026-03-29');
    assert.equal(londonDateOf('2026-10-24T23:15:00Z'), '2026-10-25');
  });

  it('opens a round at 00:30 British Summer Time on its opening day', () => {
    const round = { kind: 'live' as const, status: 'open' as const, opens_on: '2026-07-01', closes_on: '2026-07-31' };
    const halfPastMidnight = todayInLondon(new Date('2026-06-30T23:30:00Z'));
    assert.equal(roundStatus(round, halfPastMidnight).phase, 'open');
    assert.equal(roundStatus(round, '2026-06-30').phase, 'scheduled');
    assert.equal(roundStatus(round, '2026-06-30').tag.text, 'Opens on 1 July 2026');
  });

  it('writes dates as GOV.UK style does', () => {
    assert.equal(formatDate('2026-09-30'), '30 September 2026');
    assert.equal(formatDate('2027-03-01'), '1 March 2027');
    assert.equal(formatDate(null), '');
    assert.equal(formatDate('not a date'), 'not a date');
  });

  it('knows a real date from one that only looks like it', () => {
    assert.equal(isIsoDate('2028-02-29'), true);
    assert.equal(isIsoDate('2026-02-29'), false);
    assert.equal(isIsoDate('2026-13-01'), false);
    assert.equal(isIsoDate('2026-9-30'), false);
    assert.equal(dateFromInput({ day: ' 3', month: '9 ', year: '2026' }), '2026-09-03');
    assert.equal(dateFromInput({ day: '31', month: '4', year: '2026' }), null);
    assert.equal(dateFromInput({ day: '', month: '', year: '' }), null);
    assert.equal(addDays('2026-12-30', 3), '2027-01-02');
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
  });

  it('reads the wall clock in England, midnight as 00 and summer time an hour ahead', () => {
    assert.equal(londonWallClock(new Date('2026-06-30T23:30:05Z')), '2026-07-01 00:30:05');
    assert.equal(londonWallClock(new Date('2026-12-31T23:59:59Z')), '2026-12-31 23:59:59');
    assert.equal(londonWallClock(new Date('2027-01-01T00:00:00Z')), '2027-01-01 00:00:00');
    assert.equal(londonTime('2026-07-01', '09:30'), '2026-07-01T08:30:00.000Z');
    assert.equal(londonTime('2026-10-25', '00:00'), '2026-10-24T23:00:00.000Z');
    assert.equal(londonTime('2026-10-26', '00:00'), '2026-10-26T00:00:00.000Z');
  });
});

describe('numbers (src/lib/numbers.ts)', () => {
  it('writes numbers as en-GB does, with the same places as toLocaleString', () => {
    for (const n of [0, 7, 1234, 1234567.891, -2500.5, 0.12345])
      assert.equal(formatNumber(n), n.toLocaleString('en-GB'), String(n));
    assert.equal(formatNumber(1234567), '1,234,567');
    assert.equal(formatOnePlace(1234.56), '1,234.6');
    assert.equal(formatOnePlace(3), '3.0');
    assert.equal(formatTwoPlaces(1250), '1,250.00');
    assert.equal(formatTwoPlaces(0.5), '0.50');
  });
});
