import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectedProgress, isException, ragFor, type RagInput } from '../../src/features/plan/rag.ts';

const TODAY = '2027-01-31';
const action = (overrides: Partial<RagInput> = {}): RagInput => ({
  startDate: '2027-01-01',
  dueDate: '2027-03-02',
  progress: 0,
  lastUpdateOn: null,
  override: null,
  ...overrides,
});

describe('the action plan RAG rule', () => {
  it('compares progress with the share of the time gone', () => {
    assert.equal(expectedProgress('2027-01-01', '2027-03-02', TODAY), 50);
    assert.equal(expectedProgress('2027-02-01', '2027-03-02', TODAY), 0);
    assert.equal(expectedProgress('2027-01-01', '2027-01-20', TODAY), 100);
    assert.equal(expectedProgress('2027-01-31', '2027-01-31', TODAY), 0);
  });

  it('is green within 15 points, amber beyond, red beyond 40', () => {
    assert.equal(ragFor(action({ progress: 35, lastUpdateOn: TODAY }), TODAY).rag, 'green');
    assert.equal(ragFor(action({ progress: 34, lastUpdateOn: TODAY }), TODAY).rag, 'amber');
    assert.equal(ragFor(action({ progress: 10, lastUpdateOn: TODAY }), TODAY).rag, 'amber');
    assert.equal(ragFor(action({ progress: 9, lastUpdateOn: TODAY }), TODAY).rag, 'red');
  });

  it('is red once overdue, blue when complete even if late, grey before the start', () => {
    assert.equal(ragFor(action({ dueDate: '2027-01-30', progress: 99 }), TODAY).rag, 'red');
    assert.equal(ragFor(action({ dueDate: '2027-01-30', progress: 100 }), TODAY).rag, 'blue');
    assert.equal(ragFor(action({ startDate: '2027-02-01' }), TODAY).rag, 'grey');
    assert.equal(ragFor(action({ startDate: '2027-02-01', progress: 5 }), TODAY).rag, 'green');
  });

  it('marks an open action stale after 6 weeks without an update, counted from the start when there is none', () => {
    assert.equal(ragFor(action({ startDate: '2026-12-20', dueDate: '2027-12-01' }), TODAY).stale, false);
    assert.equal(ragFor(action({ startDate: '2026-12-19', dueDate: '2027-12-01' }), TODAY).stale, true);
    assert.equal(ragFor(action({ lastUpdateOn: '2026-12-18', progress: 50 }), TODAY).stale, true);
    assert.equal(ragFor(action({ lastUpdateOn: '2026-12-18', progress: 100 }), TODAY).stale, false);
    assert.equal(ragFor(action({ startDate: '2027-06-01', dueDate: '2027-12-01' }), TODAY).stale, false);
  });

  it('lets an override replace red, amber or green but never blue, and keeps the worked-out colour', () => {
    const overridden = ragFor(action({ progress: 0, override: 'green' }), TODAY);
    assert.deepEqual([overridden.rag, overridden.worked, overridden.overridden], ['green', 'red', true]);
    const complete = ragFor(action({ progress: 100, override: 'red' }), TODAY);
    assert.deepEqual([complete.rag, complete.overridden], ['blue', false]);
    assert.equal(ragFor(action({ override: 'purple' }), TODAY).overridden, false);
  });

  it('counts red, amber and stale as exceptions', () => {
    assert.equal(isException(ragFor(action({ progress: 0 }), TODAY)), true);
    assert.equal(isException(ragFor(action({ progress: 50, lastUpdateOn: TODAY }), TODAY)), false);
    assert.equal(
      isException(ragFor(action({ progress: 50, startDate: '2026-01-01', dueDate: '2027-12-31' }), TODAY)),
      true,
    );
  });
});

describe('reading an imported action plan', () => {
  it('finds dates, costs and themes as the seeds write them', async () => {
    const { costIn, datesIn, themesIn } = await import('../../src/features/plan/plan-import.ts');
    assert.deepEqual(datesIn('Phased introduction starting 1st April 2010'), [
      { first: '2010-04-01', last: '2010-04-01' },
    ]);
    assert.deepEqual(datesIn('April 2010'), [{ first: '2010-04-01', last: '2010-04-30' }]);
    assert.deepEqual(datesIn('31/03/2011 and 31 February 2011'), [{ first: '2011-03-31', last: '2011-03-31' }]);
    assert.equal(costIn('Materials, promotional costs (£1000)\nPlus cost of running programme'), 100000);
    assert.equal(costIn('£1,250.50'), 125050);
    assert.equal(costIn('Officer time'), null);
    assert.equal(costIn('-£5'), 'negative');
    assert.deepEqual(themesIn('Capacity to Deliver and Keep Children Safe'), [7]);
    assert.deepEqual(
      themesIn('All arcs but particularly High quality, appropriately trained workforce'),
      [1, 2, 3, 4, 5, 6, 7],
    );
    assert.deepEqual(themesIn('ECM outcomes; Common values & language'), [2, 8]);
    assert.deepEqual(themesIn('Budget'), []);
  });
});
