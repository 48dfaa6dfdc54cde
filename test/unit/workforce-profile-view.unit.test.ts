import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { writeProfilePdf } from '../../src/features/workforce/profile/profile-pdf.ts';
import {
  cellFormat,
  filterQuery,
  formatCell,
  parseFilters,
  tableSheets,
} from '../../src/features/workforce/profile/profile-view.ts';
import { allTables, SECTIONS, sectionBlocks } from '../../src/features/workforce/profile/sections/index.ts';
import { toCsv } from '../../src/lib/spreadsheet.ts';
import { fixtureProfile } from '../support/profile-fixture.ts';

describe('workforce profile views', () => {
  const profile = fixtureProfile();

  it('gives every section at least one table, and every table a stable id', () => {
    for (const section of SECTIONS) assert.ok(sectionBlocks(section.slug, profile).length >= 1, section.slug);
    const ids = allTables(profile).map((t) => t.id);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
    assert.equal(sectionBlocks('nonsense', profile).length, 0);
  });

  it('formats cells as DfE publishes them, keeping c and marking not available as x', () => {
    assert.equal(formatCell('c', 'count'), 'c');
    assert.equal(formatCell(null, 'percent'), 'x');
    assert.equal(formatCell(1234, 'count'), '1,234');
    assert.equal(formatCell(17.66, 'percent'), '17.7%');
    assert.equal(formatCell(3, 'fte'), '3.0');
    assert.equal(formatCell(-2.04, 'difference'), '-2.0');
    assert.equal(formatCell(1.066, 'ratio'), '1.07');
  });

  it('formats a trends table by row: counts, FTE and rates in the same column', () => {
    const trends = profile.trends.table;
    const column = trends.columns[0]!;
    assert.equal(cellFormat(trends, trends.rows[0]!, column), 'count');
    assert.equal(cellFormat(trends, trends.rows[1]!, column), 'percent');
    assert.equal(cellFormat(trends, trends.rows[1]!, trends.columns.at(-1)!), 'difference');
  });

  it('downloads a table with the same suppressed cells and an explanation', () => {
    const [data, about] = tableSheets(profile, profile.tables.service, 'Demoshire');
    assert.ok(data && about);
    assert.deepEqual(data.header, ['Service', 'Headcount', 'FTE', '% of headcount']);
    assert.deepEqual(data.rows[2], ['Third', 'c', 'c', 'c']);
    assert.deepEqual(data.rows[3], ['Total', 60, 50.5, 100]);
    assert.ok(about.rows.some((r) => /^c: /.test(String(r[0]))));
    assert.ok(about.rows.some((r) => /Open Government Licence/.test(String(r[0]))));
    const csv = toCsv(data.header, data.rows);
    assert.match(csv, /First <b>group<\/b>,40,35.5,66.7/);
  });

  it('keeps filters in links and ignores malformed ones', () => {
    const filters = parseFilters({
      censusDate: '2026-09-30',
      service: 'early_years',
      organisationId: '12',
      managersOnly: 'yes',
      jobRole: '<script>',
      employmentType: 'pirate',
    });
    assert.deepEqual(filters, {
      censusDate: '2026-09-30',
      service: 'early_years',
      organisationId: 12,
      managersOnly: true,
    });
    assert.equal(filterQuery(filters), '?censusDate=2026-09-30&service=early_years&organisationId=12&managersOnly=yes');
    assert.deepEqual(parseFilters(Object.fromEntries(new URLSearchParams(filterQuery(filters).slice(1)))), filters);
    assert.equal(filterQuery({}), '');
  });

  it('writes the PDF report', async () => {
    const pdf = await writeProfilePdf(profile, 'Demoshire Children’s Trust');
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.ok(pdf.length > 10_000);
  });
});
