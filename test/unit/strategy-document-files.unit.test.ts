import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APPENDICES, strategyReport } from '../../src/features/strategy/document-blocks.ts';
import { documentFile, documentFileName } from '../../src/features/strategy/document-service.ts';
import { runsText, type Block } from '../../src/lib/report-blocks.ts';
import { flatten, readTaggedPdf, untaggedPainting } from '../support/pdf-structure.ts';
import {
  assertDocxTables,
  assertPdfFontsCover,
  blockText,
  docxHeadingStyles,
  docxImageAlts,
  readDocx,
} from '../support/report-files.ts';
import { fixtureStrategy } from '../support/strategy-document-fixture.ts';

const source = fixtureStrategy();
const document = { versionId: 9, partnershipId: 1, source };
const count = (blocks: Block[], kind: Block['kind'], test: (b: Block) => boolean = () => true) =>
  blocks.filter((b) => b.kind === kind && test(b)).length;
const level = (n: number) => (b: Block) => b.kind === 'heading' && b.level === n;
const tableOf = (blocks: Block[], caption: string) =>
  blocks.find((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table' && b.caption === caption);

describe('the strategy document’s blocks', () => {
  const blocks = strategyReport(source, 'list').blocks;

  it('has a title page, contents, its sections with the frozen figures, then the five appendices', () => {
    const text = blockText(blocks);
    assert.deepEqual(blocks[0], { kind: 'heading', level: 1, text: 'Children’s Workforce Strategy 2026–29' });
    assert.match(text, /Version 3, approved by Demoshire Children’s Trust board on 1 October 2026\./);
    const headings = blocks.filter(level(2)).map((b) => (b.kind === 'heading' ? b.text : ''));
    assert.deepEqual(headings, ['Contents', 'Vision', 'Workforce data and data issues', ...APPENDICES]);
    const contents = blocks.find((b) => b.kind === 'list');
    assert.deepEqual(
      contents?.kind === 'list' ? contents.items.map(runsText) : [],
      ['Vision', 'Workforce data and data issues', ...APPENDICES],
      'the contents list every section with text and every appendix; the empty Scope is left out',
    );
    assert.match(text, /We count 2,015 people\./);
    assert.deepEqual(tableOf(blocks, 'Measure, Demoshire')?.rows, [['Turnover rate', '14.2%']]);
    assert.equal(text.includes('{{'), false, 'no token is left unfilled');
  });

  it('lists the action plan, risks with the heat map and its table, indicators, governance and glossary', () => {
    assert.deepEqual(tableOf(blocks, 'Actions for priority 1')?.rows[0], [
      'Write the glossary (objective: Publish the glossary)',
      'Jo Whitfield, Demoshire County Council',
      '1 April 2026',
      '31 March 2027',
      'Green',
      '£1,500.00',
    ]);
    assert.equal(tableOf(blocks, 'Actions for priority 1')?.rows[1]?.[4], 'Amber, stale');
    assert.equal(tableOf(blocks, 'Actions not under a priority')?.rows[0]?.[5], '£500.00');
    const chart = blocks.findIndex((b) => b.kind === 'chart');
    assert.ok(chart > 0);
    const next = blocks[chart + 1];
    assert.equal(next?.kind === 'table' ? next.caption : '', 'Risks by residual likelihood and impact');
    assert.deepEqual(tableOf(blocks, 'Risks by residual likelihood and impact')?.rows[3], [
      '2 Unlikely',
      '0',
      '1',
      '2',
      '0',
      '0',
    ]);
    assert.deepEqual(tableOf(blocks, 'The risk register')?.rows[0]?.slice(3), [
      'HR service partner',
      '12',
      '9 medium, above appetite',
      '15 January 2027',
    ]);
    assert.deepEqual(tableOf(blocks, 'Success indicators')?.rows, [
      ['Practitioners trained', 'people', 'c', '600', '420', 'Near target'],
      ['Turnover', '%', '16.5%', '14%', '14.2%', 'On target'],
    ]);
    assert.deepEqual(tableOf(blocks, 'Members of Workforce steering group')?.rows, [
      ['Chair (Workforce Strategy Manager)', 'Demoshire County Council', 'Jo Whitfield'],
    ]);
    assert.deepEqual(tableOf(blocks, 'Glossary')?.rows, [['CAF', 'Common Assessment Framework: A shared assessment.']]);
  });

  it('names no one in the public document: leads by organisation, members by role, no owners', () => {
    const open = strategyReport(fixtureStrategy({ audience: 'public' }), 'list').blocks;
    const text = blockText(open);
    for (const name of ['Jo Whitfield', 'Łukasz Nowak', 'Workforce Development Manager', 'HR service partner'])
      assert.equal(text.includes(name), false, `${name} is not in the public document`);
    assert.deepEqual(tableOf(open, 'Actions for priority 1')?.columns[1]?.label, 'Lead organisation');
    assert.deepEqual(tableOf(open, 'Members of Workforce steering group')?.rows, [
      ['Chair (Workforce Strategy Manager)', 'Demoshire County Council'],
    ]);
    assert.match(text, /Chair \(Workforce Strategy Manager\)/, 'lead roles stay');
  });

  it('says so where a version was approved before its appendices were kept', () => {
    const text = blockText(strategyReport(fixtureStrategy({ appendices: null }), 'list').blocks);
    assert.equal(text.match(/Not kept: this version was approved before its appendices were frozen/g)?.length, 5);
  });
});

describe('the strategy document as DOCX', () => {
  it('has the title page before a contents field, real headings, tables with header rows, alt text, en-GB', async () => {
    const report = strategyReport(source, 'field');
    const { zip, document: xml, styles, settings, core } = await readDocx(await documentFile(document, 'docx'));
    const headings = docxHeadingStyles(xml);
    assert.equal(headings[0], 'Heading1');
    assert.equal(headings.filter((s) => s === 'Heading1').length, 1);
    assert.equal(headings.filter((s) => s === 'Heading2').length, count(report.blocks, 'heading', level(2)));
    assert.equal(headings.filter((s) => s === 'Heading3').length, count(report.blocks, 'heading', level(3)));
    assert.equal(
      count(report.blocks, 'heading', (b) => b.kind === 'heading' && b.text === 'Contents'),
      0,
    );
    const field = xml.indexOf('TOC \\h \\o &quot;2-3&quot;');
    assert.ok(field > xml.indexOf('approved by Demoshire'), 'the contents field comes after the title page');
    assert.ok(field < xml.indexOf('>Vision<'), 'and before the first section');
    assert.match(settings, /<w:updateFields(?: w:val="true")?\/>/);
    assertDocxTables(xml, count(report.blocks, 'table'));
    const alts = docxImageAlts(xml);
    assert.equal(alts.length, 1);
    assert.match(alts[0] ?? '', /^1 risks by residual likelihood/);
    assert.equal(Object.keys(zip.files).filter((n) => n.startsWith('word/media/')).length, 1);
    assert.match(styles, /<w:docDefaults><w:rPrDefault><w:rPr>[\s\S]*<w:lang w:val="en-GB"\/>/);
    assert.match(core, /<dc:title>Children’s Workforce Strategy 2026–29 – Demoshire Children’s Trust<\/dc:title>/);
    assert.match(xml, /Łukasz Nowak/);
    assert.equal(documentFileName(source, 'docx'), 'children-s-workforce-strategy-2026-29-v3.docx');
  });
});

describe('the strategy document as a tagged PDF', () => {
  it('is tagged in reading order and its embedded font covers every character drawn', async () => {
    const report = strategyReport(source, 'list');
    const bytes = await documentFile(document, 'pdf');
    const pdf = readTaggedPdf(bytes);
    assert.equal(pdf.lang, 'en-GB');
    assert.equal(pdf.title, report.title);
    const all = flatten(pdf.structure ?? []);
    assert.equal(all[1]?.type, 'H1');
    assert.equal(all.filter((n) => n.type === 'H2').length, count(report.blocks, 'heading', level(2)));
    assert.equal(all.filter((n) => n.type === 'Table').length, count(report.blocks, 'table'));
    for (const table of all.filter((n) => n.type === 'Table'))
      assert.ok(table.children[0]?.children.every((c) => c.type === 'TH' && c.scope === 'Column'));
    const figures = all.filter((n) => n.type === 'Figure');
    assert.equal(figures.length, 1);
    assert.match(figures[0]?.alt ?? '', /risks by residual likelihood/);
    pdf.pages.forEach((content, i) => assert.deepEqual(untaggedPainting(content), [], `page ${i + 1}: all tagged`));
    const drawn = assertPdfFontsCover(bytes, blockText(report.blocks));
    for (const special of ['Ł', '≤', '→', '£', '’', '–'])
      assert.ok(drawn.has(special), `${special} is drawn as itself`);
  });
});
