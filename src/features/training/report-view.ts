/*
 * The quarterly report shaped for its page, its downloads and its PDF: every section's tables as
 * rows of text, and as sheets (one per table for XLSX; one long table for CSV). Pure.
 */
import type { Cell, Sheet } from '../../lib/spreadsheet.ts';
import { SUPPRESSION_EXPLANATION } from '../../lib/suppression.ts';
import type { ReportColumn, ReportRow, ReportTable, ReportValue, TrainingReport } from './report-section.ts';
import { formatNumber } from '../../lib/numbers.ts';

export const REPORT_NOTES = [
  SUPPRESSION_EXPLANATION,
  'Counts of people by agency and job role are suppressed as one table: a few more cells than the small ones may be shown as c, so that a hidden count cannot be worked out from the totals.',
];

export function formatValue(value: ReportValue, format: ReportColumn['format']): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'string') return value;
  if (format === 'percent' || format === 'decimal') return value.toFixed(1);
  return formatNumber(value);
}

/** A table's rows (totals last) as text cells, for the page and the PDF. */
export function textRows(table: ReportTable): { label: string; cells: string[]; isTotal: boolean }[] {
  const rows: [ReportRow, boolean][] = table.rows.map((r) => [r, false]);
  if (table.totals) rows.push([table.totals, true]);
  return rows.map(([row, isTotal]) => ({
    label: row.label,
    cells: table.columns.map((c) => formatValue(row.values[c.key] ?? null, c.format)),
    isTotal,
  }));
}

/** The page's locals: each section with its tables ready for the template. */
export function reportLocals(report: TrainingReport) {
  return report.sections.map((section) => ({
    ...section,
    tables: section.tables.map((table) => ({
      ...table,
      header: [table.rowHeader, ...table.columns.map((c) => c.label)],
      numeric: table.columns.map((c) => c.format !== 'text'),
      textRows: textRows(table),
    })),
  }));
}

const cell = (value: ReportValue): Cell => (value === null ? '' : value);

/** One sheet per table, named by its section and title (XLSX). */
export function reportSheets(report: TrainingReport): Sheet[] {
  return report.sections.flatMap((section) =>
    section.tables.map((table) => ({
      name: table.title,
      header: [table.rowHeader, ...table.columns.map((c) => c.label)],
      rows: [...table.rows, ...(table.totals ? [table.totals] : [])].map((row) => [
        row.label,
        ...table.columns.map((c) => cell(row.values[c.key] ?? null)),
      ]),
    })),
  );
}

/** Every figure as one long table (CSV): quarter, section, table, row, measure, value. */
export function reportLongSheet(report: TrainingReport): Sheet {
  const rows: Cell[][] = [];
  for (const section of report.sections)
    for (const table of section.tables)
      for (const row of [...table.rows, ...(table.totals ? [table.totals] : [])])
        for (const column of table.columns)
          rows.push([
            report.quarter.id,
            section.title,
            table.title,
            row.label,
            column.label,
            cell(row.values[column.key] ?? null),
          ]);
  return { name: 'Training report', header: ['Quarter', 'Section', 'Table', 'Row', 'Measure', 'Value'], rows };
}
