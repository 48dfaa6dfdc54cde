/* The training report's pure rules: financial quarters, and when a course is over- or under-subscribed. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  courseFills,
  isOverSubscribed,
  isUnderSubscribed,
  sessionsSuggested,
} from '../../src/features/training/report-courses.ts';
import type { QuarterSession } from '../../src/features/training/report-data.ts';
import {
  defaultQuarter,
  parseQuarter,
  previousQuarter,
  quarterOf,
  recentQuarters,
} from '../../src/features/training/report-quarter.ts';

describe('financial quarters', () => {
  it('reads 2026-Q1 as April to June and 2026-Q4 as January to March 2027', () => {
    assert.deepEqual(parseQuarter('2026-Q1'), {
      id: '2026-Q1',
      from: '2026-04-01',
      until: '2026-07-01',
      label: 'Q1 2026–27 (April to June 2026)',
    });
    assert.equal(parseQuarter('2026-Q3')?.until, '2027-01-01');
    assert.deepEqual([parseQuarter('2026-Q4')?.from, parseQuarter('2026-Q4')?.until], ['2027-01-01', '2027-04-01']);
    for (const bad of ['2026-Q5', '2026Q1', 'Q1-2026', '', '2026-Q0']) assert.equal(parseQuarter(bad), null, bad);
  });

  it('finds the quarter of a date, the one before, and the last ended', () => {
    assert.equal(quarterOf('2027-03-31').id, '2026-Q4');
    assert.equal(quarterOf('2026-04-01').id, '2026-Q1');
    assert.equal(quarterOf('2026-12-07').id, '2026-Q3');
    assert.equal(previousQuarter(parseQuarter('2026-Q1')!).id, '2025-Q4');
    assert.equal(defaultQuarter('2026-12-07').id, '2026-Q2');
    assert.deepEqual(
      recentQuarters(3, '2026-05-10').map((q) => q.id),
      ['2026-Q1', '2025-Q4', '2025-Q3'],
    );
  });
});

const session = (over: Partial<QuarterSession>): QuarterSession => ({
  id: 1,
  courseId: 1,
  courseTitle: 'Course',
  capacity: 20,
  minimum: 8,
  cancelled: false,
  taken: 10,
  unmet: 0,
  ...over,
});

describe('over- and under-subscribed courses', () => {
  it('calls a course over-subscribed only when full with people left waiting', () => {
    const [full] = courseFills([session({ taken: 20, unmet: 7 })]);
    assert.equal(isOverSubscribed(full!), true);
    assert.equal(sessionsSuggested(full!), 1);
    const [fullNoQueue] = courseFills([session({ taken: 20, unmet: 0 })]);
    assert.equal(isOverSubscribed(fullNoQueue!), false);
    const [queueNotFull] = courseFills([session({ id: 1, taken: 20, unmet: 3 }), session({ id: 2, taken: 5 })]);
    assert.equal(isOverSubscribed(queueNotFull!), false);
  });

  it('calls a course under-subscribed when a session ran below its minimum, ignoring cancelled ones', () => {
    const [under] = courseFills([session({ id: 1, taken: 7 }), session({ id: 2, taken: 20 })]);
    assert.equal(under?.underMinimum, 1);
    assert.equal(isUnderSubscribed(under!), true);
    const [cancelled] = courseFills([session({ taken: 0, cancelled: true })]);
    assert.deepEqual([cancelled?.sessionsRun, cancelled?.offered, isUnderSubscribed(cancelled!)], [0, 0, false]);
  });

  it('suggests enough sessions of the largest size to seat everyone left waiting', () => {
    const [c] = courseFills([session({ id: 1, capacity: 12, taken: 12, unmet: 25 }), session({ id: 2, capacity: 10 })]);
    assert.equal(c?.usualPlaces, 12);
    assert.equal(sessionsSuggested(c!), 3);
  });
});
