/*
 * The "workforce profile" report as a tagged PDF: title, partnership, census date, filters, key
 * figures, then every section's tables with their charts, the suppression note and the OGL
 * attribution. It reads only the suppressed profile, like the pages. Headings, paragraphs, the
 * key-figure list, tables and charts (as figures with their summary as alternative text) are in
 * the structure tree in reading order; rules and page footers are artifacts.
 */
import { SUPPRESSED_NOTE } from '../../../lib/charts.ts';
import {
  drawChartFigure,
  drawRuledTable,
  ensureSpace as spaceFor,
  group,
  pageFooters,
  pdfText,
  tagged,
  taggedDocument,
  type Doc,
  type Element,
} from '../../../lib/pdf.ts';
import type { ProfileTable, WorkforceProfile } from './profile-types.ts';
import {
  cellFormat,
  describeFilters,
  formatCell,
  keyFigures,
  emptyNotice,
  ratesChart,
  tableRows,
  X_EXPLANATION,
} from './profile-view.ts';
import { SECTIONS, sectionHasFigures } from './sections/index.ts';
import { formatDate } from '../../../lib/dates.ts';

const MARGIN = 50;
const TEXT = '#0b0c0c';

const ensureSpace = (doc: Doc, height: number) => spaceFor(doc, MARGIN, height);

function heading(doc: Doc, parent: Element, level: 'H2' | 'H3', text: string, size: number): void {
  ensureSpace(doc, size * 3);
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(size).fillColor(TEXT);
  tagged(doc, parent, level, () => doc.text(pdfText(text), MARGIN, doc.y));
  doc.moveDown(0.3);
}

function paragraph(doc: Doc, parent: Element, text: string, size = 9): void {
  ensureSpace(doc, size * 2);
  doc.font('Helvetica').fontSize(size).fillColor(TEXT);
  tagged(doc, parent, 'P', () => doc.text(pdfText(text), MARGIN, doc.y, { width: doc.page.width - MARGIN * 2 }));
}

function drawTable(doc: Doc, parent: Element, table: ProfileTable): void {
  const columns = table.columns.length;
  drawRuledTable(doc, parent, MARGIN, {
    title: table.title,
    header: [table.rowHeader, ...table.columns.map((c) => c.label)],
    rows: tableRows(table).map((row) => ({
      cells: [row.label, ...table.columns.map((c) => formatCell(row.values[c.key], cellFormat(table, row, c)))],
      bold: row === table.totals,
    })),
    firstWidth: columns > 5 ? 130 : 170,
    fontSize: columns > 6 ? 6.5 : 8,
  });
  if (table.rows.length === 0) paragraph(doc, parent, 'No records.', 8);
  if (table.suppressedCells > 0) paragraph(doc, parent, SUPPRESSED_NOTE, 7.5);
  for (const note of table.notes ?? []) paragraph(doc, parent, note, 7.5);
}

/** A chart as a Figure (its summary as the alternative text), then the summary as a paragraph. */
function drawChart(doc: Doc, parent: Element, chart: { svg: string; summary: string }): void {
  drawChartFigure(doc, parent, chart, { margin: MARGIN, maxWidth: 420, gap: 8 });
  paragraph(doc, parent, chart.summary, 7.5);
}

function drawKeyFigures(doc: Doc, parent: Element, profile: WorkforceProfile): void {
  const list = group(doc, parent, 'L');
  for (const figure of keyFigures(profile)) {
    ensureSpace(doc, 24);
    const item = group(doc, list, 'LI');
    tagged(doc, item, 'LBody', () => {
      doc
        .font('Helvetica-Bold')
        .fontSize(9)
        .text(pdfText(`${figure.label}: ${figure.value}`), MARGIN, doc.y);
      doc
        .font('Helvetica')
        .fontSize(7.5)
        .text(pdfText(figure.definition), MARGIN, doc.y, { width: doc.page.width - MARGIN * 2 });
    });
    item.end();
    doc.moveDown(0.2);
  }
  list.end();
}

/** Renders the whole profile to a PDF buffer. */
export function writeProfilePdf(profile: WorkforceProfile, partnershipName: string): Promise<Buffer> {
  const title = `Workforce profile – ${partnershipName}`;
  const { doc, root, finish } = taggedDocument({
    title,
    subject: 'Children’s workforce profile',
    margin: MARGIN,
    bufferPages: true,
  });

  doc.font('Helvetica-Bold').fontSize(22).fillColor(TEXT);
  tagged(doc, root, 'H1', () => doc.text('Workforce profile', MARGIN, MARGIN));
  paragraph(
    doc,
    root,
    partnershipName + (profile.scope.organisationName ? ` — ${profile.scope.organisationName} only` : ''),
    13,
  );
  paragraph(doc, root, `Census date: ${formatDate(profile.filters.censusDate) || 'no census date held'}`, 11);
  paragraph(doc, root, `Filters: ${describeFilters(profile)}`, 11);
  const nobody = emptyNotice(profile);
  if (nobody) paragraph(doc, root, nobody, 11);

  heading(doc, root, 'H2', 'Key figures', 15);
  drawKeyFigures(doc, root, profile);
  const rates = ratesChart(profile);
  if (rates) {
    doc.moveDown(0.5);
    drawChart(doc, root, rates);
  }

  for (const section of SECTIONS) {
    doc.addPage();
    heading(doc, root, 'H2', section.title, 16);
    paragraph(doc, root, section.intro);
    for (const note of section.notes?.(profile) ?? []) paragraph(doc, root, note);
    if (!sectionHasFigures(section.slug, profile)) continue;
    for (const block of section.blocks(profile)) {
      heading(doc, root, 'H3', block.table.title, 11);
      if (block.chart) {
        drawChart(doc, root, block.chart);
        doc.moveDown(0.3);
      }
      drawTable(doc, root, block.table);
    }
  }

  heading(doc, root, 'H2', 'About these figures', 13);
  paragraph(doc, root, profile.suppressionExplanation);
  paragraph(doc, root, X_EXPLANATION);
  for (const line of profile.attributions) paragraph(doc, root, line);
  paragraph(doc, root, 'Contains public sector information licensed under the Open Government Licence v3.0.');

  pageFooters(doc, title, { margin: MARGIN, fromBottom: 35 });
  return finish();
}
