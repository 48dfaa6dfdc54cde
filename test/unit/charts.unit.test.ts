import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SaxesParser } from 'saxes';
import {
  barChart,
  groupedBarChart,
  lineChart,
  pyramidChart,
  stackedBarChart,
  type Chart,
} from '../../src/lib/charts.ts';

interface Element {
  name: string;
  attributes: Record<string, string>;
  text: string;
}

/** Parses the SVG as XML (throws if it is not well-formed) and lists its elements. */
function parse(svg: string): Element[] {
  const parser = new SaxesParser({ xmlns: false });
  const elements: Element[] = [];
  const open: Element[] = [];
  parser.on('error', (err) => {
    throw err;
  });
  parser.on('opentag', (tag) => {
    const element = { name: tag.name, attributes: tag.attributes as Record<string, string>, text: '' };
    elements.push(element);
    if (!tag.isSelfClosing) open.push(element);
  });
  parser.on('text', (text) => {
    const current = open[open.length - 1];
    if (current) current.text += text;
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) open.pop();
  });
  parser.write(svg).close();
  return elements;
}

const bars = (elements: Element[]) =>
  elements.filter((e) => e.name === 'rect' && e.attributes['data-value'] !== undefined);

function expectTextAlternative(chart: Chart, title: string): Element[] {
  const elements = parse(chart.svg);
  const svg = elements[0];
  assert.equal(svg?.name, 'svg');
  assert.equal(svg?.attributes.role, 'img');
  const [titleId, descId] = (svg?.attributes['aria-labelledby'] ?? '').split(' ');
  const titleElement = elements.find((e) => e.attributes.id === titleId);
  const descElement = elements.find((e) => e.attributes.id === descId);
  assert.equal(titleElement?.name, 'title');
  assert.equal(titleElement?.text, title);
  assert.equal(descElement?.name, 'desc');
  assert.ok((descElement?.text.length ?? 0) > 20, 'the description lists the values');
  assert.ok(chart.summary.length > 10 && chart.summary.endsWith('.'), 'a one-sentence summary');
  assert.doesNotMatch(chart.svg, /style=/, 'no style attributes (the CSP blocks inline styles)');
  return elements;
}

describe('SVG charts', () => {
  it('draws bars in proportion to their values, labelled with each value', () => {
    const chart = barChart({
      id: 'staff',
      title: 'Headcount by service',
      data: [
        { label: 'Early years', value: 40 },
        { label: 'Health', value: 20 },
        { label: 'Youth', value: 10 },
      ],
    });
    const elements = expectTextAlternative(chart, 'Headcount by service');
    const widths = bars(elements).map((b) => Number(b.attributes.width));
    assert.equal(widths.length, 3);
    assert.ok((widths[0] ?? 0) > 0);
    assert.ok(Math.abs((widths[0] ?? 0) / (widths[1] ?? 1) - 2) < 0.01);
    assert.ok(Math.abs((widths[0] ?? 0) / (widths[2] ?? 1) - 4) < 0.01);
    assert.match(chart.summary, /largest is Early years at 40/);
    assert.match(chart.svg, />40</);
  });

  it('draws no bar for a suppressed value, labels it c and explains it', () => {
    const chart = barChart({
      id: 'small',
      title: 'By role',
      data: [
        { label: 'Social worker', value: 12 },
        { label: 'Manager', value: 'c' },
      ],
    });
    const elements = expectTextAlternative(chart, 'By role');
    assert.equal(bars(elements).length, 1);
    assert.equal(bars(elements)[0]?.attributes['data-value'], '12');
    assert.ok(elements.some((e) => e.name === 'text' && e.text === 'c'));
    assert.ok(chart.hasSuppressed);
    assert.match(chart.summary, /suppressed/);
    assert.match(elements.find((e) => e.name === 'desc')?.text ?? '', /Manager: c/);
  });

  it('escapes hostile labels and titles', () => {
    const hostile = '<script>alert("x")</script> & \'quoted\'';
    const chart = barChart({ id: 'evil"id', title: hostile, data: [{ label: hostile, value: 5 }] });
    assert.doesNotMatch(chart.svg, /<script>/);
    assert.doesNotMatch(chart.svg, /id="evil"/);
    const elements = parse(chart.svg);
    assert.equal(elements.find((e) => e.name === 'title')?.text, hostile);
    assert.ok(!elements.some((e) => e.name === 'script'));
    const stacked = stackedBarChart({
      id: 's',
      title: 't',
      series: [hostile, 'b'],
      rows: [{ label: hostile, values: [1, 2] }],
    });
    assert.ok(!parse(stacked.svg).some((e) => e.name === 'script'));
  });

  it('stacks segments in proportion, or as shares of 100%', () => {
    const rows = [
      { label: 'Early years', values: [30, 10] },
      { label: 'Health', values: [5, 15] },
    ];
    const absolute = bars(
      parse(stackedBarChart({ id: 'a', title: 'Sex by service', series: ['Female', 'Male'], rows }).svg),
    ).map((b) => Number(b.attributes.width));
    assert.ok(Math.abs((absolute[0] ?? 0) / (absolute[1] ?? 1) - 3) < 0.01);
    assert.ok(
      Math.abs(((absolute[0] ?? 0) + (absolute[1] ?? 0)) / ((absolute[2] ?? 0) + (absolute[3] ?? 1)) - 2) < 0.01,
    );
    const percent = bars(
      parse(stackedBarChart({ id: 'p', title: 'Sex by service', series: ['Female', 'Male'], rows, percent: true }).svg),
    ).map((b) => Number(b.attributes.width));
    assert.ok(
      Math.abs((percent[0] ?? 0) + (percent[1] ?? 0) - ((percent[2] ?? 0) + (percent[3] ?? 0))) < 0.2,
      'each bar fills the same width',
    );
    assert.ok(Math.abs((percent[2] ?? 0) / (percent[3] ?? 1) - 1 / 3) < 0.01);
  });

  it('gives each stacked series a pattern and a legend, so colour is not the only signal', () => {
    const chart = stackedBarChart({
      id: 'leg',
      title: 'Groups',
      series: ['Asian', 'Black', 'White'],
      rows: [{ label: 'All', values: [10, 'c', 30] }],
    });
    const elements = expectTextAlternative(chart, 'Groups');
    assert.equal(elements.filter((e) => e.name === 'pattern').length, 3);
    assert.deepEqual(
      bars(elements).map((b) => b.attributes['data-value']),
      ['10', '30'],
    );
    for (const name of ['Asian', 'Black', 'White'])
      assert.ok(
        elements.some((e) => e.name === 'text' && e.text === name),
        `legend names ${name}`,
      );
    assert.ok(elements.some((e) => e.name === 'text' && e.text === 'c'));
  });

  it('draws an age × sex pyramid with each side proportional and suppressed bands undrawn', () => {
    const chart = pyramidChart({
      id: 'pyr',
      title: 'Age and sex',
      leftName: 'Male',
      rightName: 'Female',
      bands: [
        { label: 'Under 25', left: 10, right: 20 },
        { label: '25–34', left: 'c', right: 40 },
      ],
    });
    const elements = expectTextAlternative(chart, 'Age and sex');
    const drawn = bars(elements);
    assert.equal(drawn.length, 3);
    const width = (v: string) => Number(drawn.find((b) => b.attributes['data-value'] === v)?.attributes.width);
    assert.ok(Math.abs(width('40') / width('10') - 4) < 0.01);
    assert.ok(Math.abs(width('20') / width('10') - 2) < 0.01);
    const male = drawn.find((b) => b.attributes['data-value'] === '10');
    const female = drawn.find((b) => b.attributes['data-value'] === '20');
    assert.ok(Number(male?.attributes.x) < Number(female?.attributes.x), 'male bars on the left');
    assert.match(chart.summary, /largest age band shown is 25–34/);
  });

  it('draws lines across census dates, breaking at a suppressed point, and states the change', () => {
    const chart = lineChart({
      id: 'trend',
      title: 'Turnover',
      labels: ['2024-09-30', '2025-09-30', '2026-09-30'],
      unit: '%',
      series: [
        { name: 'Turnover rate', values: [10, 15, 12.5] },
        { name: 'Agency rate', values: [5, 'c', 8] },
      ],
    });
    const elements = expectTextAlternative(chart, 'Turnover');
    const paths = elements.filter((e) => e.name === 'path' && e.attributes.fill === 'none');
    assert.equal(paths.length, 2);
    assert.equal(
      (paths.find((p) => p.attributes.stroke === '#1d70b8')?.attributes.d.match(/[ML]/g) ?? []).join(''),
      'MLL',
    );
    assert.equal(
      (paths.find((p) => p.attributes.stroke === '#d4351c')?.attributes.d.match(/[ML]/g) ?? []).join(''),
      'MM',
    );
    assert.match(chart.summary, /Turnover rate up 2\.5% from 2024-09-30 to 2026-09-30/);
    assert.match(chart.summary, /suppressed/);
  });

  it('copes with no data', () => {
    const chart = barChart({ id: 'none', title: 'Nothing', data: [] });
    expectTextAlternative(chart, 'Nothing');
    assert.match(chart.summary, /no values/);
  });
});

describe('grouped bar chart', () => {
  it('puts each series’ bar side by side, in proportion, with c for a suppressed one', () => {
    const chart = groupedBarChart({
      id: 'g',
      title: 'Workforce against population',
      series: ['Workforce %', 'Population %'],
      unit: '%',
      rows: [
        { label: 'White', values: [90, 45] },
        { label: 'Asian', values: ['c', 15] },
      ],
    });
    const elements = expectTextAlternative(chart, 'Workforce against population');
    const drawn = bars(elements);
    assert.deepEqual(
      drawn.map((b) => b.attributes['data-value']),
      ['90', '45', '15'],
    );
    assert.ok(Math.abs(Number(drawn[0]?.attributes.width) / Number(drawn[1]?.attributes.width) - 2) < 0.01);
    assert.equal(drawn[0]?.attributes.x, drawn[1]?.attributes.x, 'bars start at the same axis');
    assert.ok(elements.some((e) => e.name === 'text' && e.text === 'c'));
  });
});
