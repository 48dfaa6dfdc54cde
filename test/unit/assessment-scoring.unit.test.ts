import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type AnswerCount,
  type GroupedAnswerCount,
  averages,
  breakdown,
  changeBetween,
  highest,
  lowest,
  mostDisagreed,
  oneDecimal,
  quantile,
  scoreCells,
} from '../../src/features/assessment/scoring.ts';

const score = (theme: number, stage: number, value: number, weight = 1): AnswerCount => ({
  theme,
  stage,
  kind: 'score',
  score: value,
  weight,
});
const other = (theme: number, stage: number, kind: 'dont_know' | 'not_applicable', weight = 1): AnswerCount => ({
  theme,
  stage,
  kind,
  score: null,
  weight,
});
const close = (actual: number | null, expected: number) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);

describe('assessment scoring', () => {
  // Cell 1×1: scores 1, 3, 4, 4 and a focus group of two agreeing on 5; two "don't know", one "not applicable".
  const cells = scoreCells([
    score(1, 1, 1),
    score(1, 1, 3),
    score(1, 1, 4),
    score(1, 1, 4),
    score(1, 1, 5, 2),
    other(1, 1, 'dont_know'),
    other(1, 1, 'dont_know'),
    other(1, 1, 'not_applicable'),
    other(1, 2, 'dont_know', 3),
    score(2, 1, 2),
    score(2, 1, 2),
    score(3, 8, 2),
    score(3, 8, 4),
  ]);
  const cell = (t: number, s: number) => cells.find((c) => c.theme === t && c.stage === s);

  it('gives all 64 cells in theme-then-stage order', () => {
    assert.equal(cells.length, 64);
    assert.deepEqual(
      [cells[0]?.theme, cells[0]?.stage, cells[9]?.theme, cells[9]?.stage, cells[63]?.theme, cells[63]?.stage],
      [1, 1, 2, 2, 8, 8],
    );
  });

  it('weights scores and counts don’t know and not applicable apart from n', () => {
    const c = cell(1, 1);
    assert.deepEqual(c?.distribution, [1, 0, 1, 2, 2]);
    assert.equal(c?.n, 6);
    close(c?.mean ?? null, 22 / 6);
    assert.equal(c?.median, 4);
    assert.equal(c?.dontKnow, 2);
    assert.equal(c?.notApplicable, 1);
    close(c?.sd ?? null, Math.sqrt(34 / 18));
    close(c?.iqr ?? null, 4.75 - 3.25);
  });

  it('leaves a cell with only don’t know unscored', () => {
    const c = cell(1, 2);
    assert.equal(c?.n, 0);
    assert.equal(c?.mean, null);
    assert.equal(c?.median, null);
    assert.equal(c?.dontKnow, 3);
    assert.equal(cell(5, 5)?.mean, null);
  });

  it('takes the middle of two for an even median and has no spread when all agree', () => {
    assert.equal(cell(3, 8)?.median, 3);
    close(cell(3, 8)?.sd ?? null, 1);
    assert.equal(cell(2, 1)?.sd, 0);
    assert.equal(cell(2, 1)?.iqr, 0);
    assert.equal(quantile([0, 0, 0, 0, 0], 0.5), null);
  });

  it('ranks the cells where respondents disagree most', () => {
    assert.deepEqual(
      mostDisagreed(cells).map((c) => [c.theme, c.stage]),
      [
        [1, 1],
        [3, 8],
      ],
    );
  });

  it('averages themes and stages over the cells that have a mean', () => {
    const a = averages(cells);
    close(a.themes[0] ?? null, 22 / 6);
    assert.equal(a.themes[1], 2);
    assert.equal(a.themes[4], null);
    close(a.stages[0] ?? null, (22 / 6 + 2) / 2);
    close(a.overall ?? null, (22 / 6 + 2 + 3) / 3);
  });

  it('shows means to one decimal place, halves up', () => {
    assert.equal(oneDecimal(22 / 6), '3.7');
    assert.equal(oneDecimal(2.25), '2.3');
    assert.equal(oneDecimal(2.35), '2.4');
    assert.equal(oneDecimal(4), '4.0');
    assert.equal(oneDecimal(null), '');
  });

  it('lists what scored highly and very low', () => {
    const means = [
      { theme: 1, stage: 4, mean: 4.3 },
      { theme: 8, stage: 6, mean: 4.2 },
      { theme: 1, stage: 5, mean: 4.1 },
      { theme: 8, stage: 8, mean: 4.1 },
      { theme: 7, stage: 2, mean: 2.2 },
      { theme: 3, stage: 3, mean: 2.3 },
      { theme: 5, stage: 8, mean: 2.4 },
      { theme: 2, stage: 2, mean: 3 },
      { theme: 6, stage: 6, mean: null },
    ];
    assert.deepEqual(
      highest(means).map((c) => [c.theme, c.stage, c.mean]),
      [
        [1, 4, 4.3],
        [8, 6, 4.2],
        [1, 5, 4.1],
        [8, 8, 4.1],
        [2, 2, 3],
      ],
    );
    assert.deepEqual(
      lowest(means, 3).map((c) => [c.theme, c.stage, c.mean]),
      [
        [7, 2, 2.2],
        [3, 3, 2.3],
        [5, 8, 2.4],
      ],
    );
  });

  it('compares two means as they are shown, to one decimal', () => {
    assert.deepEqual(changeBetween(2.64, 2.66), { change: 0.1, by: '0.1', direction: 'improved' });
    assert.deepEqual(changeBetween(2.61, 2.64), { change: 0, by: '0.0', direction: 'same' });
    assert.deepEqual(changeBetween(4.3, 3.1), { change: -1.2, by: '1.2', direction: 'declined' });
    assert.deepEqual(changeBetween(null, 3), { change: null, by: '', direction: 'not comparable' });
  });

  it('breaks results down by group, leaving out small groups and the next smallest that would give them away', () => {
    const answers = (sector: string, respondentType: string, value: number, weight: number): GroupedAnswerCount => ({
      sector,
      organisationType: 'school',
      respondentType,
      theme: 1,
      stage: 1,
      kind: 'score',
      score: value,
      weight,
    });
    const counts = [
      answers('health', 'leader', 4, 3),
      answers('health', 'frontline', 2, 2),
      answers('education', 'frontline', 5, 4),
      answers('social', 'frontline', 3, 12),
      answers('youth', 'leader', 1, 7),
    ];
    const respondents = counts.map((c) => ({
      sector: c.sector,
      organisationType: c.organisationType,
      respondentType: c.respondentType,
      respondents: c.weight,
    }));
    // Education (4) is too small; health (5), the next smallest, goes too, or 28 − 12 − 7 − 5 would give education away.
    const bySector = breakdown('sector', counts, respondents, 5);
    assert.deepEqual(
      bySector.groups.map((g) => [g.key, g.respondents, g.overall]),
      [
        ['social', 12, 3],
        ['youth', 7, 1],
      ],
    );
    const byType = breakdown('respondentType', counts, respondents, 5);
    assert.deepEqual(
      byType.groups.map((g) => [g.key, g.respondents]),
      [
        ['frontline', 18],
        ['leader', 10],
      ],
    );
    close(byType.groups[0]?.themes[0] ?? null, 60 / 18);
    close(byType.groups[1]?.overall ?? null, (4 * 3 + 7) / 10);
    assert.deepEqual(
      breakdown('organisationType', counts, respondents, 5).groups.map((g) => [g.key, g.respondents]),
      [['school', 28]],
    );
    assert.deepEqual(breakdown('sector', counts, respondents, 40).groups, []);
  });
});

describe('historic table and rainbow', async () => {
  const { matchName, parseHistoricTable, HistoricImportError } =
    await import('../../src/features/assessment/historic-import.ts');
  const { rainbowSvg, heatBand, shade } = await import('../../src/features/assessment/rainbow.ts');
  const { DEFAULT_STAGES, DEFAULT_THEMES } = await import('../../src/features/assessment/framework.ts');

  it('matches names ignoring case and punctuation, & as and, a bracketed part left out or alone, and numbers', () => {
    assert.equal(matchName('Capacity to deliver & keep children safe', DEFAULT_THEMES), 7);
    assert.equal(matchName('ECM outcomes', DEFAULT_THEMES), 8);
    assert.equal(matchName('every child matters outcomes', DEFAULT_THEMES), 8);
    assert.equal(matchName("Define what's needed", DEFAULT_STAGES), 1);
    assert.equal(matchName('GET IT ESTABLISHED DAY TO DAY', DEFAULT_STAGES), 7);
    assert.equal(matchName('3 Develop it', DEFAULT_STAGES), 3);
    assert.equal(matchName('4', DEFAULT_STAGES), 4);
    assert.equal(matchName('9', DEFAULT_STAGES), null);
    assert.equal(matchName('3 Get it working across the workforce', DEFAULT_STAGES), null);
  });

  it('reads a table with stage names as headings and reports every problem at once', () => {
    const header = ['', ...DEFAULT_STAGES.map((s) => s.name)];
    const rows = [header, ...DEFAULT_THEMES.map((t) => [t.name, '3', '3', '3', '3', '3', '3', '3', '3.5'])];
    const cells = parseHistoricTable(rows, DEFAULT_THEMES, DEFAULT_STAGES);
    assert.equal(cells.length, 64);
    assert.deepEqual(cells[7], { theme: 1, stage: 8, mean: 3.5 });
    const broken = rows.map((r) => [...r]);
    (broken[2] as string[])[3] = '0.5';
    (broken[3] as string[])[1] = 'n/a';
    assert.throws(
      () => parseHistoricTable(broken, DEFAULT_THEMES, DEFAULT_STAGES),
      (err: unknown) =>
        err instanceof HistoricImportError &&
        err.problems.join('|') ===
          'Row 3, column D: 0.5 is outside the scale of 1 to 5|Row 4, column B: “n/a” is not a number',
    );
  });

  it('draws 7 arcs of 8 segments over a base of 8, shaded paler for lower means, with names escaped', () => {
    const themes = DEFAULT_THEMES.map((t) => (t.position === 2 ? { ...t, name: '<b>Values</b>' } : t));
    const svg = rainbowSvg({
      id: 'r',
      title: 'Rainbow',
      themes,
      meanOf: (t, s) => (t === 3 && s === 3 ? null : 1 + ((t + s) % 5)),
    });
    assert.equal((svg.match(/<path /g) ?? []).length, 56);
    assert.equal((svg.match(/<rect /g) ?? []).length, 8);
    assert.match(svg, /role="img" aria-labelledby="r-title r-desc"/);
    assert.match(svg, /&#60;b&#62;Values&#60;\/b&#62;/);
    assert.doesNotMatch(svg, /<b>/);
    assert.match(svg, /stroke-dasharray/);
    assert.equal(shade('#d4351c', 5), '#d4351c');
    assert.equal(shade('#000000', 1), '#d9d9d9');
    assert.deepEqual(
      [heatBand(1), heatBand(2.24), heatBand(2.25), heatBand(4.3), heatBand(5), heatBand(null)],
      [1, 3, 4, 8, 9, null],
    );
  });
});
