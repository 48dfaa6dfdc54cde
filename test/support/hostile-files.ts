/**
 * Hostile return files for the tests and the soak's fuzzer (bench/soak/probes/fuzz.ts): XLSX
 * workbooks written byte by byte (so each part can be broken on purpose), CSV and JSON bodies.
 * Every builder is deterministic for a given seed.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { WORKER_FIELDS } from '../../src/features/workforce/standard/standard.ts';
import { random } from '../../src/features/workforce/returns/synthetic.ts';
import { worker } from './workforce-returns.ts';

export { random };

/** A zip archive of the given entries, deflated, with a correct central directory. */
export function zip(files: Record<string, string | Buffer>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc32(data) >>> 0, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    local.copy(entry, 8, 6, 30); // flags, method, time, date, crc, sizes, name length
    entry.writeUInt16LE(0, 30);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    central.push(entry, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const xmlText = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Column letters for a 0-based column index. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** A sheet's XML with inline strings; rows are arrays of cell texts (row 1 first). */
export function sheetXml(rows: string[][], prologue = ''): string {
  const body = rows
    .map(
      (cells, r) =>
        `<row r="${r + 1}">${cells
          .map((v, c) =>
            v === '' ? '' : `<c r="${columnName(c)}${r + 1}" t="inlineStr"><is><t>${xmlText(v)}</t></is></c>`,
          )
          .join('')}</row>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${prologue}<worksheet xmlns="${NS}"><sheetData>${body}</sheetData></worksheet>`;
}

/** The parts of a one-sheet workbook; `parts` replaces or adds any of them. */
export function xlsx(sheet: string, parts: Record<string, string | Buffer> = {}): Buffer {
  return zip({
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="Workers" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': sheet,
    ...parts,
  });
}

/** A valid return of `count` workers as cell texts, header first. */
export function returnRows(count: number): string[][] {
  const rows: string[][] = [WORKER_FIELDS.slice()];
  for (let i = 1; i <= count; i++) rows.push(WORKER_FIELDS.map((f) => worker(`W${i}`)[f] ?? ''));
  return rows;
}

export const validXlsx = (count = 20): Buffer => xlsx(sheetXml(returnRows(count)));

/** `rows` rows below the header with only column A filled: a problem in every other column of every row. */
export function sparseXlsx(rows: number): Buffer {
  const body: string[] = [];
  for (let r = 2; r <= rows + 1; r++) body.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`);
  const header = sheetXml([WORKER_FIELDS.slice()]).replace('</sheetData>', `${body.join('')}</sheetData>`);
  return xlsx(header);
}

export function sparseCsv(rows: number): string {
  const lines = [WORKER_FIELDS.join(',')];
  for (let r = 1; r <= rows; r++) lines.push(`W${r}${','.repeat(WORKER_FIELDS.length - 1)}`);
  return `${lines.join('\r\n')}\r\n`;
}

const LAUGHS =
  '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>';
const XXE = '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>';

/** The kinds of hostile workbook, each a function of a seed. */
export const HOSTILE_XLSX = {
  bitFlip(seed: number) {
    const bytes = Buffer.from(validXlsx(5));
    const next = random(seed);
    const flips = 1 + Math.floor(next() * 8);
    for (let i = 0; i < flips; i++) bytes[Math.floor(next() * bytes.length)] ^= 1 << Math.floor(next() * 8);
    return bytes;
  },
  truncated(seed: number) {
    const bytes = validXlsx(5);
    return bytes.subarray(0, 4 + Math.floor(random(seed)() * (bytes.length - 4)));
  },
  entityExpansion: () => xlsx(sheetXml([['&lol4;']], LAUGHS).replace('&amp;lol4;', '&lol4;')),
  xxeSheet: () => xlsx(sheetXml([['&xxe;']], XXE).replace('&amp;xxe;', '&xxe;')),
  xxeSharedStrings: () =>
    xlsx(sheetXml(returnRows(2)), {
      'xl/sharedStrings.xml': `<?xml version="1.0"?>${XXE}<sst xmlns="${NS}"><si><t>&xxe;</t></si></sst>`,
    }),
  hugeRowNumber: () => xlsx(sheetXml(returnRows(2)).replace('<row r="3">', '<row r="99999999">')),
  hugeColumn: () =>
    xlsx(sheetXml(returnRows(2)).replace('</sheetData>', '<row r="9"><c r="ZZZ9"><v>1</v></c></row></sheetData>')),
  malformedSheet: (seed: number) => {
    const xml = sheetXml(returnRows(5));
    return xlsx(xml.slice(0, Math.floor(xml.length * (0.3 + 0.6 * random(seed)()))));
  },
  malformedSharedStrings: () =>
    xlsx(sheetXml(returnRows(2)), { 'xl/sharedStrings.xml': `<?xml version="1.0"?><sst xmlns="${NS}"><si><t>open` }),
  sharedStringBomb: (count = 2_100_000) =>
    xlsx(sheetXml(returnRows(1)), {
      'xl/sharedStrings.xml': `<?xml version="1.0"?><sst xmlns="${NS}">${'<si><t>x</t></si>'.repeat(count)}</sst>`,
    }),
  notAWorkbook: (seed: number) => zip({ 'readme.txt': `hello ${seed}` }),
  garbageAfterMagic: (seed: number) => {
    const next = random(seed);
    return Buffer.concat([
      Buffer.from([0x50, 0x4b, 3, 4]),
      Buffer.from(Array.from({ length: 2000 }, () => next() * 256)),
    ]);
  },
} satisfies Record<string, (seed: number) => Buffer>;

/** Hostile CSV bodies. */
export const HOSTILE_CSV = {
  randomBytes: (seed: number) => {
    const next = random(seed);
    return Buffer.from(Array.from({ length: 1 + Math.floor(next() * 4000) }, () => next() * 256));
  },
  unclosedQuote: (seed: number) =>
    Buffer.from(`${WORKER_FIELDS.join(',')}\r\n"W${seed},${'x'.repeat(seed % 5000)}\r\n`),
  manyColumns: (seed: number) =>
    Buffer.from(`${Array.from({ length: 2000 + (seed % 100) }, (_, i) => `c${i}`).join(',')}\r\n1\r\n`),
  nulsAndBoms: (seed: number) =>
    Buffer.from(`\uFEFF\uFEFF${WORKER_FIELDS.join('\0,')}\r\n${'\0'.repeat(seed % 300)}\r\n`),
  sparse: (seed: number) => Buffer.from(sparseCsv(1500 + (seed % 500))),
} satisfies Record<string, (seed: number) => Buffer>;

/** Hostile JSON bodies for the returns API (as text: some are not valid JSON on purpose). */
export const HOSTILE_JSON = {
  deepNesting: (seed: number) => `${'['.repeat(5000 + (seed % 100))}${']'.repeat(5000 + (seed % 100))}`,
  notObjects: (seed: number) => JSON.stringify(Array.from({ length: 50 }, (_, i) => ((i + seed) % 3 ? i : [i]))),
  protoKeys: () => '[{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"worker_id":"W1"}]',
  wrongTypes: (seed: number) =>
    JSON.stringify(
      Array.from({ length: 30 }, (_, i) => ({ worker_id: i + seed, fte: 'lots', birth_year: {}, sex: [1] })),
    ),
  manyProblems: (seed: number) =>
    JSON.stringify(Array.from({ length: 1500 + (seed % 100) }, (_, i) => ({ worker_id: `W${i}` }))),
  broken: (seed: number) => `[{"worker_id": "W${seed}",`,
  hugeString: (seed: number) => JSON.stringify([{ ...worker('W1'), job_role_other: 'x'.repeat(100_000 + seed) }]),
} satisfies Record<string, (seed: number) => string>;
