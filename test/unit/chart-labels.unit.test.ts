import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wrapText } from '../../src/lib/chart-parts.ts';
import { barChart, groupedBarChart, lineChart, stackedBarChart } from '../../src/lib/charts.ts';

const LONG = 'Asian, Asian British or Asian Welsh: any other Asian background';

/** The words a chart writes in its visible text, without its title and description. */
const visibleText = (svg: string) =>
  svg
    .replace(/<title[\s\S]*?<\/title>|<desc[\s\S]*?<\/desc>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

describe('chart labels wrap instead of being cut off', () => {
  it('splits text at spaces into lines that fit, keeping every character', () => {
    assert.deepEqual(wrapText('Asian, Asian British or Asian Welsh', 20), ['Asian, Asian British', 'or Asian Welsh']);
    assert.deepEqual(wrapText('Short', 20), ['Short']);
    const lines = wrapText('Supercalifragilisticexpialidocious', 12);
    assert.ok(lines.every((l) => l.length <= 12));
    assert.equal(lines.join('').replace(/-/g, ''), 'Supercalifragilisticexpialidocious');
  });

  it('shows a long category in full in bar, grouped, stacked and line charts', () => {
    const charts = [
      barChart({ id: 'b', title: 'Ethnicity', data: [{ label: LONG, value: 12 }] }),
      groupedBarChart({
        id: 'g',
        title: 'Ethnicity',
        series: ['Workforce', 'Population'],
        rows: [{ label: LONG, values: [1, 2] }],
      }),
      stackedBarChart({
        id: 's',
        title: 'Ethnicity',
        series: [LONG, 'White'],
        rows: [{ label: LONG, values: [1, 2] }],
      }),
      lineChart({
        id: 'l',
        title: 'Trend',
        labels: ['30 September 2025', '30 September 2026'],
        series: [{ name: LONG, values: [1, 2] }],
      }),
    ];
    for (const chart of charts) {
      assert.doesNotMatch(chart.svg, /…/, 'no label is cut off');
      assert.match(
        visibleText(chart.svg).replace(/\s+/g, ' '),
        /Asian, Asian British or Asian Welsh: any other Asian background/,
      );
    }
  });

  it('makes rows tall enough for their wrapped labels', () => {
    const short = barChart({
      id: 'a',
      title: 'T',
      data: [
        { label: 'A', value: 1 },
        { label: 'B', value: 2 },
      ],
    });
    const long = barChart({
      id: 'a',
      title: 'T',
      data: [
        { label: LONG, value: 1 },
        { label: 'B', value: 2 },
      ],
    });
    const height = (svg: string) => Number(/viewBox="0 0 \d+(?:\.\d+)? (\d+(?:\.\d+)?)"/.exec(svg)?.[1]);
    assert.ok(height(long.svg) > height(short.svg));
  });
});
