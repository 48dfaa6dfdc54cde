import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compared,
  isQuarterEnd,
  previousQuarterEnd,
  quarterDue,
  quarterEndOf,
  quarterLabel,
  quarterStartOf,
  travelText,
} from '../../src/features/reports/pack-compare.ts';
import { shown } from '../../src/features/reports/pack-document.ts';
import { markdownBlocks } from '../../src/features/reports/pack-markdown.ts';
import { checkNarrative } from '../../src/features/reports/pack-service.ts';
import { emptyNarrative } from '../../src/features/reports/pack-types.ts';
import { ValidationError } from '../../src/lib/errors.ts';

describe('board pack quarters', () => {
  it('follows the financial quarters', () => {
    assert.equal(quarterEndOf('2027-04-01'), '2027-06-30');
    assert.equal(quarterEndOf('2027-12-31'), '2027-12-31');
    assert.equal(quarterEndOf('2028-02-29'), '2028-03-31');
    assert.equal(quarterStartOf('2027-09-30'), '2027-07-01');
    assert.equal(previousQuarterEnd('2027-03-31'), '2026-12-31');
    assert.equal(previousQuarterEnd('2027-06-30'), '2027-03-31');
    assert.equal(quarterLabel('2027-03-31'), 'January to March 2027');
    assert.ok(isQuarterEnd('2027-09-30'));
    assert.ok(!isQuarterEnd('2027-09-29'));
    assert.ok(!isQuarterEnd('30/09/2027'));
  });

  it('is due for drafting from the given number of days before the quarter ends', () => {
    assert.equal(quarterDue('2027-06-15', 14), null);
    assert.equal(quarterDue('2027-06-16', 14), '2027-06-30');
    assert.equal(quarterDue('2027-06-30', 14), '2027-06-30');
    assert.equal(quarterDue('2027-07-01', 14), null);
    assert.equal(quarterDue('2027-07-01', 0), null);
  });
});

describe('board pack direction of travel', () => {
  it('says which way a figure moved against the issued pack, given which way is better', () => {
    assert.deepEqual(compared(2, 3, 'lower'), { now: 2, before: 3, direction: 'better' });
    assert.deepEqual(compared(12.5, 10, 'lower'), { now: 12.5, before: 10, direction: 'worse' });
    assert.equal(compared(5, 5, 'higher').direction, 'same');
    assert.equal(compared(5, undefined, 'higher').before, null);
    assert.equal(compared('c', 6, 'higher').direction, 'none', 'a suppressed figure has no direction');
    assert.equal(compared(1900, 1880, 'neither').direction, 'none');
    assert.equal(compared(1900, 1900, 'neither').direction, 'same');
    assert.equal(
      travelText(compared(2, 3, 'lower'), (v) => shown(v)),
      'Better ↑ (was 3)',
    );
    assert.equal(
      travelText(compared(1900, 1880, 'neither'), (v) => shown(v)),
      'Changed (was 1,880)',
    );
    assert.equal(
      travelText(compared(2, null, 'lower'), (v) => shown(v)),
      'No earlier pack',
    );
    assert.equal(shown(14.25, '%'), '14.3%');
    assert.equal(shown('c'), 'c');
    assert.equal(shown(null), '–');
  });
});

describe('board pack narrative', () => {
  it('reads Markdown with raw HTML off', () => {
    const blocks = markdownBlocks(
      'We **must** act <script>alert(1)</script>.\n\n- one\n- *two*\n\n1. first\n\n## Aside\n\nSee [the plan](https://example.org/plan).',
    );
    assert.deepEqual(blocks, [
      {
        kind: 'paragraph',
        runs: [{ text: 'We ' }, { text: 'must', bold: true }, { text: ' act <script>alert(1)</script>.' }],
      },
      { kind: 'list', ordered: false, items: [[{ text: 'one' }], [{ text: 'two', italic: true }]] },
      { kind: 'list', ordered: true, items: [[{ text: 'first' }]] },
      { kind: 'heading', level: 3, text: 'Aside' },
      {
        kind: 'paragraph',
        runs: [{ text: 'See ' }, { text: 'the plan' }, { text: ' (https://example.org/plan)' }, { text: '.' }],
      },
    ]);
    assert.deepEqual(markdownBlocks('   '), []);
  });

  it('keeps only the exceptions’ boxes, trimmed, and refuses text that is too long, naming the field', () => {
    const input = emptyNarrative();
    input.sections.summary = '  Fine.\r\n';
    input.actions = { '4': { corrective: ' Act ', ask: '' }, '99': { corrective: 'Not an exception', ask: '' } };
    const checked = checkNarrative(input, [4, 5]);
    assert.equal(checked.sections.summary, 'Fine.');
    assert.deepEqual(checked.actions, { '4': { corrective: 'Act', ask: '' }, '5': { corrective: '', ask: '' } });
    input.sections.funding = 'x'.repeat(20_001);
    input.actions['4'] = { corrective: '', ask: 'y'.repeat(4001) };
    assert.throws(
      () => checkNarrative(input, [4]),
      (err: unknown) =>
        err instanceof ValidationError &&
        err.fields['section-funding'] === 'Funding must be 20,000 characters or fewer' &&
        err.fields['ask-4'] === 'Write 4,000 characters or fewer in this box',
    );
  });
});
