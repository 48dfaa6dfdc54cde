import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fontkit from 'fontkit';
import JSZip from 'jszip';
import { packBlocks } from '../../src/features/reports/pack-document.ts';
import { packDocx, packPdf, packReport } from '../../src/features/reports/pack-files.ts';
import { runsText, type Block } from '../../src/lib/report-blocks.ts';
import { REPORT_FONTS } from '../../src/lib/report-fonts.ts';
import { fixturePack } from '../support/board-pack-fixture.ts';
import { pdfFonts } from '../support/pdf-fonts.ts';
import { flatten, readTaggedPdf, untaggedPainting } from '../support/pdf-structure.ts';

const pack = fixturePack();
const blocks = packBlocks(pack);
const count = (kind: Block['kind'], test: (b: Block) => boolean = () => true) =>
  blocks.filter((b) => b.kind === kind && test(b)).length;

/** Every piece of text the pack draws, as the blocks hold it. */
function blockText(list: Block[]): string {
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

const paragraphs = (xml: string) => xml.match(/<w:p>[\s\S]*?<\/w:p>|<w:p [\s\S]*?<\/w:p>/g) ?? [];
const styleOf = (p: string) => /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1] ?? '';

describe('the board pack as DOCX', () => {
  it('has real headings, a contents field, tables with widths and a repeating header row, charts with alt text, en-GB', async () => {
    const zip = await JSZip.loadAsync(await packDocx(pack));
    const xml = (name: string) => zip.file(name)?.async('string') ?? Promise.resolve('');
    const [document, styles, settings, core] = await Promise.all([
      xml('word/document.xml'),
      xml('word/styles.xml'),
      xml('word/settings.xml'),
      xml('docProps/core.xml'),
    ]);

    const headingStyles = paragraphs(document)
      .map(styleOf)
      .filter((s) => /^Heading\d$/.test(s));
    assert.equal(headingStyles[0], 'Heading1', 'the title is the first heading');
    assert.equal(headingStyles.filter((s) => s === 'Heading1').length, 1);
    assert.equal(
      headingStyles.filter((s) => s === 'Heading2').length,
      count('heading', (b) => b.kind === 'heading' && b.level === 2),
    );
    assert.equal(
      headingStyles.filter((s) => s === 'Heading3').length,
      count('heading', (b) => b.kind === 'heading' && b.level === 3),
    );
    assert.match(document, /<w:instrText[^>]*>TOC \\h \\o &quot;2-3&quot;<\/w:instrText>/, 'a contents field');
    assert.match(settings, /<w:updateFields(?: w:val="true")?\/>/, 'the contents are filled in when the file opens');

    const tables = document.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? [];
    assert.equal(tables.length, count('table'));
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

    const images = [...document.matchAll(/<wp:docPr [^>]*descr="([^"]*)"/g)].map((m) => m[1] ?? '');
    assert.equal(images.length, count('chart'));
    assert.ok(
      images.every((alt) => alt.length > 20),
      'every image has alternative text',
    );
    for (const chart of document.split('<w:drawing>').slice(1))
      assert.ok(
        chart.indexOf('<w:tbl>') >= 0 && chart.indexOf('<w:tbl>') < 3000,
        'each chart is followed by its table',
      );
    const media = Object.keys(zip.files).filter((n) => n.startsWith('word/media/'));
    assert.equal(media.length, count('chart'));
    for (const name of media) {
      const png = await zip.file(name)!.async('nodebuffer');
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', `${name} is a PNG`);
    }

    assert.match(styles, /<w:docDefaults><w:rPrDefault><w:rPr>[\s\S]*<w:lang w:val="en-GB"\/>/, 'en-GB by default');
    assert.match(core, /<dc:title>Board pack April to June 2027 – Demoshire Children’s Trust<\/dc:title>/);
    assert.match(document, /Zoë Łukasiewicz/, 'names outside Latin-1 are kept');
    assert.match(document, /Approve £40,000 for the campaign/, 'the ask of the board is in the summary');
  });
});

describe('the board pack as a tagged PDF', () => {
  it('is tagged in reading order, embeds its font, and the font covers every character drawn', async () => {
    const bytes = await packPdf(pack);
    const pdf = readTaggedPdf(bytes);
    assert.equal(pdf.lang, 'en-GB');
    assert.equal(pdf.marked, true);
    assert.equal(pdf.displayDocTitle, true);
    assert.equal(pdf.title, packReport(pack).title);
    assert.match(bytes.toString('latin1'), /<pdfuaid:part>1<\/pdfuaid:part>/, 'declares PDF/UA-1');
    const all = flatten(pdf.structure ?? []);
    assert.equal(all[0]?.type, 'Document');
    assert.equal(all[1]?.type, 'H1');
    assert.equal(
      all.filter((n) => n.type === 'H2').length,
      count('heading', (b) => b.kind === 'heading' && b.level === 2),
    );
    assert.equal(all.filter((n) => n.type === 'Table').length, count('table'));
    for (const table of all.filter((n) => n.type === 'Table')) {
      const [header, ...rows] = table.children;
      assert.ok(
        header?.children.every((c) => c.type === 'TH' && c.scope === 'Column'),
        `${table.title}: header row`,
      );
      for (const row of rows) assert.equal(row.children[0]?.scope, 'Row');
    }
    const figures = all.filter((n) => n.type === 'Figure');
    assert.equal(figures.length, count('chart'));
    assert.ok(figures.every((f) => (f.alt ?? '').length > 20));
    assert.ok(all.some((n) => n.type === 'L' && n.children.every((li) => li.children[0]?.type === 'LBody')));
    pdf.pages.forEach((content, i) => assert.deepEqual(untaggedPainting(content), [], `page ${i + 1}: all tagged`));

    const fonts = pdfFonts(bytes);
    assert.ok(fonts.length >= 2);
    assert.ok(
      fonts.every((f) => f.embedded && f.name.includes('LiberationSans')),
      `every font is embedded Liberation Sans: ${fonts.map((f) => f.name).join(', ')}`,
    );
    const drawn = new Set(fonts.flatMap((f) => [...f.characters]));
    const text = blockText(blocks).replace(/\s/g, '');
    const regular = fontkit.openSync(REPORT_FONTS.regular) as fontkit.Font;
    for (const character of new Set(text)) {
      assert.ok(regular.hasGlyphForCodePoint(character.codePointAt(0) ?? 0), `the font has a glyph for ${character}`);
      assert.ok(drawn.has(character), `${character} is drawn from the embedded font`);
    }
    for (const special of ['ë', 'Ł', '≤', '↑', '↓', '→', '£', '’'])
      assert.ok(drawn.has(special), `${special} is drawn as itself, not "?"`);
  });
});
