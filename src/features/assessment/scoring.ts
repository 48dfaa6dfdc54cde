/*
 * Scoring of a self-assessment round, with no I/O. The input is weighted counts of answers per
 * cell (theme × stage), answer kind and score — what the database's GROUP BY returns — so a round
 * of any size is scored from at most 64 × 7 numbers. Means keep full precision; `oneDecimal`
 * is for display only.
 */
import type { Tally } from '../../lib/disclosure.ts';
import { suppressTable } from '../../lib/suppression.ts';

export type AnswerKind = 'score' | 'dont_know' | 'not_applicable';

export const THEME_COUNT = 8;
export const STAGE_COUNT = 8;
export const SCORES = [1, 2, 3, 4, 5] as const;
/** How many cells the "scored highly" and "scored very low" lists hold. */
export const LIST_LENGTH = 5;

/** Weighted answers of one kind (and score) in one cell; rows for the same key add up. */
export interface AnswerCount {
  theme: number;
  stage: number;
  kind: AnswerKind;
  score: number | null;
  weight: number;
}

export interface CellStats {
  theme: number;
  stage: number;
  /** Weighted respondents who gave a score (not "don't know" or "not applicable"). */
  n: number;
  mean: number | null;
  median: number | null;
  /** Weighted count of each score 1–5, in order. */
  distribution: number[];
  dontKnow: number;
  notApplicable: number;
  /** Population standard deviation of the scores. */
  sd: number | null;
  /** Inter-quartile range (quartiles by linear interpolation, as Excel's QUARTILE.INC). */
  iqr: number | null;
}

export interface CellMean {
  theme: number;
  stage: number;
  mean: number;
}

export interface Averages {
  themes: (number | null)[];
  stages: (number | null)[];
  overall: number | null;
}

const cellIndex = (theme: number, stage: number) => (theme - 1) * STAGE_COUNT + (stage - 1);

/** A mean as the seeds print it: one decimal place, halves rounded up. */
export function oneDecimal(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  return (Math.round((value + 1e-9) * 10) / 10).toFixed(1);
}

const emptyCell = (theme: number, stage: number): CellStats => ({
  theme,
  stage,
  n: 0,
  mean: null,
  median: null,
  distribution: [0, 0, 0, 0, 0],
  dontKnow: 0,
  notApplicable: 0,
  sd: null,
  iqr: null,
});

/** The score at 1-based position `k` of the sorted scores the distribution stands for. */
function scoreAt(distribution: number[], k: number): number {
  let seen = 0;
  for (let i = 0; i < distribution.length; i += 1) {
    seen += distribution[i] ?? 0;
    if (k <= seen) return i + 1;
  }
  return distribution.length;
}

/** Quantile p of the scores (R's type 7): interpolates between neighbouring positions. */
export function quantile(distribution: number[], p: number): number | null {
  const n = distribution.reduce((a, b) => a + b, 0);
  if (n <= 0) return null;
  const h = (n - 1) * p + 1;
  const low = Math.floor(h);
  const lower = scoreAt(distribution, low);
  const upper = scoreAt(distribution, Math.min(n, low + 1));
  return lower + (h - low) * (upper - lower);
}

function finish(cell: CellStats): CellStats {
  const n = cell.distribution.reduce((a, b) => a + b, 0);
  if (n <= 0) return { ...cell, n: 0 };
  const mean = cell.distribution.reduce((sum, w, i) => sum + w * (i + 1), 0) / n;
  const variance = cell.distribution.reduce((sum, w, i) => sum + w * (i + 1 - mean) ** 2, 0) / n;
  const q1 = quantile(cell.distribution, 0.25);
  const q3 = quantile(cell.distribution, 0.75);
  const iqr = q1 === null || q3 === null ? null : q3 - q1;
  return { ...cell, n, mean, median: quantile(cell.distribution, 0.5), sd: Math.sqrt(variance), iqr };
}

/** All 64 cells in theme-then-stage order, each with its statistics. */
export function scoreCells(counts: Iterable<AnswerCount>): CellStats[] {
  const cells: CellStats[] = [];
  for (let t = 1; t <= THEME_COUNT; t += 1) for (let s = 1; s <= STAGE_COUNT; s += 1) cells.push(emptyCell(t, s));
  for (const row of counts) {
    const cell = cells[cellIndex(row.theme, row.stage)];
    const weight = Number(row.weight);
    if (!cell || !(weight > 0)) continue;
    if (row.kind === 'dont_know') cell.dontKnow += weight;
    else if (row.kind === 'not_applicable') cell.notApplicable += weight;
    else if (row.score !== null && Number(row.score) >= 1 && Number(row.score) <= 5)
      cell.distribution[Number(row.score) - 1] += weight;
  }
  return cells.map(finish);
}

const mean = (values: (number | null)[]): number | null => {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? present.reduce((a, b) => a + b, 0) / present.length : null;
};

/** Theme and stage averages: the mean of the cell means that exist, as the seeds' table reads. */
export function averages(cells: { theme: number; stage: number; mean: number | null }[]): Averages {
  const themes: (number | null)[] = [];
  const stages: (number | null)[] = [];
  for (let t = 1; t <= THEME_COUNT; t += 1) themes.push(mean(cells.filter((c) => c.theme === t).map((c) => c.mean)));
  for (let s = 1; s <= STAGE_COUNT; s += 1) stages.push(mean(cells.filter((c) => c.stage === s).map((c) => c.mean)));
  return { themes, stages, overall: mean(cells.map((c) => c.mean)) };
}

const scored = (cells: { theme: number; stage: number; mean: number | null }[]): CellMean[] =>
  cells.filter((c): c is CellMean => c.mean !== null).map((c) => ({ theme: c.theme, stage: c.stage, mean: c.mean }));

const framework = (a: CellMean, b: CellMean) => a.theme - b.theme || a.stage - b.stage;

/** "What scored highly": the highest cell means, highest first (ties in framework order). */
export function highest(
  cells: { theme: number; stage: number; mean: number | null }[],
  length = LIST_LENGTH,
): CellMean[] {
  return scored(cells)
    .sort((a, b) => b.mean - a.mean || framework(a, b))
    .slice(0, length);
}

/** "What scored very low": the lowest cell means, lowest first. */
export function lowest(
  cells: { theme: number; stage: number; mean: number | null }[],
  length = LIST_LENGTH,
): CellMean[] {
  return scored(cells)
    .sort((a, b) => a.mean - b.mean || framework(a, b))
    .slice(0, length);
}

export type Change = 'improved' | 'declined' | 'same' | 'not comparable';

/** Change between two means as they are shown (one decimal), so "same" means the same number on the page. */
export function changeBetween(
  from: number | null,
  to: number | null,
): { change: number | null; by: string; direction: Change } {
  if (from === null || to === null) return { change: null, by: '', direction: 'not comparable' };
  const change = Math.round((Number(oneDecimal(to)) - Number(oneDecimal(from))) * 10) / 10;
  return {
    change,
    by: Math.abs(change).toFixed(1),
    direction: change > 0 ? 'improved' : change < 0 ? 'declined' : 'same',
  };
}

/** The cells where respondents disagree most: largest spread first (needs two or more scores). */
export function mostDisagreed(cells: CellStats[], length = LIST_LENGTH): CellStats[] {
  return cells
    .filter((c) => c.n >= 2 && c.sd !== null && c.sd > 0)
    .sort((a, b) => (b.sd ?? 0) - (a.sd ?? 0) || (b.iqr ?? 0) - (a.iqr ?? 0) || a.theme - b.theme || a.stage - b.stage)
    .slice(0, length);
}

export type Dimension = 'sector' | 'organisationType' | 'respondentType';
export const DIMENSIONS: Dimension[] = ['sector', 'organisationType', 'respondentType'];

/** Who answered, as the breakdowns group them. */
export interface GroupKeys {
  sector: string;
  organisationType: string;
  respondentType: string;
}
export type GroupedAnswerCount = AnswerCount & GroupKeys;
/** Weighted respondents of one combination of groups. */
export type GroupedRespondents = GroupKeys & {
  respondents: number;
  /** The sum of their response ids: the same people give the same sum in every breakdown (docs/adr/0013). */
  idSum?: number;
};

export interface BreakdownGroup {
  key: string;
  respondents: number;
  themes: (number | null)[];
  overall: number | null;
}
export interface Breakdown {
  dimension: Dimension;
  groups: BreakdownGroup[];
}

/**
 * Theme and overall averages for each group of one dimension. A group of fewer respondents than
 * the threshold is left out entirely, and so is the next smallest group when the hidden ones could
 * otherwise be worked out from the round's total (`suppressTable` decides both). The sizes shown
 * are protected by `protect` (src/lib/disclosure.ts: adjusted and rounded to 5).
 */
export function breakdown(
  dimension: Dimension,
  counts: GroupedAnswerCount[],
  respondents: GroupedRespondents[],
  threshold: number,
  protect: (t: Tally) => number = (t) => t.n,
): Breakdown {
  const sizes = new Map<string, number>();
  const idSums = new Map<string, number>();
  for (const r of respondents) {
    sizes.set(r[dimension], (sizes.get(r[dimension]) ?? 0) + Number(r.respondents));
    idSums.set(r[dimension], (idSums.get(r[dimension]) ?? 0) + Number(r.idSum ?? 0));
  }
  const listed = [...sizes].filter(([, size]) => size > 0).sort(([a], [b]) => a.localeCompare(b));
  const { suppressed } = suppressTable(
    listed.map(([, size]) => [size]),
    { threshold, columnTotals: true },
  );
  const groups: BreakdownGroup[] = [];
  listed.forEach(([key, size], i) => {
    if (suppressed[i]?.[0]) return;
    const { themes, overall } = averages(scoreCells(counts.filter((c) => c[dimension] === key)));
    groups.push({ key, respondents: protect({ n: size, k: idSums.get(key) ?? 0 }), themes, overall });
  });
  return { dimension, groups };
}

/** The same answers with the group keys added up away. */
export function ungrouped(counts: GroupedAnswerCount[]): AnswerCount[] {
  return counts.map(({ theme, stage, kind, score, weight }) => ({ theme, stage, kind, score, weight }));
}
