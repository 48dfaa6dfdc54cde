import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  afterManagerApproval,
  canMove,
  ENDED,
  firstStatus,
  HOLDS_PLACE,
  isCancellable,
  isLive,
  PENDING,
  STATUS_LABELS,
  type BookingStatus,
} from '../../src/features/training/booking-states.ts';
import { londonTime } from '../../src/features/training/forms.ts';

const ALL = Object.keys(STATUS_LABELS) as BookingStatus[];

describe('the booking state machine', () => {
  it('starts with approval, a place or the waiting list', () => {
    assert.equal(firstStatus('none', true), 'booked');
    assert.equal(firstStatus('none', false), 'waitlisted');
    assert.equal(firstStatus('manager', true), 'requested');
    assert.equal(firstStatus('manager_then_coordinator', false), 'requested');
    assert.equal(afterManagerApproval('manager', true), 'booked');
    assert.equal(afterManagerApproval('manager', false), 'waitlisted');
    assert.equal(afterManagerApproval('manager_then_coordinator', true), 'requested_coordinator');
  });

  it('follows the issue’s moves and no others', () => {
    assert.ok(canMove('waitlisted', 'offered'));
    assert.ok(canMove('offered', 'booked'));
    assert.ok(canMove('offered', 'lapsed'));
    assert.ok(canMove('booked', 'substituted'));
    assert.ok(canMove('booked', 'cancelled_late'));
    assert.ok(!canMove('waitlisted', 'attended'));
    assert.ok(!canMove('requested', 'offered'));
    assert.ok(!canMove('cancelled', 'booked'), 'a cancelled person books again with a new booking');
  });

  it('lets the learner withdraw from every pending status, and ends every one at a session cancellation', () => {
    for (const status of PENDING) {
      assert.ok(canMove(status, 'cancelled'), status);
      assert.ok(isCancellable(status), status);
      assert.ok(canMove(status, 'session_cancelled'), status);
    }
  });

  it('treats session cancelled and the ended statuses as final', () => {
    for (const status of [...ENDED, 'session_cancelled' as const])
      assert.deepEqual(
        ALL.filter((to) => canMove(status, to)),
        [],
        status,
      );
    for (const status of ENDED) assert.equal(isLive(status), false);
    assert.equal(isLive('booked'), true);
    assert.ok(HOLDS_PLACE.includes('offered'), 'an offer holds its place until it lapses');
    assert.ok(!HOLDS_PLACE.includes('waitlisted'));
  });
});

describe('session times in England', () => {
  it('reads a wall-clock time in GMT in winter and BST in summer', () => {
    assert.equal(londonTime('2027-01-14', '09:30'), '2027-01-14T09:30:00.000Z');
    assert.equal(londonTime('2027-06-14', '09:30'), '2027-06-14T08:30:00.000Z');
  });
});
