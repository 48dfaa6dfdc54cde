/* Results turned into what the pages, exports and PDF show: labels, one-decimal means, heat bands. */
import type { Cell, Sheet } from '../../lib/spreadsheet.ts';
import { label, ORGANISATION_TYPES, SECTORS } from '../accounts/organisation-codes.ts';
import { RESPONDENT_TYPES } from './codes.ts';
import { HEAT_BANDS, heatBand, rainbowSvg, themeColour } from './rainbow.ts';
import { type CellChange, EVIDENCE_ATTRIBUTION_MINIMUM, type ResultCell, type RoundResults } from './results-types.ts';
import { oneDecimal, type Dimension } from './scoring.ts';

export const DIMENSION_TITLES: Record<Dimension, string> = {
  sector: 'By sector',
  organisationType: 'By type of organisation',
  respondentType: 'By respondent type',
};

const GROUP_LABELS: Record<Dimension, Record<string, string>> = {
  sector: SECTORS,
  organisationType: ORGANISATION_TYPES,
  respondentType: RESPONDENT_TYPES,
};

export const groupLabel = (dimension: Dimension, key: string): string =>
  key ? label(GROUP_LABELS[dimension], key) : 'Not recorded';

const number = (value: number | null, places = 1) =>
  value === null ? '' : places === 1 ? oneDecimal(value) : String(Math.round(value * 100) / 100);

export function heatCell(mean: number | null) {
  const band = heatBand(mean);
  return {
    text: mean === null ? '–' : oneDecimal(mean),
    className: band ? `ow-heat ow-heat--${band}` : 'ow-heat ow-heat--none',
    empty: mean === null,
  };
}

export const heatKey = () =>
  HEAT_BANDS.map((b) => ({
    className: `ow-heat ow-heat--${b.band}`,
    text: `${b.from.toFixed(1)}${b.label ? ` ${b.label}` : ''}`,
  }));

export function cellLabel(
  results: Pick<RoundResults, 'themes' | 'stages'>,
  theme: number,
  stage: number | null,
): string {
  const t = results.themes.find((x) => x.position === theme)?.name ?? `Theme ${theme}`;
  if (stage === null) return t;
  return `${t} × ${results.stages.find((x) => x.position === stage)?.name ?? `Stage ${stage}`}`;
}

/** The heat map: a row per theme with its 8 cells and average, then the stage averages. */
export function heatMap(results: RoundResults) {
  const meanOf = (theme: number, stage: number) =>
    results.cells.find((c) => c.theme === theme && c.stage === stage)?.mean ?? null;
  return {
    rows: results.themes.map((t, i) => ({
      position: t.position,
      name: t.name,
      cells: results.stages.map((s) => ({
        ...heatCell(meanOf(t.position, s.position)),
        href: `/assessment/rounds/${results.round.id}/results/cells/${t.position}/${s.position}`,
        label: `${t.name} × ${s.name}`,
      })),
      average: oneDecimal(results.averages.themes[i] ?? null) || '–',
    })),
    stageAverages: results.averages.stages.map((a) => oneDecimal(a) || '–'),
    overall: oneDecimal(results.averages.overall) || '–',
  };
}

export function rainbow(results: RoundResults, id = 'rainbow'): string {
  const meanOf = (theme: number, stage: number) =>
    results.cells.find((c) => c.theme === theme && c.stage === stage)?.mean ?? null;
  return rainbowSvg({ id, title: `Rainbow of ${results.round.name}`, themes: results.themes, meanOf });
}

/** The rainbow's key: which arc is which theme, and what the shading means. */
export const rainbowKey = (results: RoundResults) =>
  [...results.themes]
    .sort((a, b) => a.position - b.position)
    .map((t) => ({
      colour: themeColour(t),
      place: t.position === 8 ? 'Base' : t.position === 1 ? 'Outermost arc' : `Arc ${t.position}`,
      name: t.name,
    }));

const signed = (change: number) => `${change > 0 ? '+' : change < 0 ? '−' : ''}${Math.abs(change).toFixed(1)}`;

/** The comparison as a heat map: each cell's change, coloured by whether it improved or declined. */
export function differenceMap(results: Pick<RoundResults, 'themes' | 'stages'>, cells: CellChange[]) {
  const rows = results.themes.map((t) => ({
    name: t.name,
    cells: results.stages.map((s) => {
      const c = cells.find((x) => x.theme === t.position && x.stage === s.position);
      if (!c || c.change === null) return { text: '–', className: 'ow-diff ow-diff--none', hidden: 'not comparable' };
      return { text: signed(c.change), className: `ow-diff ow-diff--${c.direction}`, hidden: c.direction };
    }),
  }));
  return { rows };
}

const spread = (c: ResultCell) => (c.sd === null ? '' : `${number(c.sd, 2)} (IQR ${number(c.iqr, 2)})`);

/** Every cell's statistics, in framework order. */
export const cellRows = (results: RoundResults) =>
  results.cells.map((c) => ({
    theme: c.theme,
    stage: c.stage,
    label: cellLabel(results, c.theme, c.stage),
    mean: oneDecimal(c.mean) || '–',
    median: c.median === null ? '–' : number(c.median, 2),
    n: c.n ?? '–',
    distribution: c.distribution ?? [],
    dontKnow: c.dontKnow,
    notApplicable: c.notApplicable,
    spread: spread(c) || '–',
  }));

export const breakdownTables = (results: RoundResults) =>
  results.breakdowns.map((b) => ({
    title: DIMENSION_TITLES[b.dimension],
    dimension: b.dimension,
    groups: b.groups.map((g) => ({
      name: groupLabel(b.dimension, g.key),
      respondents: g.respondents,
      themes: g.themes.map((m) => oneDecimal(m) || '–'),
      overall: oneDecimal(g.overall) || '–',
    })),
  }));

/** The download: one sheet of every cell, then theme averages and (for live rounds) breakdowns. */
export function resultSheets(results: RoundResults): Sheet[] {
  const cells: Sheet = {
    name: 'Cells',
    header: [
      'Theme number',
      'Theme',
      'Stage number',
      'Stage',
      'Mean',
      'Median',
      'n',
      'Score 1',
      'Score 2',
      'Score 3',
      'Score 4',
      'Score 5',
      'Don’t know',
      'Not applicable',
      'Standard deviation',
      'Inter-quartile range',
      'Priority',
    ],
    rows: results.cells.map((c): Cell[] => [
      c.theme,
      results.themes[c.theme - 1]?.name,
      c.stage,
      results.stages[c.stage - 1]?.name,
      c.mean === null ? null : Number(oneDecimal(c.mean)),
      c.median,
      c.n,
      ...(c.distribution ?? [null, null, null, null, null]),
      c.n === null ? null : c.dontKnow,
      c.n === null ? null : c.notApplicable,
      c.sd === null ? null : Math.round(c.sd * 1000) / 1000,
      c.iqr,
      priorityOf(results, c.theme, c.stage),
    ]),
  };
  const themes: Sheet = {
    name: 'Themes',
    header: ['Theme number', 'Theme', 'Average'],
    rows: results.themes.map((t, i) => [
      t.position,
      t.name,
      results.averages.themes[i] == null ? null : Number(oneDecimal(results.averages.themes[i])),
    ]),
  };
  const groups: Sheet = {
    name: 'Breakdowns',
    header: ['Breakdown', 'Group', 'Respondents', ...results.themes.map((t) => t.name), 'Overall'],
    rows: breakdownTables(results).flatMap((b) =>
      b.groups.map((g): Cell[] => [b.title, g.name, g.respondents, ...g.themes, g.overall]),
    ),
  };
  const priorities: Sheet = {
    name: 'Priorities',
    header: ['Theme number', 'Stage number', 'Theme or cell', 'Why it is a priority'],
    rows: results.priorities.map((p) => [p.theme, p.stage, cellLabel(results, p.theme, p.stage), p.note]),
  };
  const evidence = evidenceSheet(results);
  return results.round.kind === 'historic'
    ? [cells, themes, priorities]
    : [cells, themes, groups, priorities, evidence];
}

/** The evidence notes, theme by theme, each with its organisation or why it is not named. */
export const evidenceSheet = (results: RoundResults): Sheet => ({
  name: 'Evidence notes',
  header: ['Theme number', 'Theme', 'Organisation', 'Evidence'],
  rows: results.evidence.map((e) => [
    e.theme,
    results.themes[e.theme - 1]?.name,
    e.organisation ?? NOT_ATTRIBUTED,
    e.note,
  ]),
});

/** What an evidence note says in place of an organisation with too few respondents to name. */
export const NOT_ATTRIBUTED = `Not named (fewer than ${EVIDENCE_ATTRIBUTION_MINIMUM} respondents from the organisation)`;

/** A cell's priority note (the cell's own, or its theme's), for the cells sheet and CSV. */
const priorityOf = (results: RoundResults, theme: number, stage: number) =>
  results.priorities
    .filter((p) => p.theme === theme && (p.stage === stage || p.stage === null))
    .map((p) => p.note)
    .join('; ');
