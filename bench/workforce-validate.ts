/*
 * The streaming validator alone (no database): rows per second for a realistic CSV and XLSX return,
 * the per-event and batched interfaces, CSV parsing alone by the reader against csv-parse (the reader it
 * replaced), `sqlite3 .import` of the same CSV as a yardstick, and the heap retained and peak RSS while
 * validating a large CSV.
 * Usage: node bench/workforce-validate.ts [rows=100000] [bigRows=1000000]
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { readCsv } from '../src/features/workforce/returns/readers.ts';
import { generateWorkers } from '../src/features/workforce/returns/synthetic.ts';
import { WORKER_FIELDS } from '../src/features/workforce/standard/standard.ts';
import { validateReturn, validateReturnBatches } from '../src/features/workforce/returns/validate.ts';

const rows = Number(process.argv[2] ?? 100_000);
const bigRows = Number(process.argv[3] ?? 1_000_000);
const CENSUS = '2026-09-30';
const dir = mkdtempSync(join(tmpdir(), 'ow-bench-validate-'));
const organisations = [{ id: 1, type: 'local_authority', services: ['social_care', 'early_years', 'education'] }];

const csvCell = (v: unknown) =>
  v === null
    ? ''
    : typeof v === 'boolean'
      ? v
        ? 'yes'
        : 'no'
      : /[",\n]/.test(String(v))
        ? `"${String(v).replace(/"/g, '""')}"`
        : String(v);
function* records(count: number, seed: number) {
  for (const w of generateWorkers({ seed, organisations, count, censusDate: CENSUS, idPrefix: 'B' }))
    yield WORKER_FIELDS.map((f) => w[f]);
}

async function writeCsv(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${WORKER_FIELDS.join(',')}\n`);
  for (const r of records(count, 7))
    if (!out.write(`${r.map(csvCell).join(',')}\n`))
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

async function writeXlsx(path: string, count: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Workers');
  sheet.addRow([...WORKER_FIELDS]).commit();
  for (const r of records(count, 7))
    sheet.addRow(r.map((v) => (typeof v === 'boolean' ? (v ? 'yes' : 'no') : v))).commit();
  await workbook.commit();
}

/** Runs once, prints wall and CPU time and rows per second; returns the wall time in ms. */
async function measure(name: string, count: number, run: () => Promise<number>): Promise<number> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const accepted = await run();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  console.log(
    `${name.padEnd(38)} ${accepted} accepted of ${count}: ${Math.round(ms)} ms wall, ${Math.round((used.user + used.system) / 1000)} ms CPU, ${Math.round(count / (ms / 1000)).toLocaleString('en-GB')} rows/s`,
  );
  return ms;
}

const perEvent = (path: string, fileName: string) => async () => {
  let n = 0;
  for await (const e of validateReturn({ path, fileName, censusDate: CENSUS })) if (e.type === 'worker') n++;
  return n;
};
const batched = (path: string, fileName: string) => async () => {
  let n = 0;
  for await (const batch of validateReturnBatches({ path, fileName, censusDate: CENSUS }))
    for (const e of batch) if (e.type === 'worker') n++;
  return n;
};

try {
  const csv = join(dir, 'return.csv');
  await writeCsv(csv, rows);
  console.log(`CSV of ${rows.toLocaleString('en-GB')} rows, ${(statSync(csv).size / 1048576).toFixed(1)} MB`);
  await perEvent(csv, 'return.csv')(); // warm up
  const wallEvent = await measure('validateReturn (one event at a time)', rows, perEvent(csv, 'return.csv'));
  const wallBatches = await measure('validateReturnBatches', rows, batched(csv, 'return.csv'));
  const wallReader = await measure('CSV reader alone (Papa Parse)', rows + 1, async () => {
    let n = 0;
    for await (const batch of readCsv(csv)) n += batch.length;
    return n;
  });
  const wallCsvParse = await measure('csv-parse alone (the previous reader)', rows + 1, async () => {
    let n = 0;
    const options = { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false };
    for await (const _ of createReadStream(csv, { encoding: 'utf8' }).pipe(parse(options))) n++;
    return n;
  });
  console.log(`CSV parsing: the reader takes ${(wallReader / wallCsvParse).toFixed(2)}× the time of csv-parse`);
  try {
    const db = join(dir, 'import.db');
    const start = performance.now();
    execFileSync('sqlite3', [db, '.mode csv', `.import ${csv} t`]);
    const ms = performance.now() - start;
    console.log(
      `${'sqlite3 .import (untyped table)'.padEnd(38)} ${Math.round(ms)} ms wall; validateReturn alone takes ${(wallEvent / ms).toFixed(2)}×, validateReturnBatches ${(wallBatches / ms).toFixed(2)}× as long`,
    );
  } catch {
    console.log('sqlite3 not found: no .import yardstick');
  }

  const xlsxRows = Math.min(rows, 50_000);
  const xlsx = join(dir, 'return.xlsx');
  await writeXlsx(xlsx, xlsxRows);
  await measure(
    `XLSX validateReturn (${xlsxRows.toLocaleString('en-GB')} rows)`,
    xlsxRows,
    perEvent(xlsx, 'return.xlsx'),
  );

  if (bigRows > 0) {
    const big = join(dir, 'big.csv');
    await writeCsv(big, bigRows);
    const { heapUsed: heapBefore, rss: rssBefore } = process.memoryUsage();
    let peakRss = 0;
    let peakHeap = 0;
    const timer = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 50);
    await measure(`big CSV (${(statSync(big).size / 1048576).toFixed(0)} MB)`, bigRows, perEvent(big, 'big.csv'));
    clearInterval(timer);
    console.log(
      `big CSV peak RSS ${Math.round(peakRss / 1048576)} MB (${Math.round(rssBefore / 1048576)} MB before), peak heap growth ${Math.round((peakHeap - heapBefore) / 1048576)} MB (worker IDs for the duplicate check included)`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
