/*
 * The fonts a PDF uses, read from its objects: each font's name, whether its program is embedded
 * (FontFile2 under a Type0 font's descendant, or a simple TrueType font's descriptor), and the
 * characters its ToUnicode map gives, i.e. the characters drawn in it.
 */
import { readObjects, type PdfObject, type Value } from './pdf-structure.ts';

export interface PdfFont {
  name: string;
  subtype: string;
  embedded: boolean;
  characters: Set<string>;
}

type Dict = Record<string, Value>;
const dictOf = (objects: Map<number, PdfObject>, v: Value | undefined): Dict => {
  const resolved = v && typeof v === 'object' && 'ref' in v ? objects.get(v.ref)?.value : v;
  return resolved && typeof resolved === 'object' && 'dict' in resolved ? resolved.dict : {};
};
const nameOf = (v: Value | undefined) => (v && typeof v === 'object' && 'name' in v ? v.name : '');

/** The characters a ToUnicode CMap maps glyphs to (bfchar and bfrange entries, UTF-16BE). */
function cmapCharacters(cmap: string): Set<string> {
  const characters = new Set<string>();
  const add = (hex: string) => {
    const text = Buffer.from(hex, 'hex').swap16().toString('utf16le');
    for (const c of text) characters.add(c);
  };
  for (const section of cmap.match(/beginbf(?:char|range)([\s\S]*?)endbf(?:char|range)/g) ?? []) {
    for (const list of section.match(/\[([^\]]*)\]/g) ?? [])
      for (const m of list.matchAll(/<([0-9a-f]+)>/gi)) add(m[1] ?? '');
    for (const m of section.replace(/\[[^\]]*\]/g, '').matchAll(/<[0-9a-f]+>\s*<([0-9a-f]+)>\s*(?=<|\n|$)/gi))
      if ((m[1]?.length ?? 0) >= 4) add(m[1] ?? '');
  }
  return characters;
}

export function pdfFonts(pdf: Buffer): PdfFont[] {
  const objects = readObjects(pdf);
  const fonts: PdfFont[] = [];
  for (const object of objects.values()) {
    const d = dictOf(objects, object.value);
    if (nameOf(d.Type) !== 'Font' || nameOf(d.Subtype) === 'CIDFontType2') continue;
    const descendant = Array.isArray(d.DescendantFonts) ? dictOf(objects, d.DescendantFonts[0]) : d;
    const descriptor = dictOf(objects, descendant.FontDescriptor);
    const toUnicode =
      d.ToUnicode && typeof d.ToUnicode === 'object' && 'ref' in d.ToUnicode ? objects.get(d.ToUnicode.ref) : undefined;
    fonts.push({
      name: nameOf(d.BaseFont),
      subtype: nameOf(d.Subtype),
      embedded: descriptor.FontFile2 !== undefined || descriptor.FontFile3 !== undefined,
      characters: cmapCharacters(toUnicode?.stream?.toString('latin1') ?? ''),
    });
  }
  return fonts;
}
