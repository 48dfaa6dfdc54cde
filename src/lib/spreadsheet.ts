/*
 * The one way to write tables for download: CSV and XLSX, both formula-safe. A cell that a
 * spreadsheet would read as a formula (starting = + - @, tab or carriage return) is written as
 * text with a leading apostrophe, so a hostile value never runs in a user's spreadsheet.
 */
import ExcelJS from 'exceljs';
import type { Response } from 'express';

export type Cell = string | number | null | undefined;
export interface Sheet {
  name: string;
  header: string[];
  rows: Cell[][];
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** A value as it is safe to put in a spreadsheet cell; numbers stay numbers. */
export function safeCell(value: Cell): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function csvField(value: Cell): string {
  const text = String(safeCell(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text (RFC 4180, CRLF line ends, UTF-8 BOM so Excel reads accents correctly). */
export function toCsv(header: string[], rows: Iterable<Cell[]>): string {
  const lines = [header.map(csvField).join(',')];
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** An XLSX workbook of one or more sheets, bold header row, columns sized to their content. */
export async function toXlsx(sheets: Sheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'One Workforce';
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '));
    worksheet.addRow(sheet.header.map(safeCell)).font = { bold: true };
    for (const row of sheet.rows) worksheet.addRow(row.map(safeCell));
    worksheet.columns.forEach((column, i) => {
      const longest = Math.max(
        String(sheet.header[i] ?? '').length,
        ...sheet.rows.slice(0, 500).map((r) => String(r[i] ?? '').length),
      );
      column.width = Math.min(60, Math.max(8, longest + 2));
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const safeFileName = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '-');

/** Sends a download: `format` chooses CSV (first sheet) or XLSX (every sheet). */
export async function sendTable(
  res: Response,
  format: 'csv' | 'xlsx',
  fileStem: string,
  sheets: Sheet[],
): Promise<void> {
  const stem = safeFileName(fileStem);
  if (format === 'xlsx') {
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.attachment(`${stem}.xlsx`);
    res.send(await toXlsx(sheets));
    return;
  }
  const [first] = sheets;
  res.type('text/csv; charset=utf-8');
  res.attachment(`${stem}.csv`);
  res.send(toCsv(first?.header ?? [], first?.rows ?? []));
}
