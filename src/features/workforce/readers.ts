/** Streaming readers: a CSV or XLSX file as rows of raw values, never held in memory all at once. */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

export interface RawRow { row: number; values: unknown[] }
export interface Sheet { name: string | null; rows: AsyncIterable<RawRow[]> }

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
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path)) decoder.decode(chunk as Buffer, { stream: true });
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
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  return counts['\t'] > counts[','] ? '\t' : ',';
}

const decoding = (encoding: string) => {
  const decoder = new TextDecoder(encoding);
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _enc, done) { done(null, decoder.decode(chunk, { stream: true })); },
    flush(done) { done(null, decoder.decode()); },
  });
};

export class FileReadError extends Error {
  readonly row: number | null;
  constructor(row: number | null, message: string) { super(message); this.row = row; }
}

const BATCH = 250;

/**
 * CSV rows in batches (one await per batch, not per row), numbered as a spreadsheet shows them
 * (header = row 1); blank lines count. The parser is paused while a batch is being checked.
 */
export async function* readCsv(path: string): AsyncGenerator<RawRow[]> {
  const encoding = await detectEncoding(path);
  const start = new TextDecoder(encoding).decode(await readStart(path));
  const file = createReadStream(path);
  const parser = file.pipe(decoding(encoding)).pipe(parse({
    delimiter: sniffDelimiter(start.replace(/^\uFEFF/, '')),
    bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false,
  }));
  let queue: RawRow[] = [];
  let row = 0;
  let ended = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const signal = () => { const w = wake; wake = null; w?.(); };
  parser.on('data', (values: string[]) => { queue.push({ row: ++row, values }); if (queue.length >= BATCH) parser.pause(); signal(); });
  parser.on('end', () => { ended = true; signal(); });
  parser.on('error', (error: Error) => { failure = error; signal(); });
  try {
    for (;;) {
      if (queue.length > 0) {
        const batch = queue;
        queue = [];
        parser.resume();
        yield batch;
      } else if (failure) {
        throw new FileReadError(row + 1, `The file could not be read as CSV after row ${row} (${(failure as Error).message}): check quotes are closed, or save it again as CSV UTF-8`);
      } else if (ended) {
        return;
      } else {
        await new Promise<void>((resolve) => { wake = resolve; });
      }
    }
  } finally {
    parser.destroy();
    file.destroy();
  }
}

interface WorksheetEvents { parse(): AsyncIterable<{ eventType: string; value: { number: number; values: unknown[] } }[]>; name?: string }

/** Each worksheet in turn, its rows in batches; a sheet's rows must be read before the next sheet. */
export async function* readXlsx(path: string): AsyncGenerator<Sheet> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(path), {
    worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore',
  });
  for await (const worksheet of reader) {
    const ws = worksheet as unknown as WorksheetEvents;
    yield {
      name: ws.name ?? null,
      rows: (async function* () {
        for await (const events of ws.parse()) {
          const batch: RawRow[] = [];
          for (const { eventType, value } of events) {
            if (eventType === 'row') batch.push({ row: value.number, values: Array.isArray(value.values) ? value.values.slice(1) : [] });
          }
          if (batch.length > 0) yield batch;
        }
      })(),
    };
  }
}
