import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { packBlocks } from '../../src/features/reports/pack-document.ts';
import { packDocx, packPdf, packReport } from '../../src/features/reports/pack-files.ts';
import type { Block } from '../../src/lib/report-blocks.ts';
import { fixturePack } from '../support/board-pack-fixture.ts';
import { flatten, readTaggedPdf, untaggedPainting } from '../support/pdf-structure.ts';
import {
  assertDocxTables,
  assertPdfFontsCover,
  blockText,
  docxHeadingStyles,
  docxImageAlts,
  readDocx,
} from '../support/report-files.ts';

const pack = fixturePack();
const blocks = packBlocks(pack);
const count = (kind: Block['kind'], test: (b: Block) => boolean = () => true) =>
  blocks.filter((b) => b.kind === kind && test(b)).length;

describe('the board pack as DOCX', () => {
  it('has real headings, a contents field, tables with widths and a repeating header row, charts with alt text, en-GB', async () => {
    const { zip, document, styles, settings, core } = await readDocx(await packDocx(pack));
    const headingStyles = docxHeadingStyles(document);
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

    assertDocxTables(document, count('table'));

    const images = docxImageAlts(document);
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

    const drawn = assertPdfFontsCover(bytes, blockText(blocks));
    for (const special of ['ë', 'Ł', '≤', '↑', '↓', '→', '£', '’'])
      assert.ok(drawn.has(special), `${special} is drawn as itself, not "?"`);
  });
});
