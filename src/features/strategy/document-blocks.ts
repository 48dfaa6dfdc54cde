/*
 * The strategy document as report blocks (issue 16 point 3): a title page, contents, the
 * version's sections with the figures frozen at approval, then the appendices frozen with it.
 * The page, the DOCX and the PDF are all drawn from these blocks. The public document names no
 * one: action leads by organisation, governance members by role, no owners of objectives or risks.
 */
import { formatDate } from '../../lib/dates.ts';
import {
  heading,
  paragraph,
  plain,
  type Block,
  type ReportDocument,
  type TableColumn,
} from '../../lib/report-blocks.ts';
import { SUPPRESSION_EXPLANATION } from '../../lib/suppression.ts';
import { isKeyOf } from '../../lib/records.ts';
import { RAG_WORDS } from '../plan/indicator-rules.ts';
import { pounds } from '../plan/ledger-rules.ts';
import { RAG_LABELS } from '../plan/rag.ts';
import { IMPACT_NAMES, LIKELIHOOD_NAMES, riskHeatMap } from '../plan/risk-rules.ts';
import { markdownBlocks } from '../reports/pack-markdown.ts';
import { figureText } from '../reports/theme-figures.ts';
import type { AppendixAction, Appendices } from './document-appendices.ts';
import { fillTokens, type Figures } from './tokens.ts';

export type Audience = 'partnership' | 'public';

export interface StrategyDocumentSource {
  partnershipName: string;
  title: string;
  period: string;
  number: number;
  approvedBy: string | null;
  approvedOn: string | null;
  publishedAt: string | null;
  /** The version's sections in the framework's order; empty ones are left out. */
  sections: { key: string; title: string; body: string }[];
  figures: Partial<Figures>;
  appendices: Appendices | null;
  audience: Audience;
}

export const APPENDICES = [
  'Appendix A: the action plan',
  'Appendix B: the risk register',
  'Appendix C: success indicators',
  'Appendix D: governance',
  'Appendix E: glossary',
] as const;

const FIGURE = /^(?:[−-]?£?[\d,.]+%?|c|–)$/;

/** Columns by share of the width; a column holding only figures is right-aligned. */
function table(caption: string, labels: string[], shares: number[], rows: string[][]): Block {
  const columns: TableColumn[] = labels.map((label, i) => ({
    label,
    width: shares[i] ?? 0,
    align: i > 0 && rows.length > 0 && rows.every((r) => FIGURE.test(r[i] ?? '')) ? 'right' : 'left',
  }));
  return { kind: 'table', caption, columns, rows };
}

const date = (iso: string | null) => (iso ? formatDate(iso.slice(0, 10)) : '–');

function titlePage(s: StrategyDocumentSource): Block[] {
  const approval = s.approvedOn
    ? `Version ${s.number}, approved by ${s.approvedBy ?? 'the partnership'} on ${date(s.approvedOn)}.`
    : `Version ${s.number}.`;
  return [
    heading(1, `${s.title} ${s.period}`),
    paragraph(s.partnershipName),
    paragraph(`Children’s workforce strategy for ${s.period}. ${approval}`),
    ...(s.publishedAt ? [paragraph(`Published on ${date(s.publishedAt)}.`)] : []),
    paragraph(
      'Its figures, action plan, risks, indicators and governance are as they were when it was approved, and do not change afterwards.',
      true,
    ),
    { kind: 'pageBreak' },
  ];
}

const sectionsWithText = (s: StrategyDocumentSource) => s.sections.filter((x) => x.body.trim());

/** The contents as a numbered list, for the page and the PDF (the DOCX has a contents field instead). */
export function contentsList(s: StrategyDocumentSource): Block[] {
  const titles = [...sectionsWithText(s).map((x) => x.title), ...APPENDICES];
  return [
    heading(2, 'Contents'),
    { kind: 'list', ordered: true, items: titles.map((t) => plain(t)) },
    { kind: 'pageBreak' },
  ];
}

function sections(s: StrategyDocumentSource): Block[] {
  return sectionsWithText(s).flatMap((x) => [heading(2, x.title), ...markdownBlocks(fillTokens(x.body, s.figures))]);
}

function lead(a: AppendixAction, audience: Audience): string {
  if (audience === 'public') return a.leadOrganisation || '–';
  return a.leadOrganisation ? `${a.lead}, ${a.leadOrganisation}` : a.lead;
}

const ragText = (a: AppendixAction) =>
  `${isKeyOf(RAG_LABELS, a.rag) ? RAG_LABELS[a.rag] : a.rag}${a.stale ? ', stale' : ''}`;

function actionTable(caption: string, actions: AppendixAction[], audience: Audience): Block {
  return table(
    caption,
    ['Action', audience === 'public' ? 'Lead organisation' : 'Lead', 'Start', 'Due', 'RAG', 'Cost'],
    [0.3, 0.22, 0.12, 0.12, 0.12, 0.12],
    actions.map((a) => [
      a.objective ? `${a.title} (objective: ${a.objective})` : a.title,
      lead(a, audience),
      date(a.startDate),
      date(a.dueDate),
      ragText(a),
      a.costPence === null ? '–' : pounds(a.costPence),
    ]),
  );
}

function actionPlan(a: Appendices, audience: Audience): Block[] {
  const blocks: Block[] = [heading(2, APPENDICES[0])];
  if (!a.priorities.length && !a.unprioritised.length) return [...blocks, paragraph('The plan had no priorities yet.')];
  for (const p of a.priorities) {
    blocks.push(heading(3, `Priority ${p.rank}: ${p.title}`));
    if (p.objectives.length)
      blocks.push(
        audience === 'public'
          ? table(
              `Objectives for priority ${p.rank}`,
              ['Objective', 'Measure', 'Target', 'By'],
              [0.4, 0.3, 0.18, 0.12],
              p.objectives.map((o) => [o.what, o.measure, o.target, date(o.dueDate)]),
            )
          : table(
              `Objectives for priority ${p.rank}`,
              ['Objective', 'Measure', 'Target', 'By', 'Owner'],
              [0.32, 0.24, 0.16, 0.12, 0.16],
              p.objectives.map((o) => [o.what, o.measure, o.target, date(o.dueDate), o.owner]),
            ),
      );
    blocks.push(
      p.actions.length
        ? actionTable(`Actions for priority ${p.rank}`, p.actions, audience)
        : paragraph('No actions yet for this priority.'),
    );
  }
  if (a.unprioritised.length)
    blocks.push(
      heading(3, 'Actions not under a priority'),
      actionTable('Actions not under a priority', a.unprioritised, audience),
    );
  return blocks;
}

function riskRegister(a: Appendices, audience: Audience): Block[] {
  const r = a.risks;
  const total = r.rows.length;
  const heatRows = [5, 4, 3, 2, 1].map((l) => [
    `${l} ${LIKELIHOOD_NAMES[l - 1]}`,
    ...[0, 1, 2, 3, 4].map((i) => String(r.heatMap[l - 1]?.[i] ?? 0)),
  ]);
  const score = (x: (typeof r.rows)[number]) =>
    `${x.residualScore} ${x.level.toLowerCase()}${x.aboveAppetite ? ', above appetite' : ''}`;
  return [
    heading(2, APPENDICES[1]),
    paragraph(
      'Each risk is scored for likelihood and impact from 1 to 5; the score is their product. The residual score is what is left once the linked actions are complete.',
    ),
    {
      kind: 'chart',
      svg: riskHeatMap('strategy-risks', 'Risks by residual likelihood and impact', r.heatMap),
      alt: `${total} risks by residual likelihood (rows, 5 at the top) and impact (columns); the same figures are in the table that follows.`,
    },
    table(
      'Risks by residual likelihood and impact',
      ['Likelihood', ...IMPACT_NAMES.map((n, i) => `${i + 1} ${n}`)],
      [0.25, 0.15, 0.15, 0.15, 0.15, 0.15],
      heatRows,
    ),
    audience === 'public'
      ? table(
          'The risk register',
          ['Risk', 'Cause', 'Effect', 'Inherent', 'Residual'],
          [0.28, 0.22, 0.22, 0.1, 0.18],
          r.rows.map((x) => [x.title, x.cause, x.effect, String(x.inherentScore), score(x)]),
        )
      : table(
          'The risk register',
          ['Risk', 'Cause', 'Effect', 'Owner', 'Inherent', 'Residual', 'Review'],
          [0.2, 0.16, 0.16, 0.14, 0.08, 0.14, 0.12],
          r.rows.map((x) => [x.title, x.cause, x.effect, x.owner, String(x.inherentScore), score(x), date(x.reviewOn)]),
        ),
  ];
}

function indicators(a: Appendices): Block[] {
  const value = (v: number | 'c' | null, unit: string) =>
    v === null ? '–' : `${figureText(v)}${typeof v === 'number' && unit === '%' ? '%' : ''}`;
  return [
    heading(2, APPENDICES[2]),
    a.indicators.length
      ? table(
          'Success indicators',
          ['Indicator', 'Unit', 'Baseline', 'Target', 'Latest', 'Rating'],
          [0.34, 0.14, 0.12, 0.12, 0.12, 0.16],
          a.indicators.map((i) => [
            i.name,
            i.unit,
            value(i.baseline, i.unit),
            value(i.target, i.unit),
            i.quarterEnd ? `${value(i.latest, i.unit)}` : '–',
            isKeyOf(RAG_WORDS, i.rag) ? RAG_WORDS[i.rag] : i.rag,
          ]),
        )
      : paragraph('The plan had no success indicators yet.'),
    paragraph(`${SUPPRESSION_EXPLANATION} (threshold ${a.threshold}).`, true),
  ];
}

function governance(a: Appendices, audience: Audience): Block[] {
  const blocks: Block[] = [heading(2, APPENDICES[3])];
  if (!a.governance.length) return [...blocks, paragraph('No governance groups were recorded.')];
  for (const g of a.governance) {
    blocks.push(
      heading(3, g.name),
      paragraph(
        `${g.kind}.${g.reportsTo ? ` Reports to ${g.reportsTo}.` : ''} Its terms of reference are due for review on ${date(g.reviewOn)}.`,
      ),
    );
    if (!g.members.length) blocks.push(paragraph('No members were recorded.'));
    else if (audience === 'public')
      blocks.push(
        table(
          `Members of ${g.name}`,
          ['Role', 'Organisation'],
          [0.5, 0.5],
          g.members.map((m) => [m.role, m.organisation]),
        ),
      );
    else
      blocks.push(
        table(
          `Members of ${g.name}`,
          ['Role', 'Organisation', 'Name'],
          [0.4, 0.35, 0.25],
          g.members.map((m) => [m.role, m.organisation, m.name]),
        ),
      );
  }
  return blocks;
}

function glossary(a: Appendices): Block[] {
  return [
    heading(2, APPENDICES[4]),
    a.glossary.length
      ? table(
          'Glossary',
          ['Term', 'Meaning'],
          [0.25, 0.75],
          a.glossary.map((t) => [t.term, [t.expansion, t.definition].filter(Boolean).join(': ')]),
        )
      : paragraph('The glossary had no terms yet.'),
  ];
}

function appendices(s: StrategyDocumentSource): Block[] {
  const a = s.appendices;
  if (!a)
    return APPENDICES.flatMap((title) => [
      heading(2, title),
      paragraph('Not kept: this version was approved before its appendices were frozen with it.'),
    ]);
  return [
    ...actionPlan(a, s.audience),
    ...riskRegister(a, s.audience),
    ...indicators(a),
    ...governance(a, s.audience),
    ...glossary(a),
  ];
}

/**
 * The document as a report. The DOCX has its own contents field after the title page (its first
 * `frontMatter` blocks); the page and the PDF list the contents instead.
 */
export function strategyReport(s: StrategyDocumentSource, contents: 'field' | 'list'): ReportDocument {
  const front = titlePage(s);
  return {
    title: `${s.title} ${s.period} – ${s.partnershipName}`,
    subject: `${s.partnershipName}: children’s workforce strategy ${s.period}, version ${s.number}`,
    frontMatter: front.length,
    blocks: [
      ...front,
      ...(contents === 'list' ? contentsList(s) : [{ kind: 'pageBreak' as const }]),
      ...sections(s),
      { kind: 'pageBreak' },
      ...appendices(s),
    ],
  };
}
