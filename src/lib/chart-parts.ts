import { isSuppressed, type Shown } from './suppression.ts';

/*
 * The parts every SVG chart in src/lib/charts.ts is drawn with. Labels wrap onto more lines
 * instead of being cut off ("Asian, Asian British or Asian Welsh" in full): SVG text does not
 * wrap by itself, so they are split into <tspan> lines by an estimate of their width in Arial.
 */

/** Roughly how many characters of Arial fit in `width` px at `fontSize` px. */
export const charsIn = (width: number, fontSize: number): number => Math.max(4, Math.floor(width / (fontSize * 0.5)));

/** Splits text into lines of at most `max` characters, at spaces where it can, never losing a character. */
export function wrapText(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    while (rest.length > max) {
      if (line) lines.push(line);
      line = '';
      lines.push(rest.slice(0, max - 1) + '-');
      rest = rest.slice(max - 1);
    }
    if (!line) line = rest;
    else if (line.length + 1 + rest.length <= max) line += ` ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * A <text> whose lines are centred vertically on `middle` (the baseline of a one-line label sits
 * at middle + 5). `attributes` is the rest of the element's attributes, already escaped.
 */
export function multilineText(
  x: number,
  middle: number,
  lines: string[],
  lineHeight: number,
  attributes: string,
  escape: (value: string) => string,
): string {
  const first = middle + 5 - ((lines.length - 1) * lineHeight) / 2;
  if (lines.length === 1) return `<text x="${x}" y="${first}" ${attributes}>${escape(lines[0] ?? '')}</text>`;
  const spans = lines
    .map((line, i) => `<tspan x="${x}" ${i === 0 ? `y="${first}"` : `dy="${lineHeight}"`}>${escape(line)}</tspan>`)
    .join('');
  return `<text x="${x}" y="${first}" ${attributes}>${spans}</text>`;
}

/** GOV.UK palette, each ≥ 3:1 against white and against its neighbour in the list. */
export const PALETTE = ['#1d70b8', '#d4351c', '#00703c', '#4c2c92', '#505a5f', '#912b88', '#003078', '#85994b'];
export const PATTERNS = ['solid', 'stripes', 'dots', 'cross', 'vertical', 'horizontal', 'solid', 'stripes'] as const;
export const MARKERS = ['circle', 'square', 'triangle', 'diamond'] as const;
export const SUPPRESSED_NOTE =
  'Values marked c are suppressed: rates or percentages about too few people to show; they are not drawn.';

export const TEXT = '#0b0c0c';
export const GRID = '#b1b4b6';
export const FONT = 'font-family="arial, sans-serif"';

export function escapeXml(value: unknown): string {
  return String(value).replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );
}

export const safeId = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '-');
export const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
export const formatValue = (value: Shown<number>, unit = ''): string =>
  isSuppressed(value) ? 'c' : `${unit === '%' ? value.toFixed(1) : num(value)}${unit}`;
/** A row label right-aligned before the bars, wrapped to the label column's width. */
export const rowLabel = (text: string, right: number, middle: number, lines = wrapText(text, charsIn(right - 8, 15))) =>
  multilineText(right - 8, middle, lines, 17, `text-anchor="end" font-size="15" ${FONT} fill="${TEXT}"`, escapeXml);
/** The height of rows whose labels wrap onto at most this many lines, for every row of a chart alike. */
export const rowsFit = (labels: string[], right: number, least: number) =>
  Math.max(least, Math.max(1, ...labels.map((l) => wrapText(l, charsIn(right - 8, 15)).length)) * 17 + 9);
export const round = (v: number) => Math.round(v * 10) / 10;

export function frame(
  id: string,
  title: string,
  description: string,
  width: number,
  height: number,
  body: string,
  defs = '',
): string {
  const sid = safeId(id);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="ow-chart" id="${sid}" role="img" aria-labelledby="${sid}-title ${sid}-desc" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">` +
    `<title id="${sid}-title">${escapeXml(title)}</title><desc id="${sid}-desc">${escapeXml(description)}</desc>` +
    (defs ? `<defs>${defs}</defs>` : '') +
    body +
    '</svg>'
  );
}

/** Pattern fills for series i: its colour plus a texture, so series differ without colour. */
export function patternDefs(id: string, count: number): string {
  let defs = '';
  for (let i = 0; i < count; i += 1) {
    const colour = PALETTE[i % PALETTE.length];
    const kind = PATTERNS[i % PATTERNS.length];
    const pid = `${safeId(id)}-p${i}`;
    const marks = {
      solid: '',
      stripes: '<path d="M0 8 L8 0" stroke="#ffffff" stroke-width="2"/>',
      dots: '<circle cx="4" cy="4" r="1.6" fill="#ffffff"/>',
      cross: '<path d="M0 0 L8 8 M8 0 L0 8" stroke="#ffffff" stroke-width="1.5"/>',
      vertical: '<path d="M4 0 L4 8" stroke="#ffffff" stroke-width="2"/>',
      horizontal: '<path d="M0 4 L8 4" stroke="#ffffff" stroke-width="2"/>',
    }[kind];
    defs += `<pattern id="${pid}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="${colour}"/>${marks}</pattern>`;
  }
  return defs;
}
export const fillFor = (id: string, i: number) => `url(#${safeId(id)}-p${i})`;

/** The key: one swatch and name per series, names wrapped, onto a new row when the next would not fit. */
export function legend(id: string, names: string[], y: number, x = 10, width = 600): { svg: string; height: number } {
  let out = '';
  let [cx, cy, rowHeight] = [x, y, 0];
  names.forEach((name, i) => {
    const lines = wrapText(name, 24);
    const itemWidth = 30 + Math.max(...lines.map((l) => l.length)) * 7;
    if (cx > x && cx + itemWidth > width) [cx, cy, rowHeight] = [x, cy + rowHeight + 6, 0];
    out +=
      `<rect x="${cx}" y="${cy}" width="14" height="14" fill="${fillFor(id, i)}" stroke="${TEXT}" stroke-width="0.5"/>` +
      keyName(cx + 20, cy, lines);
    rowHeight = Math.max(rowHeight, lines.length * 16);
    cx += itemWidth;
  });
  return { svg: out, height: cy - y + rowHeight };
}

/** A key entry's name, its lines beside a 14 px swatch whose top is at `top`. */
export const keyName = (x: number, top: number, lines: string[]) =>
  multilineText(
    x,
    top + 6 + ((lines.length - 1) * 16) / 2,
    lines,
    16,
    `font-size="14" ${FONT} fill="${TEXT}"`,
    escapeXml,
  );

export const suppressedSentence = (any: boolean) => (any ? ` ${SUPPRESSED_NOTE}` : '');
