/*
 * The training quarterly report as a tagged PDF (landscape A4): title, quarter, then each section's
 * heading, intro, notes, chart (a Figure whose alternative text is the chart's summary) and table
 * (Table/TR/TH/TD), then the notes on suppression. Rules and page footers are artifacts.
 */
import {
  drawChartFigure,
  drawRuledTable,
  ensureSpace,
  pageFooters,
  pdfText,
  tagged,
  taggedDocument,
  type Doc,
  type Element,
} from '../../lib/pdf.ts';
import { formatDate } from '../../lib/dates.ts';
import type { Chart } from '../../lib/charts.ts';
import type { ReportTable, TrainingReport } from './report-section.ts';
import { REPORT_NOTES, textRows } from './report-view.ts';

const MARGIN = 40;
const TEXT = '#0b0c0c';
const width = (doc: Doc) => doc.page.width - MARGIN * 2;

function text(doc: Doc, parent: Element, type: 'H1' | 'H2' | 'H3' | 'P', value: string, size: number) {
  ensureSpace(doc, MARGIN, size * 3);
  if (type !== 'P') doc.moveDown(0.5);
  doc
    .font(type === 'P' ? 'Helvetica' : 'Helvetica-Bold')
    .fontSize(size)
    .fillColor(TEXT);
  tagged(doc, parent, type, () => doc.text(pdfText(value), MARGIN, doc.y, { width: width(doc) }));
  doc.moveDown(0.3);
}

function drawTable(doc: Doc, parent: Element, table: ReportTable) {
  const wide = table.columns.length > 6;
  drawRuledTable(doc, parent, MARGIN, {
    title: table.title,
    header: [table.rowHeader, ...table.columns.map((c) => c.label)],
    rows: textRows(table).map((row) => ({ cells: [row.label, ...row.cells], bold: row.isTotal })),
    firstWidth: wide ? 150 : 260,
    fontSize: wide ? 7 : 8.5,
  });
  doc.moveDown(0.3);
  if (!table.rows.length) text(doc, parent, 'P', 'Nothing to count this quarter.', 8);
  for (const note of table.notes ?? []) text(doc, parent, 'P', note, 8);
}

function drawChart(doc: Doc, parent: Element, chart: Chart) {
  drawChartFigure(doc, parent, chart, { margin: MARGIN, maxWidth: 460, gap: 6 });
  text(doc, parent, 'P', chart.summary, 8);
}

export function writeReportPdf(report: TrainingReport, partnershipName: string): Promise<Buffer> {
  const title = `Training quarterly report – ${report.quarter.label}`;
  const { doc, root, finish } = taggedDocument({
    title,
    subject: 'Multi-agency training',
    layout: 'landscape',
    margin: MARGIN,
    bufferPages: true,
  });
  doc.y = MARGIN;
  text(doc, root, 'H1', 'Training quarterly report', 20);
  text(
    doc,
    root,
    'P',
    `${partnershipName} – ${report.quarter.label}. Produced on ${formatDate(report.generatedOn)}.`,
    11,
  );
  for (const section of report.sections) {
    text(doc, root, 'H2', section.title, 15);
    text(doc, root, 'P', section.intro, 9);
    for (const note of section.notes ?? []) text(doc, root, 'P', note, 9);
    for (const table of section.tables) {
      text(doc, root, 'H3', table.title, 11);
      if (table.chart) drawChart(doc, root, table.chart);
      drawTable(doc, root, table);
    }
  }
  text(doc, root, 'H2', 'About these figures', 13);
  for (const note of REPORT_NOTES) text(doc, root, 'P', note, 9);
  pageFooters(doc, title, { margin: MARGIN, fromBottom: 28 });
  return finish();
}
