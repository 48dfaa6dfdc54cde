import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dateParts, reportsTo } from '../../src/features/plan/governance-input.ts';

describe('governance input', () => {
  const groups = [
    { id: 1, parent_id: null },
    { id: 2, parent_id: 1 },
    { id: 3, parent_id: 2 },
  ];
  it('finds a group above another, itself included, and stops at the top', () => {
    assert.equal(reportsTo(groups, 3, 1), true);
    assert.equal(reportsTo(groups, 2, 2), true);
    assert.equal(reportsTo(groups, 1, 3), false);
  });
  it('stops on a loop already in the data', () => {
    assert.equal(
      reportsTo(
        [
          { id: 1, parent_id: 2 },
          { id: 2, parent_id: 1 },
        ],
        1,
        9,
      ),
      false,
    );
  });
  it('splits a stored date into the form’s parts without leading zeros', () => {
    assert.deepEqual(dateParts('2027-03-05'), { day: '5', month: '3', year: '2027' });
  });
});
