import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  figureText,
  ragCounts,
  shownAverage,
  shownChange,
  shownIndicatorValue,
  shownMean,
} from '../../src/features/reports/theme-figures.ts';
import { themesOf } from '../../src/features/reports/theme-repository.ts';
import { tasksFor } from '../../src/features/home/tasks.ts';

describe('the reports’ figures through the suppression module', () => {
  it('hides a mean score that fewer than the threshold scored, and keeps a historic one', () => {
    assert.equal(shownMean(3.04, 4, 5), 'c');
    assert.equal(shownMean(3.04, 5, 5), 3);
    assert.equal(shownMean(2.96, 12, 5), 3);
    assert.equal(shownMean(2.75, null, 5), 2.8);
    assert.equal(shownMean(null, 0, 5), null);
  });

  it('compares only figures that are both shown', () => {
    assert.deepEqual(shownChange(2.5, 3.1), { by: '0.6', direction: 'improved' });
    assert.deepEqual(shownChange(3.1, 2.5), { by: '0.6', direction: 'declined' });
    assert.deepEqual(shownChange('c', 2.5), { by: '', direction: 'not comparable' });
    assert.deepEqual(shownChange(null, 2.5), { by: '', direction: 'not comparable' });
    assert.equal(shownAverage([2, 'c', 3, null]), 2.5);
    assert.equal(shownAverage(['c', null]), null);
  });

  it('hides small whole counts among indicator values, not rates or scores', () => {
    assert.equal(shownIndicatorValue(3, 'people', false, 5), 'c');
    assert.equal(shownIndicatorValue(0, 'people', false, 5), 0);
    assert.equal(shownIndicatorValue(12, 'partners', false, 5), 12);
    assert.equal(shownIndicatorValue(4, '%', false, 5), 4);
    assert.equal(shownIndicatorValue(3, 'score (1–5)', false, 5), 3);
    assert.equal(shownIndicatorValue(40, '%', true, 5), 'c');
    assert.equal(shownIndicatorValue(null, 'people', false, 5), null);
  });

  it('counts actions by RAG exactly, small counts too: actions are not people (docs/adr/0034)', () => {
    const counts = ragCounts(['red', 'red', 'amber', 'green', 'green', 'green', 'green', 'green']);
    assert.deepEqual(counts, { red: 2, amber: 1, green: 5, blue: 0, grey: 0 });
    assert.equal(figureText(counts.red), '2');
    assert.equal(figureText('c'), 'c');
    assert.equal(figureText(1234), '1,234');
    assert.equal(figureText(null), '–');
  });

  it('reads a course’s OCWT themes however they are stored', () => {
    assert.deepEqual(themesOf('[4, "5", "theme-6", 9, "x"]'), [4, 5, 6]);
    assert.deepEqual(themesOf('not json'), []);
    assert.deepEqual(themesOf('{"a":1}'), []);
  });
});

describe('the home tasks that lead to the reports', () => {
  it('sends readers of reports to them, and a data lead to their own organisation’s pack', () => {
    const reports = (role: string) =>
      tasksFor(role)
        .filter((t) => t.href === '/reports')
        .map((t) => t.text);
    assert.deepEqual(reports('viewer'), ['Read the reports']);
    assert.deepEqual(reports('partnership_admin'), ['Read the reports']);
    assert.deepEqual(reports('data_lead'), ['Read your organisation’s pack']);
    assert.deepEqual(reports('practitioner'), []);
  });
});
