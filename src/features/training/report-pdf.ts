/*
 * The training quarterly report as a tagged PDF (landscape A4): title, quarter, then each section's
 * heading, intro, notes, chart (a Figure whose alternative text is the chart's summary) and table
 * (Table/TR/TH/TD), then the notes on suppression. Rules and page footers are artifacts.
 */
import { artifact, group, pdfText, svgFigure, tagged, taggedDocument, type Doc, type Element } from '../../lib/pdf.ts';
import { formatDate } from '../../lib/dates.ts';
import type { Chart } from '../../lib/charts.ts';
import type { ReportTable, TrainingReport } from './report-section.ts';
import { REPORT_NOTES, textRows } from './report-view.ts';

const MARGIN = 40;
const TEXT = '#0b0c0c';
const RULE = '#b1b4b6';

const space = (doc: Doc, height: number) => {
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
};
const width = (doc: Doc) => doc.page.width - MARGIN * 2;

function text(doc: Doc, parent: Element, type: 'H1' | 'H2' | 'H3' | 'P', value: string, size: number) {
  space(doc, size * 3);
  if (type !== 'P') doc.moveDown(0.5);
  doc
    .font(type === 'P' ? 'Helvetica' : 'Helvetica-Bold')
    .fontSize(size)
    .fillColor(TEXT);
  tagged(doc, parent, type, () => doc.text(pdfText(value), MARGIN, doc.y, { width: width(doc) }));
  doc.moveDown(0.3);
}

function drawTable(doc: Doc, parent: Element, table: ReportTable) {
  const count = table.columns.length;
  const first = count > 6 ? 150 : 260;
  const rest = (width(doc) - first) / Math.max(1, count);
  const size = count > 6 ? 7 : 8.5;
  const element = group(doc, parent, 'Table', { title: table.title });
  const line = (cells: string[], header: boolean, bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size);
    const w = (i: number) => (i === 0 ? first : rest) - 4;
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(pdfText(c), { width: w(i) }))) + 4;
    space(doc, height);
    const y = doc.y;
    const row = group(doc, element, 'TR');
    cells.forEach((c, i) => {
      const x = MARGIN + (i === 0 ? 0 : first + (i - 1) * rest);
      const draw = () =>
        doc.fillColor(TEXT).text(pdfText(c), x + 2, y + 2, { width: w(i), align: i === 0 ? 'left' : 'right' });
      if (header) tagged(doc, row, 'TH', draw, { scope: 'Column' });
      else if (i === 0) tagged(doc, row, 'TH', draw, { scope: 'Row' });
      else tagged(doc, row, 'TD', draw);
    });
    row.end();
    artifact(doc, () =>
      doc
        .moveTo(MARGIN, y + height)
        .lineTo(MARGIN + width(doc), y + height)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke(),
    );
    doc.x = MARGIN;
    doc.y = y + height;
  };
  line([table.rowHeader, ...table.columns.map((c) => c.label)], true, true);
  for (const row of textRows(table)) line([row.label, ...row.cells], false, row.isTotal);
  element.end();
  doc.moveDown(0.3);
  if (!table.rows.length) text(doc, parent, 'P', 'Nothing to count this quarter.', 8);
  for (const note of table.notes ?? []) text(doc, parent, 'P', note, 8);
}

function drawChart(doc: Doc, parent: Element, chart: Chart) {
  const box = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(chart.svg);
  const [vw, vh] = [Number(box?.[1] ?? 600), Number(box?.[2] ?? 300)];
  const w = Math.min(width(doc), 460);
  const h = Math.min((vh / vw) * w, doc.page.height - MARGIN * 2 - 20);
  space(doc, h + 10);
  const y = doc.y;
  svgFigure(doc, parent, chart.svg, chart.summary, {
    x: MARGIN,
    y,
    width: w,
    height: h,
    preserveAspectRatio: 'xMinYMin meet',
  });
  doc.x = MARGIN;
  doc.y = y + h + 6;
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
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0; // the footer sits below the text area; without this pdfkit adds a page
    doc.font('Helvetica').fontSize(7).fillColor('#505a5f');
    artifact(
      doc,
      () =>
        doc.text(pdfText(`${title} – page ${i + 1} of ${range.count}`), MARGIN, doc.page.height - 28, {
          lineBreak: false,
        }),
      'Pagination',
    );
  }
  return finish();
}
