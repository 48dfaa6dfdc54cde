/*
 * The "workforce profile" report as a PDF: title, partnership, census date, filters, key
 * figures, then every section's tables with their charts, the suppression note and the OGL
 * attribution. It reads only the suppressed profile, like the pages.
 */
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { SUPPRESSED_NOTE } from '../../lib/charts.ts';
import type { ProfileTable, WorkforceProfile } from './profile-types.ts';
import { cellFormat, describeFilters, formatCell, keyFigures, ratesChart, SECTIONS, sectionBlocks, tableRows, X_EXPLANATION } from './profile-view.ts';

type Doc = InstanceType<typeof PDFDocument>;
const MARGIN = 50;
const TEXT = '#0b0c0c';
const RULE = '#b1b4b6';

/** PDF standard fonts only encode WinAnsi: replace the few characters outside it. */
const pdfText = (text: string) => text.replace(/≥/g, '>=').replace(/≤/g, '<=').replace(/[^\n -\u00ff’‘“”–—…•×÷€]/g, '?');

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
}

function heading(doc: Doc, text: string, size: number): void {
  ensureSpace(doc, size * 3);
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(size).fillColor(TEXT).text(pdfText(text), MARGIN, doc.y);
  doc.moveDown(0.3);
}

function paragraph(doc: Doc, text: string, size = 9): void {
  ensureSpace(doc, size * 2);
  doc.font('Helvetica').fontSize(size).fillColor(TEXT).text(pdfText(text), MARGIN, doc.y, { width: doc.page.width - MARGIN * 2 });
}

function drawTable(doc: Doc, table: ProfileTable): void {
  const width = doc.page.width - MARGIN * 2;
  const columns = table.columns.length;
  const first = columns > 5 ? 130 : 170;
  const rest = columns > 0 ? (width - first) / columns : 0;
  const size = columns > 6 ? 6.5 : 8;
  const rowOf = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size);
    const heights = cells.map((c, i) => doc.heightOfString(pdfText(c), { width: (i === 0 ? first : rest) - 4 }));
    const height = Math.max(...heights) + 4;
    ensureSpace(doc, height);
    const y = doc.y;
    cells.forEach((c, i) => {
      const x = MARGIN + (i === 0 ? 0 : first + (i - 1) * rest);
      doc.fillColor(TEXT).text(pdfText(c), x + 2, y + 2, { width: (i === 0 ? first : rest) - 4, align: i === 0 ? 'left' : 'right' });
    });
    doc.moveTo(MARGIN, y + height).lineTo(MARGIN + width, y + height).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.x = MARGIN;
    doc.y = y + height;
  };
  rowOf([table.rowHeader, ...table.columns.map((c) => c.label)], true);
  for (const row of tableRows(table)) {
    rowOf([row.label, ...table.columns.map((c) => formatCell(row.values[c.key], cellFormat(table, row, c)))], row === table.totals);
  }
  if (table.rows.length === 0) paragraph(doc, 'No records.', 8);
  if (table.suppressedCells > 0) paragraph(doc, SUPPRESSED_NOTE, 7.5);
  for (const note of table.notes ?? []) paragraph(doc, note, 7.5);
}

function drawChart(doc: Doc, svg: string): void {
  const box = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
  const vw = Number(box?.[1] ?? 600);
  const vh = Number(box?.[2] ?? 300);
  const width = Math.min(doc.page.width - MARGIN * 2, 420);
  const height = (vh / vw) * width;
  ensureSpace(doc, height + 10);
  const y = doc.y;
  SVGtoPDF(doc as unknown as Parameters<typeof SVGtoPDF>[0], svg, MARGIN, y, { width, height, preserveAspectRatio: 'xMinYMin meet' });
  doc.x = MARGIN;
  doc.y = y + height + 8;
}

/** Renders the whole profile to a PDF buffer. */
export function writeProfilePdf(profile: WorkforceProfile, partnershipName: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4', margin: MARGIN, lang: 'en-GB', displayTitle: true, bufferPages: true,
    info: { Title: `Workforce profile – ${partnershipName}`, Author: 'One Workforce', Subject: 'Children’s workforce profile' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(22).fillColor(TEXT).text('Workforce profile', MARGIN, MARGIN);
  paragraph(doc, partnershipName + (profile.scope.organisationName ? ` — ${profile.scope.organisationName} only` : ''), 13);
  paragraph(doc, `Census date: ${profile.filters.censusDate ?? 'no census date held'}`, 11);
  paragraph(doc, `Filters: ${describeFilters(profile)}`, 11);
  if (profile.empty) paragraph(doc, 'No workforce records match these filters.', 11);

  heading(doc, 'Key figures', 15);
  for (const figure of keyFigures(profile)) {
    ensureSpace(doc, 24);
    doc.font('Helvetica-Bold').fontSize(9).text(pdfText(`${figure.label}: ${figure.value}`), MARGIN, doc.y);
    doc.font('Helvetica').fontSize(7.5).text(pdfText(figure.definition), MARGIN, doc.y, { width: doc.page.width - MARGIN * 2 });
    doc.moveDown(0.2);
  }
  const rates = ratesChart(profile);
  if (rates) {
    doc.moveDown(0.5);
    drawChart(doc, rates.svg);
    paragraph(doc, rates.summary, 7.5);
  }

  for (const section of SECTIONS) {
    doc.addPage();
    heading(doc, section.title, 16);
    paragraph(doc, section.intro);
    for (const block of sectionBlocks(section.slug, profile)) {
      heading(doc, block.table.title, 11);
      if (block.chart) {
        drawChart(doc, block.chart.svg);
        paragraph(doc, block.chart.summary, 7.5);
        doc.moveDown(0.3);
      }
      drawTable(doc, block.table);
    }
  }

  heading(doc, 'About these figures', 13);
  paragraph(doc, profile.suppressionExplanation);
  paragraph(doc, X_EXPLANATION);
  for (const line of profile.attributions) paragraph(doc, line);
  paragraph(doc, 'Contains public sector information licensed under the Open Government Licence v3.0.');

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0; // the footer sits below the text area; without this pdfkit adds a page
    doc.font('Helvetica').fontSize(7).fillColor('#505a5f')
      .text(pdfText(`Workforce profile – ${partnershipName} – page ${i + 1} of ${range.count}`), MARGIN, doc.page.height - 35, { lineBreak: false });
  }
  doc.end();
  return done;
}
