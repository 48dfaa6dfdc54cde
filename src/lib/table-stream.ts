/*
 * Downloads written as they are read: rows arrive a page at a time (a keyset-paged query) and
 * leave at once, CSV as text, XLSX through exceljs's streaming WorkbookWriter, so memory stays
 * flat whatever the size. Cells are made formula-safe as in spreadsheet.ts.
 */
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import type { Response } from 'express';
import { type Cell, csvField, safeCell } from './spreadsheet.ts';

/** Waits while the client reads what was written (backpressure), so pages do not pile up in memory. */
async function drained(res: Response): Promise<void> {
  if (res.writableNeedDrain && !res.destroyed) await Promise.race([once(res, 'drain'), once(res, 'close')]);
}

const safeFileName = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '-');

/** Streams one table as CSV (UTF-8 with BOM, CRLF) or XLSX (one sheet, bold header) to the response. */
export async function streamTable(
  res: Response,
  format: 'csv' | 'xlsx',
  fileStem: string,
  sheetName: string,
  header: string[],
  pages: AsyncIterable<Cell[][]>,
): Promise<void> {
  res.attachment(`${safeFileName(fileStem)}.${format}`);
  if (format === 'csv') {
    res.type('text/csv; charset=utf-8');
    res.write(`\uFEFF${header.map(csvField).join(',')}\r\n`);
    for await (const rows of pages) {
      if (res.destroyed) break;
      if (rows.length) res.write(`${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`);
      await drained(res);
    }
    res.end();
    return;
  }
  res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  workbook.creator = 'One Workforce';
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '));
  sheet.columns = header.map((h) => ({ width: Math.min(60, Math.max(12, h.length + 2)) }));
  const top = sheet.addRow(header.map(safeCell));
  top.font = { bold: true };
  top.commit();
  for await (const rows of pages) {
    if (res.destroyed) break;
    for (const row of rows) sheet.addRow(row.map(safeCell)).commit();
    await drained(res);
  }
  sheet.commit();
  await workbook.commit();
}
