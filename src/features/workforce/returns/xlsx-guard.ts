/**
 * Checks an XLSX file before any XML parser sees it (docs/adr/0017). The zip's central directory
 * is read and every entry inflated once, counting its bytes and checking its CRC: a damaged
 * (bit-flipped) file, a zip bomb, an entry over the size limits, a DTD (entity expansion, XXE),
 * too many rows or shared strings are refused with a clear message, never parsed. The entries are
 * then handed to exceljs in the order it reads without temporary files (relationships, workbook
 * and shared strings before the sheets): exceljs writes a sheet that comes before the shared
 * strings to a temp file and leaves it, and its file handle, open when the sheet's XML is bad.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw, crc32 } from 'node:zlib';
import { byteChunks } from '../../../lib/byte-chunks.ts';
import { formatNumber } from '../../../lib/numbers.ts';

export interface XlsxLimits {
  /** Uncompressed bytes of any one entry, and of all of them. */
  entryBytes: number;
  totalBytes: number;
  entries: number;
  rows: number;
  columns: number;
  sharedStrings: number;
  /** A parse that makes no progress for this long is stopped; so is one that runs past totalMs. */
  stallMs: number;
  totalMs: number;
}

export const XLSX_LIMITS: XlsxLimits = {
  entryBytes: 512 * 1024 * 1024,
  totalBytes: 768 * 1024 * 1024,
  entries: 1000,
  rows: 1_048_576,
  columns: 1000,
  sharedStrings: 2_000_000,
  stallMs: 5_000,
  totalMs: 10 * 60_000,
};

export interface ZipEntry {
  name: string;
  /** Where its local header starts, and where the next record starts (its data and descriptor end). */
  start: number;
  end: number;
}

const DAMAGED = 'The workbook is damaged and could not be read: save it again from Excel as .xlsx and upload it again';
/** A workbook refused before parsing; its message is for the person who uploaded it. */
export class XlsxRefused extends Error {}
const refuse = (detail: string) => new XlsxRefused(detail);
const SHEET = /^xl\/worksheets\/sheet\d+\.xml$/;

interface CentralEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

async function readAt(handle: Awaited<ReturnType<typeof open>>, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  if (bytesRead !== length) throw refuse(DAMAGED);
  return buffer;
}

/** The central directory's entries and where it starts. */
async function centralDirectory(
  handle: Awaited<ReturnType<typeof open>>,
  fileSize: number,
  limits: XlsxLimits,
): Promise<{ entries: CentralEntry[]; at: number }> {
  const tailLength = Math.min(fileSize, 22 + 65535);
  const tail = await readAt(handle, fileSize - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--)
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw refuse(DAMAGED);
  const count = tail.readUInt16LE(eocd + 10);
  const size = tail.readUInt32LE(eocd + 12);
  const at = tail.readUInt32LE(eocd + 16);
  if (count > limits.entries) throw refuse(`The workbook has more than ${limits.entries} parts: it cannot be read`);
  if (at + size > fileSize - tailLength + eocd) throw refuse(DAMAGED);
  const directory = await readAt(handle, at, size);
  const entries: CentralEntry[] = [];
  for (let p = 0; entries.length < count;) {
    if (p + 46 > directory.length || directory.readUInt32LE(p) !== 0x02014b50) throw refuse(DAMAGED);
    const nameLength = directory.readUInt16LE(p + 28);
    const skip = nameLength + directory.readUInt16LE(p + 30) + directory.readUInt16LE(p + 32);
    entries.push({
      flags: directory.readUInt16LE(p + 8),
      method: directory.readUInt16LE(p + 10),
      crc: directory.readUInt32LE(p + 16),
      compressed: directory.readUInt32LE(p + 20),
      size: directory.readUInt32LE(p + 24),
      offset: directory.readUInt32LE(p + 42),
      name: directory.toString('utf8', p + 46, p + 46 + nameLength),
    });
    p += 46 + skip;
  }
  return { entries, at };
}

/** Counts occurrences of each pattern across chunks, and notes a DTD (<!DOCTYPE or <!ENTITY). */
class Scanner {
  readonly counts: number[];
  dtd = false;
  private tail = '';
  private readonly patterns: string[];
  constructor(patterns: string[]) {
    this.patterns = [...patterns, '<!DOCTYPE', '<!ENTITY'];
    this.counts = patterns.map(() => 0);
  }
  push(chunk: Buffer): void {
    // As latin1 text: one byte per character, and String#indexOf is several times faster than Buffer#indexOf.
    const text = this.tail + chunk.toString('latin1');
    const carried = this.tail.length;
    this.patterns.forEach((pattern, i) => {
      // Start far enough back to find a pattern cut by the chunk's start, never one wholly in the tail.
      const from = Math.max(0, carried - pattern.length + 1);
      for (let at = text.indexOf(pattern, from); at >= 0; at = text.indexOf(pattern, at + 1)) {
        if (i < this.counts.length) this.counts[i]++;
        else this.dtd = true;
      }
    });
    this.tail = text.slice(-8);
  }
}

/** Inflates one entry, counting and checking it; throws XlsxRefused when it breaks a limit or is damaged. */
async function checkEntry(path: string, entry: CentralEntry, dataStart: number, limits: XlsxLimits): Promise<void> {
  const xml = /\.(xml|rels)$/i.test(entry.name);
  const scanner = new Scanner(SHEET.test(entry.name) ? ['<row'] : entry.name === 'xl/sharedStrings.xml' ? ['<si'] : []);
  // An entry with no bytes (an empty part, or a folder) has nothing to read: a read stream cannot end before it starts.
  const source = entry.compressed
    ? createReadStream(path, { start: dataStart, end: dataStart + entry.compressed - 1, highWaterMark: 256 * 1024 })
    : Readable.from([] as Buffer[]);
  const inflate = entry.method === 8 ? createInflateRaw() : null;
  const countLimit = SHEET.test(entry.name) ? limits.rows : limits.sharedStrings;
  let size = 0;
  let crc = 0;
  try {
    for await (const chunk of (inflate ? source.pipe(inflate) : source) as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > entry.size || size > limits.entryBytes) break;
      crc = crc32(chunk, crc);
      if (xml) scanner.push(chunk);
      if (scanner.dtd || scanner.counts[0] > countLimit) break; // refused below: no need to read on
    }
  } catch {
    throw refuse(DAMAGED);
  } finally {
    source.destroy();
    inflate?.destroy();
  }
  if (size > limits.entryBytes) throw refuse(`A part of the workbook is larger than the limit: it cannot be read`);
  if (scanner.dtd)
    throw refuse(
      'The workbook contains a document type declaration (DTD), which is not allowed: save it again from Excel',
    );
  if (SHEET.test(entry.name) && scanner.counts[0] > limits.rows)
    throw refuse(`A sheet has more than ${formatNumber(limits.rows)} rows: split the return into smaller files`);
  if (entry.name === 'xl/sharedStrings.xml' && scanner.counts[0] > limits.sharedStrings)
    throw refuse(`The workbook has more than ${formatNumber(limits.sharedStrings)} different texts`);
  if (size !== entry.size || crc >>> 0 !== entry.crc) throw refuse(DAMAGED);
}

/** The order exceljs reads without temp files: everything but the sheets first, shared strings and rels among them. */
const rank = (name: string) => (SHEET.test(name) ? 1 : 0);

/**
 * Checks the workbook at `path` against the limits and returns its entries in reading order;
 * throws XlsxRefused (a message for the person uploading) when it breaks one.
 */
export async function inspectXlsx(path: string, limits: XlsxLimits = XLSX_LIMITS): Promise<ZipEntry[]> {
  const handle = await open(path, 'r');
  try {
    const { size: fileSize } = await handle.stat();
    const { entries, at } = await centralDirectory(handle, fileSize, limits);
    const names = new Set(entries.map((e) => e.name));
    if (!names.has('xl/workbook.xml') || !names.has('xl/_rels/workbook.xml.rels'))
      throw refuse('The file is a zip archive but not an Excel workbook: save it from Excel as .xlsx');
    const declared = entries.reduce((sum, e) => sum + e.size, 0);
    if (declared > limits.totalBytes)
      throw refuse('The workbook is larger than the limit when unpacked: it cannot be read');
    const byOffset = [...entries].sort((a, b) => a.offset - b.offset);
    const result: ZipEntry[] = [];
    for (const [i, entry] of byOffset.entries()) {
      if (entry.flags & 1) throw refuse('The workbook is password-protected: remove the password and upload it again');
      if (entry.method !== 0 && entry.method !== 8) throw refuse(DAMAGED);
      const local = await readAt(handle, entry.offset, 30);
      if (local.readUInt32LE(0) !== 0x04034b50) throw refuse(DAMAGED);
      const dataStart = entry.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      const end = i + 1 < byOffset.length ? byOffset[i + 1].offset : at;
      if (dataStart + entry.compressed > end || end > fileSize) throw refuse(DAMAGED);
      const localName = (await readAt(handle, entry.offset + 30, local.readUInt16LE(26))).toString('utf8');
      if (localName !== entry.name) throw refuse(DAMAGED);
      await checkEntry(path, entry, dataStart, limits);
      result.push({ name: entry.name, start: entry.offset, end });
    }
    if (!names.has('xl/sharedStrings.xml')) result.push(emptySharedStrings());
    result.push({ name: '', start: at, end: fileSize }); // the central directory: the zip's end for the reader
    return result.sort((a, b) => (a.name ? rank(a.name) : 2) - (b.name ? rank(b.name) : 2));
  } finally {
    await handle.close();
  }
}

/** A stored xl/sharedStrings.xml with no strings, for workbooks without one (else exceljs uses temp files). */
function emptySharedStrings(): ZipEntry & { bytes: Buffer } {
  const name = Buffer.from('xl/sharedStrings.xml');
  const data = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><sst count="0" uniqueCount="0"/>');
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt32LE(crc32(data) >>> 0, 14);
  header.writeUInt32LE(data.length, 18);
  header.writeUInt32LE(data.length, 22);
  header.writeUInt16LE(name.length, 26);
  return { name: 'xl/sharedStrings.xml', start: 0, end: 0, bytes: Buffer.concat([header, name, data]) };
}

/** The zip's records re-ordered as inspectXlsx returned them, read a range at a time. */
export function orderedZip(path: string, entries: ZipEntry[]): Readable {
  let current: Readable | null = null;
  const ranges = async function* () {
    for (const entry of entries) {
      const made = (entry as ZipEntry & { bytes?: Buffer }).bytes;
      if (made) {
        yield made;
        continue;
      }
      if (entry.end <= entry.start) continue;
      current = createReadStream(path, { start: entry.start, end: entry.end - 1, highWaterMark: 256 * 1024 });
      try {
        yield* byteChunks(current);
      } finally {
        current.destroy();
      }
    }
  };
  const stream = Readable.from(ranges(), { objectMode: false });
  stream.once('close', () => (current as Readable | null)?.destroy());
  return stream;
}
