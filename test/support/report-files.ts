/*
 * Reading generated reports back (docs/adr/0032): a DOCX's parts and what its document.xml holds,
 * and a PDF's fonts against the text drawn, for the board pack's and the strategy document's tests.
 */
import assert from 'node:assert/strict';
import * as fontkit from 'fontkit';
import JSZip from 'jszip';
import { runsText, type Block } from '../../src/lib/report-blocks.ts';
import { REPORT_FONTS } from '../../src/lib/report-fonts.ts';
import { pdfFonts } from './pdf-fonts.ts';

/** Every piece of text the blocks draw. */
export function blockText(list: Block[]): string {
  return list
    .map((b) => {
      if (b.kind === 'heading') return b.text;
      if (b.kind === 'paragraph') return runsText(b.runs);
      if (b.kind === 'list') return b.items.map(runsText).join(' ');
      if (b.kind === 'table') return [b.caption, ...b.columns.map((c) => c.label), ...b.rows.flat()].join(' ');
      return '';
    })
    .join(' ');
}

export async function readDocx(bytes: Buffer) {
  const zip = await JSZip.loadAsync(bytes);
  const xml = (name: string) => zip.file(name)?.async('string') ?? Promise.resolve('');
  const [document, styles, settings, core] = await Promise.all([
    xml('word/document.xml'),
    xml('word/styles.xml'),
    xml('word/settings.xml'),
    xml('docProps/core.xml'),
  ]);
  return { zip, document, styles, settings, core };
}

const paragraphs = (xml: string) => xml.match(/<w:p>[\s\S]*?<\/w:p>|<w:p [\s\S]*?<\/w:p>/g) ?? [];
const styleOf = (p: string) => /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1] ?? '';

/** The heading styles of the document's paragraphs, in order: Heading1, Heading2… */
export const docxHeadingStyles = (document: string): string[] =>
  paragraphs(document)
    .map(styleOf)
    .filter((s) => /^Heading\d$/.test(s));

/** Each table has explicit column widths and exactly one header row, its first. */
export function assertDocxTables(document: string, expected: number): void {
  const tables = document.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? [];
  assert.equal(tables.length, expected, 'tables');
  for (const table of tables) {
    const widths = [...table.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    assert.ok(widths.length >= 2 && widths.every((w) => w > 500), 'explicit column widths');
    const rows = table.match(/<w:tr>[\s\S]*?<\/w:tr>/g) ?? [];
    assert.match(rows[0] ?? '', /<w:tblHeader\/>/, 'the first row repeats as the header');
    assert.ok(
      rows.slice(1).every((r) => !r.includes('<w:tblHeader/>')),
      'only the top row is a header',
    );
  }
}

/** The alternative text of every image in the document. */
export const docxImageAlts = (document: string): string[] =>
  [...document.matchAll(/<wp:docPr [^>]*descr="([^"]*)"/g)].map((m) => m[1] ?? '');

/** Every font is embedded Liberation Sans, and every character of `text` is drawn from it. */
export function assertPdfFontsCover(bytes: Buffer, text: string): Set<string> {
  const fonts = pdfFonts(bytes);
  assert.ok(fonts.length >= 2);
  assert.ok(
    fonts.every((f) => f.embedded && f.name.includes('LiberationSans')),
    `every font is embedded Liberation Sans: ${fonts.map((f) => f.name).join(', ')}`,
  );
  const drawn = new Set(fonts.flatMap((f) => [...f.characters]));
  const regular = fontkit.openSync(REPORT_FONTS.regular) as fontkit.Font;
  for (const character of new Set(text.replace(/\s/g, ''))) {
    assert.ok(regular.hasGlyphForCodePoint(character.codePointAt(0) ?? 0), `the font has a glyph for ${character}`);
    assert.ok(drawn.has(character), `${character} is drawn from the embedded font`);
  }
  return drawn;
}
