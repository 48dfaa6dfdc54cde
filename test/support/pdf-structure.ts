/*
 * Just enough of a PDF reader to check what a screen reader gets from the PDFs pdfkit writes:
 * the catalog (Lang, MarkInfo, title display), the structure tree with each element's type,
 * alternative text and table scope, and each page's (inflated) content stream. pdfkit writes no
 * object streams or cross-reference streams, so objects can be read straight from the bytes.
 */
import { inflateSync } from 'node:zlib';

export type Value = number | boolean | null | string | Name | Ref | Value[] | Dict;
interface Name {
  name: string;
}
interface Ref {
  ref: number;
}
interface Dict {
  dict: Record<string, Value>;
}

const isName = (v: Value | undefined): v is Name => typeof v === 'object' && v !== null && 'name' in v;
const isRef = (v: Value | undefined): v is Ref => typeof v === 'object' && v !== null && 'ref' in v;
const isDict = (v: Value | undefined): v is Dict => typeof v === 'object' && v !== null && 'dict' in v;

/** A PDF text string: UTF-16BE with a byte-order mark, or PDFDocEncoding (read as Latin-1). */
function textString(bytes: string): string {
  if (!bytes.startsWith('\xfe\xff')) return bytes;
  return Buffer.from(bytes.slice(2), 'latin1').swap16().toString('utf16le');
}

const LITERAL_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

function parseValue(text: string, start: number): [Value, number] {
  let i = start;
  while (/\s/.test(text[i] ?? '')) i += 1;
  if (text.startsWith('<<', i)) {
    const dict: Record<string, Value> = {};
    i += 2;
    for (;;) {
      while (/\s/.test(text[i] ?? '')) i += 1;
      if (text.startsWith('>>', i)) return [{ dict }, i + 2];
      const [key, afterKey] = parseValue(text, i);
      const [value, afterValue] = parseValue(text, afterKey);
      if (!isName(key)) throw new Error(`Bad dictionary key at ${i}`);
      dict[key.name] = value;
      i = afterValue;
    }
  }
  if (text[i] === '[') {
    const items: Value[] = [];
    i += 1;
    for (;;) {
      while (/\s/.test(text[i] ?? '')) i += 1;
      if (text[i] === ']') return [items, i + 1];
      const [item, next] = parseValue(text, i);
      items.push(item);
      i = next;
    }
  }
  if (text[i] === '(') {
    let out = '';
    let depth = 1;
    i += 1;
    while (depth > 0) {
      const c = text[i] as string;
      if (c === '\\') {
        const e = text[i + 1] as string;
        out += LITERAL_ESCAPES[e] ?? e;
        i += 2;
        continue;
      }
      if (c === '(') depth += 1;
      if (c === ')') depth -= 1;
      if (depth > 0) out += c;
      i += 1;
    }
    return [textString(out), i];
  }
  if (text[i] === '<') {
    const end = text.indexOf('>', i);
    return [textString(Buffer.from(text.slice(i + 1, end), 'hex').toString('latin1')), end + 1];
  }
  if (text[i] === '/') {
    const match = /^\/([^\s/<>[\]()]*)/.exec(text.slice(i, i + 200)) as RegExpExecArray;
    return [{ name: match[1] as string }, i + match[0].length];
  }
  const ref = /^(\d+) (\d+) R/.exec(text.slice(i, i + 30));
  if (ref) return [{ ref: Number(ref[1]) }, i + ref[0].length];
  const token = /^[^\s/<>[\]()]+/.exec(text.slice(i, i + 60))?.[0] ?? '';
  if (!token) throw new Error(`Cannot read a value at ${i}: ${text.slice(i, i + 20)}`);
  const value = token === 'true' ? true : token === 'false' ? false : token === 'null' ? null : Number(token);
  return [value, i + token.length];
}

export interface PdfObject {
  value: Value;
  stream: Buffer | null;
}

/** Every object of the file by number, with its stream inflated. */
export function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const header = /(\d+) 0 obj\n/g;
  let match: RegExpExecArray | null;
  while ((match = header.exec(text))) {
    const [value, end] = parseValue(text, header.lastIndex);
    let stream: Buffer | null = null;
    const rest = text.slice(end, end + 10);
    if (/^\s*stream\r?\n/.test(rest) && isDict(value)) {
      const start = end + (/^\s*stream\r?\n/.exec(rest) as RegExpExecArray)[0].length;
      const raw = pdf.subarray(start, start + Number(value.dict.Length));
      stream = isName(value.dict.Filter) && value.dict.Filter.name === 'FlateDecode' ? inflateSync(raw) : raw;
      header.lastIndex = start + raw.length;
    } else {
      header.lastIndex = end;
    }
    objects.set(Number(match[1]), { value, stream });
  }
  return objects;
}

export interface StructNode {
  type: string;
  alt?: string;
  actual?: string;
  title?: string;
  scope?: string;
  /** How many pieces of marked content (text or drawing) the element holds directly. */
  content: number;
  children: StructNode[];
}

export interface TaggedPdf {
  lang: string | undefined;
  marked: boolean;
  displayDocTitle: boolean;
  title: string | undefined;
  /** The children of the StructTreeRoot, or null when the PDF has no structure tree. */
  structure: StructNode[] | null;
  /** Each page's content stream, in page order. */
  pages: string[];
}

export function readTaggedPdf(pdf: Buffer): TaggedPdf {
  const objects = readObjects(pdf);
  const resolve = (v: Value | undefined): Value | undefined => (isRef(v) ? objects.get(v.ref)?.value : v);
  const dictOf = (v: Value | undefined): Record<string, Value> => {
    const resolved = resolve(v);
    return isDict(resolved) ? resolved.dict : {};
  };
  const text = (v: Value | undefined): string | undefined =>
    ((r) => (typeof r === 'string' ? r : undefined))(resolve(v));
  const trailer = pdf.toString('latin1').lastIndexOf('trailer');
  const trailerDict = dictOf(parseValue(pdf.toString('latin1'), trailer + 'trailer'.length)[0]);
  const catalog = dictOf(trailerDict.Root);
  const node = (ref: Ref): StructNode => {
    const d = dictOf(ref);
    const kids = resolve(d.K);
    const list = Array.isArray(kids) ? kids : kids === undefined || kids === null ? [] : [kids];
    const children = list.filter((k): k is Ref => isRef(k) && isName(dictOf(k).S)).map(node);
    const attributes = dictOf(d.A);
    return {
      type: isName(d.S) ? d.S.name : '?',
      ...(text(d.Alt) === undefined ? {} : { alt: text(d.Alt) }),
      ...(text(d.ActualText) === undefined ? {} : { actual: text(d.ActualText) }),
      ...(text(d.T) === undefined ? {} : { title: text(d.T) }),
      ...(isName(attributes.Scope) ? { scope: attributes.Scope.name } : {}),
      content: list.filter(
        (k) => typeof k === 'number' || (isDict(k) && isName(k.dict.Type) && k.dict.Type.name === 'MCR'),
      ).length,
      children,
    };
  };
  const root = catalog.StructTreeRoot;
  const rootKids = resolve(dictOf(root).K);
  const pages = ((resolve(dictOf(catalog.Pages).Kids) as Value[]) ?? []).map((page) => {
    const contents = dictOf(page).Contents;
    return isRef(contents) ? (objects.get(contents.ref)?.stream?.toString('latin1') ?? '') : '';
  });
  return {
    lang: text(catalog.Lang),
    marked: dictOf(catalog.MarkInfo).Marked === true,
    displayDocTitle: dictOf(catalog.ViewerPreferences).DisplayDocTitle === true,
    title: text(dictOf(trailerDict.Info).Title),
    structure: root === undefined ? null : (Array.isArray(rootKids) ? rootKids : []).filter(isRef).map(node),
    pages,
  };
}

/** Every element of the tree, depth first (reading order). */
export function flatten(nodes: StructNode[]): StructNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

const PAINTING = new Set(['Tj', 'TJ', "'", '"', 'f', 'F', 'f*', 'S', 's', 'B', 'B*', 'b', 'b*', 'Do', 'sh']);

/** Operators that put text or paint on the page outside any marked content (neither tagged nor an artifact). */
export function untaggedPainting(content: string): string[] {
  let depth = 0;
  const found: string[] = [];
  for (const token of content.split(/\s+/)) {
    if (token === 'BDC' || token === 'BMC') depth += 1;
    else if (token === 'EMC') depth -= 1;
    else if (depth === 0 && PAINTING.has(token)) found.push(token);
  }
  return found;
}
