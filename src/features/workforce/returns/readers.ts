/** Streaming readers: a CSV or XLSX file as rows of raw values, never held in memory all at once. */
import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { inspectXlsx, orderedZip, XLSX_LIMITS, type XlsxLimits, XlsxRefused } from './xlsx-guard.ts';
import { byteChunks } from '../../../lib/byte-chunks.ts';

export interface RawRow {
  row: number;
  values: unknown[];
}
export interface Sheet {
  name: string | null;
  rows: AsyncIterable<RawRow[]>;
}

export async function readStart(path: string, bytes = 65536): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export const isZip = (start: Buffer): boolean => start.length >= 4 && start.readUInt32LE(0) === 0x04034b50;

/**
 * 'utf-16le'/'utf-16be' by their byte order mark (Excel's "Unicode text"), 'utf-8' when the whole file is
 * valid UTF-8 (checked in a streaming pass), otherwise 'windows-1252'.
 */
export async function detectEncoding(path: string): Promise<'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be'> {
  const bom = await readStart(path, 2);
  if (bom[0] === 0xff && bom[1] === 0xfe) return 'utf-16le';
  if (bom[0] === 0xfe && bom[1] === 0xff) return 'utf-16be';
  return utf8From(path, 0);
}

/** 'utf-8' when the file from byte `start` on is valid UTF-8 (start is the beginning of a character), else 'windows-1252'. */
async function utf8From(path: string, start: number): Promise<'utf-8' | 'windows-1252'> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of byteChunks(createReadStream(path, { start }))) decoder.decode(chunk, { stream: true });
    decoder.decode();
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** The separator used most in the first line (outside quotes): comma, semicolon or tab. */
export function sniffDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  return counts['\t'] > counts[','] ? '\t' : ',';
}

export class FileReadError extends Error {
  readonly row: number | null;
  constructor(row: number | null, message: string) {
    super(message);
    this.row = row;
  }
}

/** The line end of the first line that ends outside quotes: CRLF, LF or CR (LF when there is none). */
export function sniffNewline(text: string): '\r\n' | '\n' | '\r' {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '\n') return '\n';
    else if (!quoted && c === '\r') return text[i + 1] === '\n' ? '\r\n' : text[i + 1] === undefined ? '\r\n' : '\r';
  }
  return '\n';
}

const MAX_ROW_CHARS = 1_000_000;
interface ParseResult {
  data: string[][];
  errors: { code: string; message: string }[];
  meta: { cursor: number };
}

/**
 * The lines of a chunk with no quotes, not yet split into values (the validator reads them in place): line i
 * is text.slice(bounds[2i], bounds[2i + 1]), its values that split at `delimiter`, its row number first + i.
 */
export interface LineBatch {
  text: string;
  bounds: number[];
  length: number;
  first: number;
  delimiter: string;
}

/** Papa Parse's fast path for input with no quotes, without splitting the lines: the rows and where the rest starts. */
function splitLines(
  input: string,
  newline: string,
  last: boolean,
  first: number,
  delimiter: string,
): LineBatch & { cursor: number } {
  const bounds: number[] = [];
  let cursor = 0;
  if (input !== '') {
    for (let at = input.indexOf(newline); at >= 0; at = input.indexOf(newline, cursor)) {
      bounds.push(cursor, at);
      cursor = at + newline.length;
    }
    if (last) bounds.push(cursor, (cursor = input.length));
  }
  return { text: input, bounds, length: bounds.length / 2, first, delimiter, cursor };
}

/**
 * CSV rows in batches (one batch per chunk of the file, so one await per few hundred rows), numbered as a
 * spreadsheet shows them (header = row 1); blank lines count. The file is read a chunk at a time as the
 * batches are consumed, so memory stays flat. Papa Parse's low-level parser splits each chunk; a row cut
 * by the chunk's end is carried over to the next (docs/adr/0008-csv-parsing-for-returns.md).
 */
export function readCsv(path: string): AsyncGenerator<RawRow[]> {
  return readCsvBatches(path, false) as AsyncGenerator<RawRow[]>;
}

/** As readCsv, but a chunk with no quotes comes as a LineBatch: its lines are not split into values. */
export function readCsvLines(path: string): AsyncGenerator<RawRow[] | LineBatch> {
  return readCsvBatches(path, true);
}

async function* readCsvBatches(path: string, lines: boolean): AsyncGenerator<RawRow[] | LineBatch> {
  const head = await readStart(path);
  // While the file is plain ASCII, which every encoding reads alike, the encoding need not be known: it is
  // found (as detectEncoding does) at the first chunk with another byte, saving a pass over most files.
  let encoding = isAscii(head) ? null : await detectEncoding(path);
  const start = new TextDecoder(encoding ?? 'utf-8').decode(head).replace(/^\uFEFF/, '');
  const delimiter = sniffDelimiter(start);
  const newline = sniffNewline(start);
  const parser = new Papa.Parser({ delimiter, newline, quoteChar: '"' });
  let decoder = new TextDecoder(encoding ?? 'utf-8');
  let offset = 0;
  const file = createReadStream(path, { highWaterMark: 64 * 1024 });
  let row = 0;
  let carried = '';
  let failure: string | null = null;
  // The decoder drops a byte order mark, so the text starts with the header.
  const split = (text: string, last: boolean): RawRow[] | LineBatch => {
    const input = carried + text;
    let batch: RawRow[] | LineBatch;
    if (lines && input.indexOf('"') === -1) {
      const result = splitLines(input, newline, last, row + 1, delimiter);
      row += result.length;
      carried = last ? '' : input.slice(result.cursor);
      failure = null;
      batch = result;
    } else {
      const result = parser.parse(input, 0, !last) as ParseResult;
      carried = last ? '' : input.slice(result.meta.cursor);
      failure = result.errors.find((e) => e.code === 'MissingQuotes')?.message ?? null;
      batch = result.data.map((values) => ({ row: ++row, values }));
    }
    // Only an unclosed quote makes a row this long: stop before it is re-read with every chunk to the end.
    if (carried.length > MAX_ROW_CHARS) failure = 'a quoted value runs on for over a million characters';
    return batch;
  };
  try {
    for await (const chunk of byteChunks(file)) {
      if (encoding === null && !isAscii(chunk)) {
        encoding = await utf8From(path, offset);
        decoder = new TextDecoder(encoding, { ignoreBOM: true }); // mid-file: a byte order mark here is text
      }
      offset += chunk.length;
      const batch = split(decoder.decode(chunk, { stream: true }), false);
      if (batch.length > 0) yield batch;
      if (failure) break;
    }
    const batch = failure ? [] : split(decoder.decode(), true);
    if (failure) {
      const rows = batch as RawRow[];
      const before = rows.length > 1 ? rows.slice(0, -1) : []; // the last row is the unclosed quote and the rest of the file
      if (before.length > 0) yield before;
      const after = before.length > 0 ? before[before.length - 1].row : rows.length > 0 ? rows[0].row - 1 : row;
      throw new FileReadError(
        after + 1,
        `The file could not be read as CSV after row ${after} (${failure}): check quotes are closed, or save it again as CSV UTF-8`,
      );
    }
    if (batch.length > 0) yield batch;
  } finally {
    file.destroy();
  }
}

interface WorksheetEvents {
  parse(): AsyncIterable<{ eventType: string; value: { number: number; values: unknown[] } }[]>;
  name?: string;
}

const STALLED =
  'The workbook could not be read: reading it stopped making progress, so it may be damaged. Save it again from Excel as .xlsx, or as CSV UTF-8, and upload it again';

/** A step of the XLSX parse that must settle within `ms`, else FileReadError (a late failure is ignored). */
function bounded<T>(step: Promise<T>, ms: number, message: string): Promise<T> {
  step.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FileReadError(null, message)), ms);
  });
  return Promise.race([step, late]).finally(() => clearTimeout(timer));
}

async function* sheetRows(
  ws: WorksheetEvents,
  limits: XlsxLimits,
  timed: <T>(step: Promise<T>) => Promise<T>,
): AsyncGenerator<RawRow[]> {
  const events = ws.parse()[Symbol.asyncIterator]();
  for (;;) {
    const next = await timed(events.next());
    if (next.done) return;
    const batch: RawRow[] = [];
    for (const { eventType, value } of next.value) {
      if (eventType !== 'row') continue;
      const values = Array.isArray(value.values) ? value.values : [];
      if (value.number > limits.rows)
        throw new FileReadError(
          null,
          `A row is numbered ${value.number}, beyond the last row a sheet may have (${limits.rows}): save the sheet again from Excel`,
        );
      if (values.length - 1 > limits.columns)
        throw new FileReadError(
          value.number,
          `Row ${value.number} has values beyond column ${limits.columns}: delete the columns past the data standard's and upload the file again`,
        );
      batch.push({ row: value.number, values: values.slice(1) });
    }
    if (batch.length > 0) yield batch;
  }
}

/**
 * Each worksheet in turn, its rows in batches; a sheet's rows must be read before the next sheet.
 * The workbook is checked against the limits first (xlsx-guard.ts); every step of the parse has a
 * time limit, and the file is closed however reading ends.
 */
export async function* readXlsx(path: string, limits: XlsxLimits = XLSX_LIMITS): AsyncGenerator<Sheet> {
  let entries;
  try {
    entries = await inspectXlsx(path, limits);
  } catch (err) {
    throw err instanceof XlsxRefused ? new FileReadError(null, err.message) : err;
  }
  const input = orderedZip(path, entries);
  const deadline = Date.now() + limits.totalMs;
  const timed = <T>(step: Promise<T>) => {
    const left = deadline - Date.now();
    if (left <= limits.stallMs)
      return bounded(
        step,
        Math.max(0, left),
        `The workbook took more than ${Math.round(limits.totalMs / 60_000)} minutes to read: split it into smaller files`,
      );
    return bounded(step, limits.stallMs, STALLED);
  };
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    const sheets = (reader as unknown as AsyncIterable<WorksheetEvents>)[Symbol.asyncIterator]();
    for (;;) {
      const next = await timed(sheets.next());
      if (next.done) return;
      yield { name: next.value.name ?? null, rows: sheetRows(next.value, limits, timed) };
    }
  } finally {
    input.destroy();
  }
}
