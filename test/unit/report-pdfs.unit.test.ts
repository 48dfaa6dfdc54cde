import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resultsPdf } from '../../src/features/assessment/results-pdf.ts';
import { writeProfilePdf } from '../../src/features/workforce/profile/profile-pdf.ts';
import { ratesChart, tableRows } from '../../src/features/workforce/profile/profile-view.ts';
import { flatten, readTaggedPdf, untaggedPainting, type StructNode, type TaggedPdf } from '../support/pdf-structure.ts';
import { fixtureProfile } from '../support/profile-fixture.ts';
import { fixtureResults } from '../support/results-fixture.ts';

/** The text a reader sees, line after line: pdfkit writes it as hex strings of WinAnsi codes in TJ arrays. */
function shownText(pdf: TaggedPdf): string {
  const lines = pdf.pages.flatMap((content) =>
    [...content.matchAll(/\[([^\]]*)\] TJ/g)].map((m) =>
      [...(m[1] ?? '').matchAll(/<([0-9a-f]*)>/gi)]
        .map((h) => Buffer.from(h[1] ?? '', 'hex').toString('latin1'))
        .join(''),
    ),
  );
  return lines.join(' ').replace(/\s+/g, ' ');
}

const LEAVES = new Set(['H1', 'H2', 'H3', 'P', 'LBody', 'TD', 'Figure']);

/** What every accessible report must have, whatever its content. */
function assertTaggedReport(pdf: TaggedPdf, title: string): StructNode[] {
  assert.equal(pdf.lang, 'en-GB');
  assert.equal(pdf.marked, true, 'MarkInfo /Marked true');
  assert.equal(pdf.displayDocTitle, true, 'the title bar shows the title, not the file name');
  assert.equal(pdf.title, title);
  assert.ok(pdf.structure, 'has a StructTreeRoot');
  assert.deepEqual(
    pdf.structure.map((n) => n.type),
    ['Document'],
  );
  const all = flatten(pdf.structure);
  assert.equal(all[1]?.type, 'H1', 'the title is read first, as the top heading');
  for (const type of ['H1', 'H2', 'P', 'L', 'LI', 'Table', 'TR', 'TH', 'TD', 'Figure'])
    assert.ok(
      all.some((n) => n.type === type),
      `has ${type}`,
    );
  for (const node of all.filter((n) => LEAVES.has(n.type)))
    assert.ok(node.content > 0, `${node.type} holds the content it tags`);
  for (const figure of all.filter((n) => n.type === 'Figure'))
    assert.ok((figure.alt ?? '').length > 20, 'every figure has alternative text');
  pdf.pages.forEach((content, i) =>
    assert.deepEqual(untaggedPainting(content), [], `page ${i + 1}: all text and drawing is tagged or an artifact`),
  );
  return all;
}

/** The rows of a table element: header row of column headers, then a row header and data cells per row. */
function assertTableShape(table: StructNode, columns: number): StructNode[] {
  const [header, ...rows] = table.children;
  assert.ok(
    header && header.children.every((c) => c.type === 'TH' && c.scope === 'Column'),
    `${table.title}: header row of column headers`,
  );
  assert.equal(header.children.length, columns + 1);
  for (const row of rows) {
    assert.equal(row.type, 'TR');
    assert.deepEqual(
      row.children.map((c) => c.type),
      ['TH', ...Array(columns).fill('TD')],
      `${table.title}: a row header then data cells`,
    );
    assert.equal(row.children[0]?.scope, 'Row');
  }
  return rows;
}

describe('tagged PDF reports', () => {
  it('tags the workforce profile: headings, key figures, charts with alternative text, tables, footers', async () => {
    const profile = fixtureProfile();
    const pdf = readTaggedPdf(await writeProfilePdf(profile, 'Demoshire Children’s Trust'));
    const all = assertTaggedReport(pdf, 'Workforce profile – Demoshire Children’s Trust');
    assert.ok(
      all.some((n) => n.type === 'H3'),
      'table headings are H3 under the section H2s',
    );

    const list = all.find((n) => n.type === 'L');
    assert.ok(
      list &&
        list.children.length >= 4 &&
        list.children.every((li) => li.type === 'LI' && li.children[0]?.type === 'LBody'),
      'key figures are a list',
    );
    const figures = all.filter((n) => n.type === 'Figure');
    assert.equal(figures[0]?.alt, ratesChart(profile)?.summary, 'a chart’s alternative text is its summary');

    const service = profile.tables.service;
    const tableIndex = all.findIndex((n) => n.type === 'Table' && n.title === service.title);
    assert.ok(tableIndex > 0, 'the service table is tagged');
    const rows = assertTableShape(all[tableIndex] as StructNode, service.columns.length);
    assert.equal(rows.length, tableRows(service).length, 'every row, including the total');
    const before = all.slice(0, tableIndex).reverse();
    assert.equal(before.find((n) => n.type === 'H3')?.type, 'H3', 'the table’s heading comes before it');
    for (const table of all.filter((n) => n.type === 'Table'))
      assertTableShape(table, (table.children[0]?.children.length ?? 1) - 1);

    const text = shownText(pdf);
    assert.match(
      text,
      /Projections .*People reach retirement at \d+\. Other leavers are projected at the turnover rate/,
    );
    assert.match(text, /Benchmarks .*DfE's are the latest published: \d{4}/);
    pdf.pages.forEach((content, i) =>
      assert.match(
        content,
        /\/Artifact <<\n\/Type \/Pagination\n>> BDC/,
        `page ${i + 1}: the footer is a pagination artifact`,
      ),
    );
  });

  it('tags the self-assessment results: the rainbow as a figure, the heat map as a table, the lists', async () => {
    const results = fixtureResults();
    const pdf = readTaggedPdf(await resultsPdf(results));
    const all = assertTaggedReport(pdf, 'Results: Demoshire spring 2026');

    const [rainbow] = all.filter((n) => n.type === 'Figure');
    assert.match(rainbow?.alt ?? '', /^Rainbow of Demoshire spring 2026\. Seven arcs/);
    assert.match(
      rainbow?.alt ?? '',
      /Shared identity, purpose and vision: (\d\.\d|no score)(, (\d\.\d|no score)){7}/,
      'the rainbow’s means are in its alternative text',
    );

    const heat = all.filter((n) => n.type === 'Table');
    assert.equal(heat.length, 1);
    const rows = assertTableShape(heat[0] as StructNode, 9);
    assert.equal(heat[0]?.children[0]?.children[9]?.actual, 'Average');
    assert.deepEqual(
      rows.map((r) => r.children[0]?.actual),
      results.themes.map((t) => t.name),
      'theme names are read in full',
    );
    assert.equal(rows[7]?.children[8]?.actual, 'no score', 'a cell without a score is read as such, not as a dash');

    const headings = all.filter((n) => n.type === 'H2').length;
    assert.equal(headings, 5);
    assert.deepEqual(
      all.filter((n) => n.type === 'L').map((l) => l.children.length),
      [5, 5, 8, 1, 1],
    );
    assert.match(
      shownText(pdf),
      /Evidence notes Integrated working practices \(Not named \(fewer than 5 respondents from the organisation\)\): Shared training calendar with the college/,
      'evidence notes are printed with their theme, never attributed to a small organisation',
    );
  });
});
