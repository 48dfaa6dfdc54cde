/*
 * Accessible (tagged) PDF reports with pdfkit: a document in British English whose title shows in
 * the viewer's title bar, with a structure tree that screen readers follow. Every piece of content
 * is drawn either inside its structure element (H1, P, L/LI/LBody, Table/TR/TH/TD, Figure) or
 * as an artifact (page furniture, rules, colour fills) that assistive technology skips.
 *
 * Elements are attached to their parent BEFORE their content is drawn, so the order of the
 * structure tree is the drawing order — write content in reading order. Never draw an artifact
 * or add an element from inside another element's draw function: pdfkit closes the open marked
 * content when an artifact starts.
 */
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { REPORT_FONTS } from './report-fonts.ts';

export type Doc = InstanceType<typeof PDFDocument>;
export type Element = PDFKit.PDFStructureElement;

/** What pdfkit's structure elements accept (the typings lack scope, bbox and placement). */
export interface ElementOptions {
  title?: string;
  alt?: string;
  actual?: string;
  expanded?: string;
  scope?: 'Row' | 'Column';
  bbox?: [number, number, number, number];
  placement?: 'Block' | 'Inline';
}
type Struct = (type: string, options?: ElementOptions) => Element;

/** PDF standard fonts only encode WinAnsi: replace the few characters outside it. */
export const pdfText = (text: string) =>
  text
    .replace(/≥/g, '>=')
    .replace(/≤/g, '<=')
    .replace(/[^\n -\u00ff’‘“”–—…•×÷€]/g, '?');

export interface TaggedDocument {
  doc: Doc;
  /** The Document element every other element goes under. */
  root: Element;
  /** Ends the structure and the document; resolves with the PDF's bytes. */
  finish(): Promise<Buffer>;
}

export interface TaggedDocumentOptions {
  title: string;
  subject?: string;
  layout?: 'portrait' | 'landscape';
  margin: number;
  /** Keep pages in memory so footers can be written once the page count is known. */
  bufferPages?: boolean;
  /**
   * Embed Liberation Sans (subset by pdfkit, with a ToUnicode map) as the fonts BODY_FONT and
   * BOLD_FONT, so text outside WinAnsi is drawn as written, and mark the file as aiming at PDF/UA.
   */
  embedFont?: boolean;
}

/** The embedded fonts' names, once a document is made with `embedFont`. */
export const BODY_FONT = 'Body';
export const BOLD_FONT = 'Body-Bold';
export const ITALIC_FONT = 'Body-Italic';
const embedded = new WeakSet<Doc>();

/** A tagged A4 document (PDF 1.7, Lang en-GB, MarkInfo Marked, title shown in the title bar). */
export function taggedDocument(options: TaggedDocumentOptions): TaggedDocument {
  const doc = new PDFDocument({
    size: 'A4',
    layout: options.layout ?? 'portrait',
    margin: options.margin,
    bufferPages: options.bufferPages ?? false,
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    pdfVersion: '1.7',
    info: { Title: options.title, Author: 'One Workforce', ...(options.subject ? { Subject: options.subject } : {}) },
    // pdfkit writes the PDF/UA identifier into the XMP metadata; its typings list only the PDF/A subsets.
    ...(options.embedFont ? { subset: 'PDF/UA' as unknown as PDFKit.Mixins.PDFSubsets } : {}),
  });
  if (options.embedFont) {
    doc.registerFont(BODY_FONT, REPORT_FONTS.regular);
    doc.registerFont(BOLD_FONT, REPORT_FONTS.bold);
    doc.registerFont(ITALIC_FONT, REPORT_FONTS.italic);
    doc.font(BODY_FONT);
    embedded.add(doc);
  }
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const root = doc.struct('Document');
  doc.addStructure(root);
  return {
    doc,
    root,
    finish() {
      root.end();
      doc.end();
      return done;
    },
  };
}

/** A grouping element (L, LI, Table, TR, …) added under `parent`; end() it once its children are in. */
export function group(doc: Doc, parent: Element, type: string, options: ElementOptions = {}): Element {
  const element = (doc.struct as unknown as Struct)(type, options);
  parent.add(element);
  return element;
}

/** An element whose content is whatever `draw` puts on the page (H1, P, TH, TD, LBody, …). */
export function tagged(
  doc: Doc,
  parent: Element,
  type: string,
  draw: () => void,
  options: ElementOptions = {},
): Element {
  const element = group(doc, parent, type, options);
  element.add(draw);
  element.end();
  return element;
}

/** Drawing that carries no meaning of its own (rules, fills, page footers): skipped by screen readers. */
export function artifact(doc: Doc, draw: () => void, type?: 'Pagination' | 'Layout'): void {
  doc.markContent('Artifact', type ? { type } : undefined);
  draw();
  doc.endMarkedContent();
}

export interface SvgBox {
  x: number;
  y: number;
  width: number;
  height: number;
  preserveAspectRatio?: string;
}

/** An SVG chart as a Figure whose Alt is the chart's text alternative. */
export function svgFigure(doc: Doc, parent: Element, svg: string, alt: string, box: SvgBox): void {
  const { x, y, width, height, preserveAspectRatio } = box;
  tagged(
    doc,
    parent,
    'Figure',
    () => {
      SVGtoPDF(doc as unknown as Parameters<typeof SVGtoPDF>[0], svg, x, y, {
        width,
        height,
        ...(preserveAspectRatio ? { preserveAspectRatio } : {}),
        // A chart's text is set in the embedded font too, where the document has one.
        ...(embedded.has(doc)
          ? { fontCallback: (_family: string, bold: boolean) => (bold ? BOLD_FONT : BODY_FONT) }
          : {}),
      });
    },
    { alt, bbox: [x, y, x + width, y + height], placement: 'Block' },
  );
}

const decodeXml = (text: string) =>
  text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The text alternative an SVG carries for screen readers: its <title> then its <desc>. */
export function svgTextAlternative(svg: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/.exec(svg)?.[1] ?? '';
  const desc = /<desc[^>]*>([^<]*)<\/desc>/.exec(svg)?.[1] ?? '';
  return [title, desc]
    .map((part) => decodeXml(part).trim())
    .filter(Boolean)
    .join('. ');
}

const TABLE_TEXT = '#0b0c0c';
const TABLE_RULE = '#b1b4b6';

/** Starts a new page unless `height` more fits above the bottom margin. */
export function ensureSpace(doc: Doc, margin: number, height: number): void {
  if (doc.y + height > doc.page.height - margin) doc.addPage();
}

export interface RuledTable {
  title: string;
  /** The header row: the row header's label, then each column's. */
  header: string[];
  /** Each row's header cell then its figures; `bold` for a totals row. */
  rows: { cells: string[]; bold: boolean }[];
  /** The row header column's width; the others share the rest of the text width. */
  firstWidth: number;
  fontSize: number;
}

/**
 * A table drawn by hand in the standard Helvetica (a rule under each row, figures right-aligned)
 * across the text width, and tagged as Table/TR/TH/TD, the first cell of each row a row header.
 */
export function drawRuledTable(doc: Doc, parent: Element, margin: number, table: RuledTable): void {
  const { firstWidth: first, fontSize } = table;
  const width = doc.page.width - margin * 2;
  const rest = (width - first) / Math.max(1, table.header.length - 1);
  const cellWidth = (i: number) => (i === 0 ? first : rest) - 4;
  const element = group(doc, parent, 'Table', { title: table.title });
  const line = (cells: string[], bold: boolean, header: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(fontSize);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(pdfText(c), { width: cellWidth(i) }))) + 4;
    ensureSpace(doc, margin, height);
    const y = doc.y;
    const row = group(doc, element, 'TR');
    cells.forEach((c, i) => {
      const x = margin + (i === 0 ? 0 : first + (i - 1) * rest);
      const draw = () =>
        doc
          .fillColor(TABLE_TEXT)
          .text(pdfText(c), x + 2, y + 2, { width: cellWidth(i), align: i === 0 ? 'left' : 'right' });
      if (header) tagged(doc, row, 'TH', draw, { scope: 'Column' });
      else if (i === 0) tagged(doc, row, 'TH', draw, { scope: 'Row' });
      else tagged(doc, row, 'TD', draw);
    });
    row.end();
    artifact(doc, () =>
      doc
        .moveTo(margin, y + height)
        .lineTo(margin + width, y + height)
        .lineWidth(0.5)
        .strokeColor(TABLE_RULE)
        .stroke(),
    );
    doc.x = margin;
    doc.y = y + height;
  };
  line(table.header, true, true);
  for (const row of table.rows) line(row.cells, row.bold, false);
  element.end();
}

/**
 * An SVG chart as a Figure at the left margin, at most `maxWidth` wide and never taller than a
 * page's text area, on a new page if it does not fit; the text continues `gap` below it.
 */
export function drawChartFigure(
  doc: Doc,
  parent: Element,
  chart: { svg: string; summary: string },
  layout: { margin: number; maxWidth: number; gap: number },
): void {
  const { margin, maxWidth, gap } = layout;
  const box = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(chart.svg);
  const [vw, vh] = [Number(box?.[1] ?? 600), Number(box?.[2] ?? 300)];
  const width = Math.min(doc.page.width - margin * 2, maxWidth);
  const height = Math.min((vh / vw) * width, doc.page.height - margin * 2 - 20);
  ensureSpace(doc, margin, height + 10);
  const y = doc.y;
  svgFigure(doc, parent, chart.svg, chart.summary, {
    x: margin,
    y,
    width,
    height,
    preserveAspectRatio: 'xMinYMin meet',
  });
  doc.x = margin;
  doc.y = y + height + gap;
}

/** "<title> – page N of M" at the foot of every page (the document made with `bufferPages`), as pagination artifacts. */
export function pageFooters(doc: Doc, title: string, layout: { margin: number; fromBottom: number }): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0; // the footer sits below the text area; without this pdfkit adds a page
    doc.font('Helvetica').fontSize(7).fillColor('#505a5f');
    artifact(
      doc,
      () =>
        doc.text(
          pdfText(`${title} – page ${i + 1} of ${range.count}`),
          layout.margin,
          doc.page.height - layout.fromBottom,
          {
            lineBreak: false,
          },
        ),
      'Pagination',
    );
  }
}
