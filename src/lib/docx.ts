/*
 * Report blocks as a Word document with the `docx` package: real Heading 1–3 styles, a contents
 * field that Word and LibreOffice fill in from the headings, tables with explicit column widths
 * (LibreOffice lays out a table without them wrongly) and a header row that repeats on each page
 * (only a table's top rows can repeat, so the header is the first row), charts as PNG images with
 * alternative text followed by their data table, the title in the core properties and en-GB as
 * the language of every style.
 */
import {
  AlignmentType,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  PageBreak,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
} from 'docx';
import type { Block, ReportDocument, Run } from './report-blocks.ts';
import { REPORT_FONT_FAMILY } from './report-fonts.ts';
import { svgToPng } from './svg-png.ts';

/** A4 less 2 cm margins each side, in twentieths of a point. */
const PAGE_WIDTH_TWIPS = 11906 - 2 * 1134;
const IMAGE_WIDTH_PX = 600;
const LANGUAGE = { value: 'en-GB' };
const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

const textRuns = (runs: Run[], size?: number) =>
  runs.map(
    (r) =>
      new TextRun({
        text: r.text,
        ...(r.bold ? { bold: true } : {}),
        ...(r.italic ? { italics: true } : {}),
        ...(size ? { size } : {}),
      }),
  );

function table(block: Extract<Block, { kind: 'table' }>): FileChild[] {
  const widths = block.columns.map((c) => Math.floor(c.width * PAGE_WIDTH_TWIPS));
  const cell = (text: string, i: number, header: boolean) =>
    new TableCell({
      width: { size: widths[i] ?? 0, type: WidthType.DXA },
      children: [
        new Paragraph({
          alignment: block.columns[i]?.align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
          children: [new TextRun({ text, bold: header || i === 0, size: 20 })],
        }),
      ],
    });
  return [
    new Paragraph({ children: [new TextRun({ text: block.caption, bold: true })], keepNext: true }),
    new Table({
      width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      rows: [
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: block.columns.map((c, i) => cell(c.label, i, true)),
        }),
        ...block.rows.map(
          (row) => new TableRow({ cantSplit: true, children: row.map((text, i) => cell(text, i, false)) }),
        ),
      ],
    }),
    new Paragraph({ children: [] }),
  ];
}

async function chart(block: Extract<Block, { kind: 'chart' }>, index: number): Promise<FileChild> {
  // 1.5 pixels per point shown: sharp in print, and half the rendering time of double.
  const { png, width, height } = await svgToPng(block.svg, IMAGE_WIDTH_PX * 1.5);
  const shownWidth = Math.min(IMAGE_WIDTH_PX, Math.round(PAGE_WIDTH_TWIPS / 15));
  return new Paragraph({
    keepNext: true,
    children: [
      new ImageRun({
        type: 'png',
        data: png,
        transformation: { width: shownWidth, height: Math.round((height / width) * shownWidth) },
        altText: { name: `Chart ${index}`, title: block.alt.split('. ')[0] ?? block.alt, description: block.alt },
      }),
    ],
  });
}

async function children(blocks: Block[]): Promise<FileChild[]> {
  const out: FileChild[] = [];
  let charts = 0;
  for (const block of blocks) {
    if (block.kind === 'heading')
      out.push(new Paragraph({ heading: HEADINGS[block.level], children: [new TextRun(block.text)] }));
    else if (block.kind === 'paragraph')
      out.push(new Paragraph({ children: textRuns(block.runs, block.small ? 18 : undefined) }));
    else if (block.kind === 'list')
      block.items.forEach((item, i) =>
        out.push(
          new Paragraph({
            children: textRuns(block.ordered ? [{ text: `${i + 1}. ` }, ...item] : item),
            ...(block.ordered ? { indent: { left: 360 } } : { bullet: { level: 0 } }),
          }),
        ),
      );
    else if (block.kind === 'table') out.push(...table(block));
    else if (block.kind === 'chart') out.push(await chart(block, ++charts));
    else out.push(new Paragraph({ children: [new PageBreak()] }));
  }
  return out;
}

/** The report as a .docx file's bytes. The first block (the title, a level 1 heading), or its front matter, comes before the contents. */
export async function writeDocx(report: ReportDocument): Promise<Buffer> {
  const front = report.blocks.slice(0, report.frontMatter ?? 1);
  const body = await children(report.blocks.slice(front.length));
  const run = { font: REPORT_FONT_FAMILY, language: LANGUAGE };
  const document = new Document({
    title: report.title,
    subject: report.subject,
    creator: 'One Workforce',
    description: report.subject,
    features: { updateFields: true },
    styles: {
      default: {
        document: { run: { ...run, size: 22 }, paragraph: { spacing: { after: 120 } } },
        heading1: { run: { ...run, size: 36, bold: true }, paragraph: { spacing: { after: 240 } } },
        heading2: { run: { ...run, size: 30, bold: true }, paragraph: { spacing: { before: 360, after: 160 } } },
        heading3: { run: { ...run, size: 24, bold: true }, paragraph: { spacing: { before: 240, after: 120 } } },
      },
    },
    sections: [
      {
        properties: {
          page: { size: { width: 11906, height: 16838 }, margin: { left: 1134, right: 1134, top: 1134, bottom: 1134 } },
        },
        children: [
          ...(await children(front)),
          // The title is the one Heading 1; the contents list the sections under it.
          new Paragraph({ children: [new TextRun({ text: 'Contents', bold: true, size: 28 })] }),
          new TableOfContents('Contents', { hyperlink: true, headingStyleRange: '2-3' }),
          ...body,
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
