import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quarter, quarterBefore, quarterOf } from '../../src/features/training/charges-quarters.ts';
import { parseSettings } from '../../src/features/training/charges-service.ts';
import { evaluationTable } from '../../src/features/training/evaluation-results.ts';
import { parseAnswers } from '../../src/features/training/evaluation-stages.ts';
import { ValidationError } from '../../src/lib/errors.ts';

describe('financial quarters for the charges statement', () => {
  it('runs April to March', () => {
    assert.deepEqual([quarter('2026-Q1').from, quarter('2026-Q1').to], ['2026-04-01', '2026-06-30']);
    assert.deepEqual([quarter('2026-Q3').from, quarter('2026-Q3').to], ['2026-10-01', '2026-12-31']);
    assert.deepEqual([quarter('2026-Q4').from, quarter('2026-Q4').to], ['2027-01-01', '2027-03-31']);
    assert.equal(quarter('2027-Q4').to, '2028-03-31');
    assert.equal(quarter('2026-Q4').label, 'Q4 2026-27 (1 January 2027 to 31 March 2027)');
  });
  it('finds the quarter of a date and the quarters around it', () => {
    assert.equal(quarterOf('2027-03-31').code, '2026-Q4');
    assert.equal(quarterOf('2026-04-01').code, '2026-Q1');
    assert.equal(quarterOf('2026-12-07').code, '2026-Q3');
    assert.equal(quarterBefore('2026-Q1').code, '2025-Q4');
    assert.equal(quarterBefore('2026-Q4', -1).code, '2027-Q1');
    assert.throws(() => quarter('2026-Q5'));
  });
});

describe('charging rules and evaluation answers', () => {
  it('reads amounts in pounds and pence', () => {
    const s = parseSettings({
      late_cancel_days: '5',
      late_cancel_amount: '£1,250.5',
      no_show_amount: '0',
      late_minutes: '20',
      late_arrival_amount: '25.05',
    });
    assert.deepEqual([s.late_cancel_pence, s.no_show_pence, s.late_arrival_pence], [125050, 0, 2505]);
    assert.throws(
      () => parseSettings({ late_cancel_days: '-1', late_cancel_amount: '1.999' }),
      (e: unknown) => e instanceof ValidationError && Object.keys(e.fields).length === 5,
    );
  });
  it('asks each stage its own questions', () => {
    assert.deepEqual(parseAnswers('after', { confidence: '4', usefulness: '5' }), {
      confidence: 4,
      usefulness: 5,
      applied: null,
      comment: '',
      answered_with: '',
    });
    assert.throws(
      () => parseAnswers('follow_up', { confidence: '6', applied: '2' }),
      (e: unknown) => e instanceof ValidationError && 'confidence' in e.fields && 'answered_with' in e.fields,
    );
  });
});

describe('evaluation results withhold small groups', () => {
  const row = (session_id: number, n: number, confidence: number) => ({
    session_id,
    stage: 'before' as const,
    n,
    confidence,
    usefulness: null,
    applied: null,
  });
  it('withholds groups under 5 and, when one alone would be withheld, the next smallest', () => {
    const table = evaluationTable([1, 2, 3], [row(1, 8, 3.25), row(2, 2, 1), row(3, 6, 4)], [row(0, 16, 3.2)], 5);
    assert.deepEqual(
      table.sessions.map((s) => [s.stages.before.responses, s.stages.before.confidence]),
      [
        [8, 3.3],
        ['c', 'c'],
        ['c', 'c'],
      ],
    );
    assert.deepEqual([table.course.stages.before.responses, table.course.stages.before.confidence], [16, 3.2]);
    assert.equal(table.sessions[0]?.stages.after.responses, 0);
  });
  it('needs no complement when two groups are already withheld', () => {
    const table = evaluationTable([1, 2, 3], [row(1, 8, 3), row(2, 2, 1), row(3, 4, 4)], [row(0, 14, 3)], 5);
    assert.deepEqual(
      table.sessions.map((s) => s.stages.before.responses),
      [8, 'c', 'c'],
    );
  });
});
