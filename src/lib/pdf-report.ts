/*
 * Report blocks as a tagged PDF (pdf.ts) in the embedded Liberation Sans: headings H1–H3,
 * paragraphs, lists (L/LI/LBody), tables (Table/TR/TH/TD, the header row drawn again as an
 * artifact at the top of each page a table runs on to), charts as Figures with their text
 * alternative, and page numbers as pagination artifacts. Content is drawn in reading order.
 */
import type { Block, ReportDocument, Run } from './report-blocks.ts';
import {
  artifact,
  BODY_FONT,
  BOLD_FONT,
  group,
  ITALIC_FONT,
  svgFigure,
  tagged,
  taggedDocument,
  type Doc,
  type Element,
} from './pdf.ts';

const MARGIN = 50;
const TEXT = '#0b0c0c';
const RULE = '#b1b4b6';
const SIZES = { 1: 18, 2: 14, 3: 11.5 } as const;

const contentWidth = (doc: Doc) => doc.page.width - MARGIN * 2;

function ensureSpace(doc: Doc, height: number): boolean {
  if (doc.y + height <= doc.page.height - MARGIN) return false;
  doc.addPage();
  return true;
}

const fontOf = (run: Run) => (run.bold ? BOLD_FONT : run.italic ? ITALIC_FONT : BODY_FONT);

/** Runs in one flow of text at (x, y): each run in its own font, continued into the next. */
function drawRuns(doc: Doc, runs: Run[], x: number, width: number, size: number): void {
  doc.fontSize(size).fillColor(TEXT);
  runs.forEach((run, i) => {
    doc.font(fontOf(run));
    const last = i === runs.length - 1;
    if (i === 0) doc.text(run.text, x, doc.y, { width, continued: !last });
    else doc.text(run.text, { continued: !last });
  });
}

function heightOfRuns(doc: Doc, runs: Run[], width: number, size: number): number {
  doc.font(BODY_FONT).fontSize(size);
  return doc.heightOfString(runs.map((r) => r.text).join(''), { width });
}

function heading(doc: Doc, parent: Element, block: Extract<Block, { kind: 'heading' }>): void {
  const size = SIZES[block.level];
  ensureSpace(doc, size * 4);
  doc.moveDown(block.level === 1 ? 0 : 0.6);
  doc.font(BOLD_FONT).fontSize(size).fillColor(TEXT);
  tagged(doc, parent, `H${block.level}`, () => doc.text(block.text, MARGIN, doc.y, { width: contentWidth(doc) }));
  doc.moveDown(0.3);
}

function paragraph(doc: Doc, parent: Element, runs: Run[], small = false): void {
  const size = small ? 8.5 : 10;
  ensureSpace(doc, Math.min(heightOfRuns(doc, runs, contentWidth(doc), size), 60));
  tagged(doc, parent, 'P', () => drawRuns(doc, runs, MARGIN, contentWidth(doc), size));
  doc.moveDown(0.4);
}

function list(doc: Doc, parent: Element, block: Extract<Block, { kind: 'list' }>): void {
  const element = group(doc, parent, 'L');
  block.items.forEach((item, i) => {
    const runs = block.ordered ? [{ text: `${i + 1}. ` }, ...item] : [{ text: '• ' }, ...item];
    ensureSpace(doc, heightOfRuns(doc, runs, contentWidth(doc) - 12, 10));
    const li = group(doc, element, 'LI');
    tagged(doc, li, 'LBody', () => drawRuns(doc, runs, MARGIN + 12, contentWidth(doc) - 12, 10));
    li.end();
    doc.moveDown(0.2);
  });
  element.end();
  doc.moveDown(0.3);
}

function table(doc: Doc, parent: Element, block: Extract<Block, { kind: 'table' }>): void {
  const width = contentWidth(doc);
  const widths = block.columns.map((c) => c.width * width);
  const lefts = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const size = block.columns.length > 5 ? 8 : 9;
  const place = (cells: string[], bold: (i: number) => boolean) => {
    const heights = cells.map((c, i) => {
      doc.font(bold(i) ? BOLD_FONT : BODY_FONT).fontSize(size);
      return doc.heightOfString(c, { width: (widths[i] ?? 0) - 6 });
    });
    return Math.max(...heights) + 6;
  };
  const drawCells = (
    cells: string[],
    y: number,
    bold: (i: number) => boolean,
    tag?: (i: number, draw: () => void) => void,
  ) =>
    cells.forEach((c, i) => {
      const draw = () => {
        doc
          .font(bold(i) ? BOLD_FONT : BODY_FONT)
          .fontSize(size)
          .fillColor(TEXT);
        doc.text(c, (lefts[i] ?? MARGIN) + 3, y + 3, {
          width: (widths[i] ?? 0) - 6,
          align: block.columns[i]?.align ?? 'left',
        });
      };
      if (tag) tag(i, draw);
      else draw();
    });
  const rule = (y: number) =>
    artifact(doc, () =>
      doc
        .moveTo(MARGIN, y)
        .lineTo(MARGIN + width, y)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke(),
    );
  const header = block.columns.map((c) => c.label);
  const headerHeight = place(header, () => true);

  paragraph(doc, parent, [{ text: block.caption, bold: true }]);
  ensureSpace(doc, headerHeight * 2);
  const element = group(doc, parent, 'Table', { title: block.caption });
  const row = (cells: string[], isHeader: boolean) => {
    const height = isHeader ? headerHeight : place(cells, (i) => i === 0);
    if (!isHeader && ensureSpace(doc, height)) {
      const top = doc.y;
      artifact(doc, () => drawCells(header, top, () => true));
      rule(top + headerHeight);
      doc.y = top + headerHeight;
    }
    const y = doc.y;
    const tr = group(doc, element, 'TR');
    drawCells(
      cells,
      y,
      (i) => isHeader || i === 0,
      (i, draw) => {
        if (isHeader) tagged(doc, tr, 'TH', draw, { scope: 'Column' });
        else if (i === 0) tagged(doc, tr, 'TH', draw, { scope: 'Row' });
        else tagged(doc, tr, 'TD', draw);
      },
    );
    tr.end();
    rule(y + height);
    doc.x = MARGIN;
    doc.y = y + height;
  };
  row(header, true);
  for (const cells of block.rows) row(cells, false);
  element.end();
  doc.moveDown(0.8);
}

function chart(doc: Doc, parent: Element, block: Extract<Block, { kind: 'chart' }>): void {
  const box = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(block.svg);
  const ratio = Number(box?.[2] ?? 300) / Number(box?.[1] ?? 600);
  const width = Math.min(contentWidth(doc), 380);
  const height = ratio * width;
  ensureSpace(doc, height + 10);
  const y = doc.y;
  svgFigure(doc, parent, block.svg, block.alt, { x: MARGIN, y, width, height, preserveAspectRatio: 'xMinYMin meet' });
  doc.x = MARGIN;
  doc.y = y + height + 8;
}

function footers(doc: Doc, title: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    artifact(
      doc,
      () =>
        doc
          .font(BODY_FONT)
          .fontSize(8)
          .fillColor('#505a5f')
          .text(`${title} – page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - 30, {
            width: contentWidth(doc),
            lineBreak: false,
          }),
      'Pagination',
    );
    doc.page.margins.bottom = bottom;
  }
}

/** The report as a tagged PDF with its font embedded. */
export function writeReportPdf(report: ReportDocument): Promise<Buffer> {
  const { doc, root, finish } = taggedDocument({
    title: report.title,
    subject: report.subject,
    margin: MARGIN,
    bufferPages: true,
    embedFont: true,
  });
  for (const block of report.blocks) {
    if (block.kind === 'heading') heading(doc, root, block);
    else if (block.kind === 'paragraph') paragraph(doc, root, block.runs, block.small);
    else if (block.kind === 'list') list(doc, root, block);
    else if (block.kind === 'table') table(doc, root, block);
    else if (block.kind === 'chart') chart(doc, root, block);
    else if (doc.y > doc.page.margins.top + 1) doc.addPage();
  }
  footers(doc, report.title);
  return finish();
}
