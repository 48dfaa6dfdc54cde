/*
 * The board pack as report blocks, leading with exceptions (issue 16 point 1): a one-page summary
 * (RAG counts, indicators with their direction of travel, what the board is asked to decide),
 * red, amber and stale actions in full with a corrective action and an ask of the board, actions
 * completed this quarter and green ones summarised; then risks, workforce, self-assessment,
 * training and funding. The page, the DOCX and the PDF are all drawn from these blocks.
 */
import { barChart } from '../../lib/charts.ts';
import { formatDate } from '../../lib/dates.ts';
import { heading, paragraph, plain, type Block, type TableColumn } from '../../lib/report-blocks.ts';
import { isSuppressed, SUPPRESSION_EXPLANATION, type Shown } from '../../lib/suppression.ts';
import { RAG_WORDS } from '../plan/indicator-rules.ts';
import { pounds } from '../plan/ledger-rules.ts';
import { IMPACT_NAMES, LIKELIHOOD_NAMES, riskHeatMap } from '../plan/risk-rules.ts';
import { quarterLabel, travelText } from './pack-compare.ts';
import { markdownBlocks } from './pack-markdown.ts';
import { NARRATIVE_SECTIONS, type BoardPack, type Compared, type NarrativeSection } from './pack-types.ts';
import { formatNumber } from '../../lib/numbers.ts';

export const RAG_NAMES: Record<string, string> = {
  red: 'Red',
  amber: 'Amber',
  green: 'Green',
  grey: 'Not started',
  blue: 'Complete',
};

/** A figure as the pack prints it: 'c' where suppressed, '–' where there is none. */
export function shown(value: Shown<number> | null, unit = ''): string {
  if (value === null) return '–';
  if (isSuppressed(value)) return 'c';
  const text = Number.isInteger(value) ? formatNumber(value) : value.toFixed(1);
  return unit === '%' ? `${text}%` : text;
}

const FIGURE = /^(?:[−-]?£?[\d,.]+%?|c|–|no score)$/;

/** Columns share the width after the first; a column of figures is right-aligned, a column of words left. */
const columns = (labels: string[], rows: string[][], first = 0.34): TableColumn[] =>
  labels.map((label, i) => ({
    label,
    width: i === 0 ? first : (1 - first) / (labels.length - 1),
    align: i > 0 && rows.length > 0 && rows.every((row) => FIGURE.test(row[i] ?? '')) ? 'right' : 'left',
  }));

const table = (caption: string, labels: string[], rows: string[][], first?: number): Block => ({
  kind: 'table',
  caption,
  columns: columns(labels, rows, first),
  rows,
});

const travel = (figure: Compared, unit = '') => travelText(figure, (v) => shown(v, unit));

function narrative(pack: BoardPack, section: NarrativeSection): Block[] {
  const text = pack.narrative.sections[section];
  if (text) return markdownBlocks(text);
  return pack.status === 'draft' ? [paragraph(`No narrative yet for “${NARRATIVE_SECTIONS[section]}”.`, true)] : [];
}

function opening(pack: BoardPack): Block[] {
  const f = pack.figures;
  const status =
    pack.status === 'issued'
      ? `Issued on ${formatDate(pack.issuedAt?.slice(0, 10))} by ${pack.issuedBy ?? ''}. Its figures are frozen.`
      : 'Draft: the figures are worked out afresh each time it is opened, until it is issued.';
  const compared = f.comparedWith
    ? `Direction of travel is against the pack issued for ${quarterLabel(f.comparedWith.quarterEnd)}.`
    : 'There is no earlier issued pack to compare with.';
  return [
    heading(1, `Quarterly board pack: ${quarterLabel(f.quarterEnd)}`),
    paragraph(`${f.partnershipName}. Figures as at ${formatDate(f.asAt)}. ${status} ${compared}`),
  ];
}

function summary(pack: BoardPack): Block[] {
  const f = pack.figures;
  const chart = barChart({
    id: 'pack-rag',
    title: 'Actions by RAG status',
    data: f.rag.map((r) => ({ label: r.label, value: typeof r.now === 'number' ? r.now : 0 })),
  });
  const asks = f.exceptions
    .map((e) => ({ e, ask: pack.narrative.actions[String(e.id)]?.ask ?? '' }))
    .filter((x) => x.ask);
  return [
    heading(2, 'Summary'),
    ...narrative(pack, 'summary'),
    { kind: 'chart', svg: chart.svg, alt: chart.summary },
    table(
      'Actions by RAG status',
      ['Status', 'Actions', 'Direction of travel'],
      f.rag.map((r) => [r.label, shown(r.now), travel(r)]),
    ),
    table(
      'Success indicators',
      ['Indicator', 'Latest', 'Target', 'Status', 'Direction of travel'],
      f.indicators.map((i) => [
        i.name,
        shown(i.now, i.unit),
        i.target === null ? '–' : shown(i.target, i.unit),
        RAG_WORDS[i.rag],
        travel(i, i.unit),
      ]),
      0.3,
    ),
    heading(3, NARRATIVE_SECTIONS.decisions),
    ...narrative(pack, 'decisions'),
    ...(asks.length
      ? [{ kind: 'list' as const, ordered: true, items: asks.map((x) => plain(`${x.e.title}: ${x.ask}`)) }]
      : []),
    { kind: 'pageBreak' },
  ];
}

function exceptions(pack: BoardPack): Block[] {
  const f = pack.figures;
  const blocks: Block[] = [heading(2, 'Red, amber and stale actions'), ...narrative(pack, 'exceptions')];
  if (!f.exceptions.length) blocks.push(paragraph('No action is red, amber or stale.'));
  for (const e of f.exceptions) {
    const words = pack.narrative.actions[String(e.id)];
    const state = [RAG_NAMES[e.rag] ?? e.rag, e.stale ? 'stale' : ''].filter(Boolean).join(', ');
    blocks.push(
      heading(3, `${e.title} (${state})`),
      paragraph(
        `Priority: ${e.priority || 'none'}. Lead: ${e.lead}. Due ${formatDate(e.dueDate)}; ${e.progress}% complete; ` +
          (e.lastUpdateOn ? `last update ${formatDate(e.lastUpdateOn)}.` : 'no update yet.'),
      ),
      {
        kind: 'paragraph',
        runs: [{ text: 'Corrective action: ', bold: true }, { text: words?.corrective || 'Not written yet.' }],
      },
      { kind: 'paragraph', runs: [{ text: 'Ask of the board: ', bold: true }, { text: words?.ask || 'None.' }] },
    );
  }
  return blocks;
}

function progress(pack: BoardPack): Block[] {
  const f = pack.figures;
  return [
    heading(2, NARRATIVE_SECTIONS.completed),
    ...narrative(pack, 'completed'),
    heading(3, 'Actions completed this quarter'),
    f.completed.length
      ? table(
          'Actions completed this quarter',
          ['Action', 'Priority', 'Completed'],
          f.completed.map((c) => [c.title, c.priority, formatDate(c.completedOn)]),
          0.5,
        )
      : paragraph('No action was completed this quarter.'),
    heading(3, 'Green actions'),
    f.green.length
      ? table(
          'Green actions by priority',
          ['Priority', 'Green actions'],
          f.green.map((g) => [g.priority, String(g.count)]),
          0.7,
        )
      : paragraph('No action is green.'),
  ];
}

function risks(pack: BoardPack): Block[] {
  const r = pack.figures.risks;
  const svg = riskHeatMap('pack-risks', 'Risks by residual likelihood and impact', r.heatMap);
  const alt = `${r.total} risks by residual likelihood (rows, 5 at the top) and impact (columns); the same figures are in the table that follows.`;
  const rows = [5, 4, 3, 2, 1].map((l) => [
    `${l} ${LIKELIHOOD_NAMES[l - 1]}`,
    ...[0, 1, 2, 3, 4].map((i) => String(r.heatMap[l - 1]?.[i] ?? 0)),
  ]);
  return [
    heading(2, 'Risks'),
    ...narrative(pack, 'risks'),
    { kind: 'chart', svg, alt },
    table(
      'Risks by residual likelihood and impact',
      ['Likelihood', ...IMPACT_NAMES.map((n, i) => `${i + 1} ${n}`)],
      rows,
      0.25,
    ),
    heading(3, 'Top risks'),
    table(
      'Top risks by residual score',
      ['Risk', 'Owner', 'Inherent', 'Residual', 'Level'],
      r.top.map((t) => [
        t.title,
        t.owner,
        String(t.inherentScore),
        String(t.residualScore),
        t.aboveAppetite ? `${t.level}, above appetite` : t.level,
      ]),
      0.36,
    ),
  ];
}

function workforce(pack: BoardPack): Block[] {
  const w = pack.figures.workforce;
  if (!w.censusDate)
    return [heading(2, 'Workforce'), ...narrative(pack, 'workforce'), paragraph('No workforce return is held yet.')];
  return [
    heading(2, 'Workforce'),
    ...narrative(pack, 'workforce'),
    paragraph(
      `From the workforce returns at ${formatDate(w.censusDate)}, adjusted and rounded to protect individuals. England: DfE children’s social work workforce${w.benchmarkYear ? `, ${w.benchmarkYear}` : ''} (children’s social workers).`,
    ),
    table(
      'Workforce headlines',
      ['Measure', 'This quarter', 'Direction of travel', 'England'],
      w.rows.map((row) => [row.label, shown(row.now, row.unit), travel(row, row.unit), shown(row.england, row.unit)]),
    ),
  ];
}

function assessment(pack: BoardPack): Block[] {
  const a = pack.figures.assessment;
  const blocks: Block[] = [heading(2, 'Self-assessment'), ...narrative(pack, 'assessment')];
  if (!a) return [...blocks, paragraph('No self-assessment round has opened yet.')];
  blocks.push(
    paragraph(
      `${a.round}: ${a.status}.${a.submitted === null ? ' A historic round: its scores were imported.' : ` Questionnaires submitted: ${shown(a.submitted)}.`}`,
    ),
    table(
      'Average score by theme (1 to 5)',
      ['Theme', 'Average'],
      a.themes.map((t) => [t.name, t.average === null ? 'no score' : t.average.toFixed(1)]),
      0.75,
    ),
    heading(3, 'Priorities chosen from the results'),
  );
  blocks.push(
    a.priorities.length
      ? { kind: 'list', ordered: false, items: a.priorities.map((p) => plain(p)) }
      : paragraph('No priorities have been chosen from this round.'),
  );
  return blocks;
}

function training(pack: BoardPack): Block[] {
  return [
    heading(2, 'Training this quarter'),
    ...narrative(pack, 'training'),
    table(
      `Training, ${quarterLabel(pack.figures.quarterEnd)}`,
      ['Measure', 'This quarter', 'Direction of travel'],
      pack.figures.training.map((t) => [t.label, shown(t.now), travel(t)]),
    ),
  ];
}

function funding(pack: BoardPack): Block[] {
  const f = pack.figures.funding;
  const line = (s: typeof f.totals) => [
    s.name,
    pounds(s.contributed),
    pounds(s.committed),
    pounds(s.spent),
    pounds(s.balance),
  ];
  return [
    heading(2, 'Funding'),
    ...narrative(pack, 'funding'),
    table(
      'Funding by stream',
      ['Stream', 'Contributed', 'Committed', 'Spent', 'Balance'],
      [...f.streams.map(line), line(f.totals)],
      0.32,
    ),
    paragraph(`${SUPPRESSION_EXPLANATION} (threshold ${pack.figures.threshold}).`, true),
  ];
}

/** Every block of the pack, in reading order. */
export function packBlocks(pack: BoardPack): Block[] {
  return [
    ...opening(pack),
    ...summary(pack),
    ...exceptions(pack),
    ...progress(pack),
    ...risks(pack),
    ...workforce(pack),
    ...assessment(pack),
    ...training(pack),
    ...funding(pack),
  ];
}

export const packTitle = (pack: BoardPack): string =>
  `Board pack ${quarterLabel(pack.quarterEnd)} – ${pack.figures.partnershipName}`;
