import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { englandBankHolidays } from '../../src/features/training/bank-holidays.ts';
import {
  addWorkingDays,
  isLateCancellation,
  isWorkingDay,
  workingDaysBetween,
} from '../../src/features/training/working-days.ts';

const holidays = englandBankHolidays();

describe('working days in England', () => {
  it('ships GOV.UK’s bank holidays, including substitute days', () => {
    assert.ok(holidays.has('2026-12-25'));
    assert.ok(holidays.has('2026-12-28'), 'Boxing Day 2026 is a Saturday: the substitute is Monday 28th');
    assert.ok(holidays.has('2027-03-26'), 'Good Friday 2027');
    assert.ok(!holidays.has('2026-12-26'));
  });

  it('skips weekends and bank holidays', () => {
    assert.equal(isWorkingDay('2026-12-07', holidays), true); // a Monday
    assert.equal(isWorkingDay('2026-12-12', holidays), false); // a Saturday
    assert.equal(isWorkingDay('2026-12-13', holidays), false); // a Sunday
    assert.equal(isWorkingDay('2026-12-25', holidays), false);
    assert.equal(isWorkingDay('2026-12-28', holidays), false);
  });

  it('counts the working days strictly between two dates', () => {
    assert.equal(workingDaysBetween('2026-12-07', '2026-12-11', holidays), 3); // Mon → Fri: Tue, Wed, Thu
    assert.equal(workingDaysBetween('2026-12-11', '2026-12-14', holidays), 0); // Fri → Mon
    // 23 Dec 2026 to 4 Jan 2027: 24th, 29th, 30th, 31st (25th, 28th, 1 Jan are holidays; weekends skipped).
    assert.equal(workingDaysBetween('2026-12-23', '2027-01-04', holidays), 4);
    assert.equal(workingDaysBetween('2026-12-10', '2026-12-07', holidays), 0);
  });

  it('adds working days over weekends and holidays', () => {
    assert.equal(addWorkingDays('2026-12-24', 1, holidays), '2026-12-29');
    assert.equal(addWorkingDays('2026-12-26', 0, holidays), '2026-12-29');
    assert.equal(addWorkingDays('2026-12-07', 5, holidays), '2026-12-14');
  });

  it('calls a cancellation late when fewer working days than the cut-off remain', () => {
    // Session on Monday 4 January 2027 with a 10-working-day cut-off.
    assert.equal(isLateCancellation('2026-12-17', '2027-01-04', 10, holidays), true); // 8 working days between
    assert.equal(isLateCancellation('2026-12-14', '2027-01-04', 10, holidays), false); // 11 working days between
    assert.equal(isLateCancellation('2026-12-01', '2027-01-04', 10, holidays), false);
    assert.equal(isLateCancellation('2027-01-03', '2027-01-04', 0, holidays), false); // no cut-off: never late
  });
});
