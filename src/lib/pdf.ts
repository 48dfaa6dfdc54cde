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
