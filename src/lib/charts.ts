/*
 * Server-rendered SVG charts: horizontal bars, stacked bars (absolute or 100%), an age × sex
 * pyramid and a line chart for change over time. Each is an <svg role="img"> labelled by its own
 * <title> and <desc>, comes with a one-sentence summary, and is meant to sit beside its data
 * table. Colours are GOV.UK palette colours with at least 3:1 contrast on white; every series
 * also has its own pattern or marker shape and a legend, so colour is never the only signal.
 * Suppressed values ('c') are drawn as no bar with a 'c' label. Presentation attributes only —
 * no style attributes — so the strict CSP (style-src 'self') does not block anything.
 */
import {
  charsIn,
  escapeXml,
  fillFor,
  FONT,
  formatValue,
  frame,
  GRID,
  keyName,
  legend,
  MARKERS,
  multilineText,
  num,
  PALETTE,
  patternDefs,
  round,
  rowLabel,
  rowsFit,
  suppressedSentence,
  TEXT,
  wrapText,
} from './chart-parts.ts';
import { isSuppressed, type Shown } from './suppression.ts';

export { escapeXml, formatValue, PALETTE, SUPPRESSED_NOTE } from './chart-parts.ts';

export interface Chart {
  id: string;
  svg: string;
  summary: string;
  hasSuppressed: boolean;
}
export interface BarDatum {
  label: string;
  value: Shown<number>;
}
export interface StackedRow {
  label: string;
  values: Shown<number>[];
}
export interface PyramidBand {
  label: string;
  left: Shown<number>;
  right: Shown<number>;
}
export interface LineSeries {
  name: string;
  values: Shown<number>[];
}

/** Horizontal bars, one per category, longest value filling the plot. */
export function barChart(options: { id: string; title: string; data: BarDatum[]; unit?: string; max?: number }): Chart {
  const { id, title, data, unit = '' } = options;
  const labelWidth = 240;
  const plot = 330;
  const rowHeight = rowsFit(
    data.map((d) => d.label),
    labelWidth,
    26,
  );
  const top = 10;
  const shown = data.map((d) => (isSuppressed(d.value) ? 0 : d.value));
  const max = options.max ?? Math.max(0, ...shown);
  const scale = max > 0 ? plot / max : 0;
  let body = '';
  data.forEach((d, i) => {
    const y = top + i * rowHeight;
    const middle = y + rowHeight / 2;
    body += rowLabel(d.label, labelWidth, middle);
    if (isSuppressed(d.value)) {
      body += `<text x="${labelWidth + 4}" y="${middle + 5}" font-size="13" font-weight="bold" ${FONT} fill="${TEXT}" class="ow-chart__suppressed">c</text>`;
      return;
    }
    const width = round(d.value * scale);
    body +=
      `<rect x="${labelWidth}" y="${middle - 9}" width="${width}" height="18" fill="${PALETTE[0]}" data-value="${d.value}"/>` +
      `<text x="${labelWidth + width + 4}" y="${middle + 5}" font-size="15" ${FONT} fill="${TEXT}">${escapeXml(formatValue(d.value, unit))}</text>`;
  });
  body += `<line x1="${labelWidth}" y1="${top}" x2="${labelWidth}" y2="${top + data.length * rowHeight}" stroke="${TEXT}"/>`;
  const hasSuppressed = data.some((d) => isSuppressed(d.value));
  const numeric = data.filter((d): d is { label: string; value: number } => !isSuppressed(d.value));
  const largest = numeric.reduce<{ label: string; value: number } | undefined>(
    (a, d) => (!a || d.value > a.value ? d : a),
    undefined,
  );
  const summary = largest
    ? `${title}: the largest is ${largest.label} at ${formatValue(largest.value, unit)}, across ${data.length} ${data.length === 1 ? 'category' : 'categories'}.${suppressedSentence(hasSuppressed)}`
    : `${title}: no values to show.${suppressedSentence(hasSuppressed)}`;
  const description = data.length
    ? `Bar chart. ${data.map((d) => `${d.label}: ${formatValue(d.value, unit)}`).join('; ')}.`
    : 'Bar chart with no values to show.';
  return {
    id,
    svg: frame(id, title, description, labelWidth + plot + 60, top * 2 + data.length * rowHeight, body),
    summary,
    hasSuppressed,
  };
}

/** Stacked horizontal bars: each row split into segments, absolute or as shares of 100%. */
export function stackedBarChart(options: {
  id: string;
  title: string;
  series: string[];
  rows: StackedRow[];
  percent?: boolean;
}): Chart {
  const { id, title, series, rows, percent = false } = options;
  const labelWidth = 240;
  const plot = 380;
  const rowHeight = rowsFit(
    rows.map((r) => r.label),
    labelWidth,
    28,
  );
  const top = 10;
  const totals = rows.map((r) => r.values.reduce<number>((s, v) => s + (isSuppressed(v) ? 0 : v), 0));
  const max = percent ? 100 : Math.max(0, ...totals);
  let body = '';
  rows.forEach((row, r) => {
    const y = top + r * rowHeight;
    const middle = y + rowHeight / 2;
    body += rowLabel(row.label, labelWidth, middle);
    const total = totals[r] ?? 0;
    let x = labelWidth;
    const hidden: string[] = [];
    row.values.forEach((v, s) => {
      if (isSuppressed(v)) {
        hidden.push(series[s] ?? '');
        return;
      }
      const share = percent ? (total > 0 ? (v / total) * 100 : 0) : v;
      const width = max > 0 ? round((share / max) * plot) : 0;
      if (width <= 0) return;
      body += `<rect x="${round(x)}" y="${middle - 10}" width="${width}" height="20" fill="${fillFor(id, s)}" stroke="#ffffff" stroke-width="1" data-value="${v}"><title>${escapeXml(`${series[s] ?? ''}: ${formatValue(v)}${percent ? ` (${num(round(share))}%)` : ''}`)}</title></rect>`;
      x += width;
    });
    if (hidden.length)
      body += `<text x="${round(x) + 4}" y="${middle + 5}" font-size="14" font-weight="bold" ${FONT} fill="${TEXT}" class="ow-chart__suppressed">c</text>`;
  });
  const legendY = top + rows.length * rowHeight + 8;
  const key = legend(id, series, legendY, 10, labelWidth + plot + 40);
  body += key.svg;
  const hasSuppressed = rows.some((r) => r.values.some(isSuppressed));
  const description = `${percent ? 'Stacked bar chart of shares (100%)' : 'Stacked bar chart'}. ${rows.map((r) => `${r.label}: ${r.values.map((v, s) => `${series[s]} ${formatValue(v)}`).join(', ')}`).join('; ')}.`;
  const summary = `${title}: ${rows.length} ${rows.length === 1 ? 'bar' : 'bars'} split by ${series.join(', ')}${percent ? ', each shown as shares of 100%' : ''}.${suppressedSentence(hasSuppressed)}`;
  return {
    id,
    svg: frame(
      id,
      title,
      description,
      labelWidth + plot + 40,
      legendY + key.height + 12,
      body,
      patternDefs(id, series.length),
    ),
    summary,
    hasSuppressed,
  };
}

/** Age × sex pyramid: left bars grow leftwards from the centre, right bars rightwards. */
export function pyramidChart(options: {
  id: string;
  title: string;
  leftName: string;
  rightName: string;
  bands: PyramidBand[];
}): Chart {
  const { id, title, leftName, rightName, bands } = options;
  const half = 200;
  const labelGap = 120;
  const rowHeight = 26;
  const top = 30;
  const centre = half + labelGap / 2 + 20;
  const values = bands.flatMap((b) => [b.left, b.right]).map((v) => (isSuppressed(v) ? 0 : v));
  const max = Math.max(0, ...values);
  const scale = max > 0 ? (half - 40) / max : 0;
  let body =
    `<text x="${centre - labelGap / 2 - 4}" y="16" text-anchor="end" font-size="13" font-weight="bold" ${FONT} fill="${TEXT}">${escapeXml(leftName)}</text>` +
    `<text x="${centre + labelGap / 2 + 4}" y="16" font-size="13" font-weight="bold" ${FONT} fill="${TEXT}">${escapeXml(rightName)}</text>`;
  // Oldest band at the top, as population pyramids are read.
  [...bands].reverse().forEach((band, i) => {
    const y = top + i * rowHeight;
    body += `<text x="${centre}" y="${y + 16}" text-anchor="middle" font-size="14" ${FONT} fill="${TEXT}">${escapeXml(band.label)}</text>`;
    const sides: [Shown<number>, number][] = [
      [band.left, -1],
      [band.right, 1],
    ];
    for (const [value, direction] of sides) {
      const edge = centre + direction * (labelGap / 2);
      if (isSuppressed(value)) {
        body += `<text x="${edge + direction * 4}" y="${y + 16}" text-anchor="${direction < 0 ? 'end' : 'start'}" font-size="13" font-weight="bold" ${FONT} fill="${TEXT}" class="ow-chart__suppressed">c</text>`;
        continue;
      }
      const width = round(value * scale);
      const x = direction < 0 ? edge - width : edge;
      body +=
        `<rect x="${round(x)}" y="${y + 3}" width="${width}" height="${rowHeight - 8}" fill="${fillFor(id, direction < 0 ? 0 : 1)}" data-value="${value}"/>` +
        `<text x="${edge + direction * (width + 4)}" y="${y + 16}" text-anchor="${direction < 0 ? 'end' : 'start'}" font-size="14" ${FONT} fill="${TEXT}">${num(value)}</text>`;
    }
  });
  const legendY = top + bands.length * rowHeight + 8;
  const key = legend(id, [leftName, rightName], legendY, 20, centre * 2);
  body += key.svg;
  const hasSuppressed = bands.some((b) => isSuppressed(b.left) || isSuppressed(b.right));
  const description = `Population pyramid, ${leftName} on the left and ${rightName} on the right. ${bands.map((b) => `${b.label}: ${leftName} ${formatValue(b.left)}, ${rightName} ${formatValue(b.right)}`).join('; ')}.`;
  const largest = bands
    .map((b) => ({
      label: b.label,
      total: (isSuppressed(b.left) ? 0 : b.left) + (isSuppressed(b.right) ? 0 : b.right),
    }))
    .reduce<{ label: string; total: number } | undefined>((a, b) => (!a || b.total > a.total ? b : a), undefined);
  const summary =
    largest && largest.total > 0
      ? `${title}: the largest age band shown is ${largest.label}.${suppressedSentence(hasSuppressed)}`
      : `${title}: no values to show.${suppressedSentence(hasSuppressed)}`;
  return {
    id,
    svg: frame(id, title, description, centre * 2, legendY + key.height + 12, body, patternDefs(id, 2)),
    summary,
    hasSuppressed,
  };
}

function marker(kind: (typeof MARKERS)[number], x: number, y: number, colour: string): string {
  if (kind === 'circle') return `<circle cx="${x}" cy="${y}" r="5" fill="${colour}"/>`;
  if (kind === 'square') return `<rect x="${x - 5}" y="${y - 5}" width="10" height="10" fill="${colour}"/>`;
  if (kind === 'triangle') return `<path d="M${x} ${y - 6} L${x + 6} ${y + 5} L${x - 6} ${y + 5} Z" fill="${colour}"/>`;
  return `<path d="M${x} ${y - 6} L${x + 6} ${y} L${x} ${y + 6} L${x - 6} ${y} Z" fill="${colour}"/>`;
}

/** Lines across points in time (e.g. census dates); a suppressed point breaks the line. */
export function lineChart(options: {
  id: string;
  title: string;
  labels: string[];
  series: LineSeries[];
  unit?: string;
}): Chart {
  const { id, title, labels, series, unit = '' } = options;
  const left = 60;
  const width = 560;
  const height = 220;
  const top = 20;
  const all = series.flatMap((s) => s.values).filter((v): v is number => !isSuppressed(v));
  const max = Math.max(0, ...all);
  const yMax = max > 0 ? max * 1.1 : 1;
  const step = labels.length > 1 ? (width - left - 30) / (labels.length - 1) : 0;
  const xAt = (i: number) => round(left + 15 + i * step);
  const yAt = (v: number) => round(top + height - (v / yMax) * height);
  let body = `<line x1="${left}" y1="${top + height}" x2="${width}" y2="${top + height}" stroke="${TEXT}"/><line x1="${left}" y1="${top}" x2="${left}" y2="${top + height}" stroke="${TEXT}"/>`;
  for (const tick of [0, 0.5, 1]) {
    const v = yMax * tick;
    body +=
      `<line x1="${left}" y1="${yAt(v)}" x2="${width}" y2="${yAt(v)}" stroke="${GRID}" stroke-width="0.5"/>` +
      `<text x="${left - 6}" y="${yAt(v) + 4}" text-anchor="end" font-size="15" ${FONT} fill="${TEXT}">${escapeXml(formatValue(round(v), unit))}</text>`;
  }
  const labelLines = labels.map((label) => wrapText(label, Math.max(6, charsIn(step || width - left, 15))));
  const labelRows = Math.max(1, ...labelLines.map((lines) => lines.length));
  labelLines.forEach((lines, i) => {
    body += multilineText(
      xAt(i),
      top + height + 13 + ((lines.length - 1) * 17) / 2,
      lines,
      17,
      `text-anchor="middle" font-size="15" ${FONT} fill="${TEXT}"`,
      escapeXml,
    );
  });
  series.forEach((s, k) => {
    const colour = PALETTE[k % PALETTE.length] ?? TEXT;
    const shape = MARKERS[k % MARKERS.length] ?? 'circle';
    let path = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (isSuppressed(v)) {
        pen = false;
        body += `<text x="${xAt(i)}" y="${top + height - 6}" text-anchor="middle" font-size="14" font-weight="bold" ${FONT} fill="${TEXT}" class="ow-chart__suppressed">c</text>`;
        return;
      }
      path += `${pen ? 'L' : 'M'}${xAt(i)} ${yAt(v)} `;
      pen = true;
      body += marker(shape, xAt(i), yAt(v), colour);
    });
    if (path)
      body =
        `<path d="${path.trim()}" fill="none" stroke="${colour}" stroke-width="2.5"${k % 2 ? ' stroke-dasharray="6 3"' : ''}/>` +
        body;
  });
  const legendY = top + height + 13 + labelRows * 17;
  const legend = lineLegend(series, left, legendY);
  const hasSuppressed = series.some((s) => s.values.some(isSuppressed));
  const summary = `${title}: ${lineChanges(series, labels, unit).join('; ')}.${suppressedSentence(hasSuppressed)}`;
  const description = `Line chart. ${series.map((s) => `${s.name}: ${s.values.map((v, i) => `${labels[i]} ${formatValue(v, unit)}`).join(', ')}`).join('; ')}.`;
  const frameWidth = Math.max(width + 20, legend.right);
  return {
    id,
    svg: frame(id, title, description, frameWidth, legendY + legend.height + 8, body + legend.svg),
    summary,
    hasSuppressed,
  };
}

/** The line chart's key: each series' marker and name, side by side from `left`. */
function lineLegend(series: LineSeries[], left: number, y: number): { svg: string; right: number; height: number } {
  let [svg, x, height] = ['', left, 0];
  series.forEach((s, k) => {
    const lines = wrapText(s.name, 24);
    svg +=
      marker(MARKERS[k % MARKERS.length] ?? 'circle', x + 6, y + 7, PALETTE[k % PALETTE.length] ?? TEXT) +
      keyName(x + 16, y, lines);
    height = Math.max(height, lines.length * 16);
    x += 30 + Math.max(...lines.map((l) => l.length)) * 7;
  });
  return { svg, right: x, height };
}

/** Each series' change from the first label to the last, in words. */
function lineChanges(series: LineSeries[], labels: string[], unit: string): string[] {
  return series.map((s) => {
    const first = s.values[0];
    const last = s.values[s.values.length - 1];
    if (first === undefined || last === undefined || isSuppressed(first) || isSuppressed(last))
      return `${s.name}: change not shown`;
    const change = round(last - first);
    return `${s.name} ${change === 0 ? 'unchanged' : `${change > 0 ? 'up' : 'down'} ${num(Math.abs(change))}${unit}`} from ${labels[0]} to ${labels[labels.length - 1]}`;
  });
}

/** Grouped horizontal bars: for each row, one bar per series (e.g. workforce % beside population %). */
export function groupedBarChart(options: {
  id: string;
  title: string;
  series: string[];
  rows: StackedRow[];
  unit?: string;
}): Chart {
  const { id, title, series, rows, unit = '' } = options;
  const labelWidth = 240;
  const plot = 330;
  const barHeight = 14;
  const rowHeight = Math.max(
    series.length * barHeight + 12,
    rowsFit(
      rows.map((r) => r.label),
      labelWidth,
      0,
    ),
  );
  const top = 10;
  const max = Math.max(0, ...rows.flatMap((r) => r.values.map((v) => (isSuppressed(v) ? 0 : v))));
  const scale = max > 0 ? plot / max : 0;
  let body = '';
  rows.forEach((row, r) => {
    const y = top + r * rowHeight;
    body += rowLabel(row.label, labelWidth, y + rowHeight / 2 - 3);
    row.values.forEach((v, s) => {
      const by = y + s * barHeight;
      if (isSuppressed(v)) {
        body += `<text x="${labelWidth + 4}" y="${by + 12}" font-size="13" font-weight="bold" ${FONT} fill="${TEXT}" class="ow-chart__suppressed">c</text>`;
        return;
      }
      const width = round(v * scale);
      body +=
        `<rect x="${labelWidth}" y="${by}" width="${width}" height="${barHeight - 2}" fill="${fillFor(id, s)}" data-value="${v}"><title>${escapeXml(`${series[s] ?? ''}: ${formatValue(v, unit)}`)}</title></rect>` +
        `<text x="${labelWidth + width + 4}" y="${by + 11}" font-size="12" ${FONT} fill="${TEXT}">${escapeXml(formatValue(v, unit))}</text>`;
    });
  });
  const legendY = top + rows.length * rowHeight + 6;
  const key = legend(id, series, legendY, 10, labelWidth + plot + 70);
  body += key.svg;
  const hasSuppressed = rows.some((r) => r.values.some(isSuppressed));
  const description = `Grouped bar chart. ${rows.map((r) => `${r.label}: ${r.values.map((v, s) => `${series[s]} ${formatValue(v, unit)}`).join(', ')}`).join('; ')}.`;
  const summary = `${title}: ${series.join(' beside ')} for ${rows.length} ${rows.length === 1 ? 'group' : 'groups'}.${suppressedSentence(hasSuppressed)}`;
  return {
    id,
    svg: frame(
      id,
      title,
      description,
      labelWidth + plot + 70,
      legendY + key.height + 12,
      body,
      patternDefs(id, series.length),
    ),
    summary,
    hasSuppressed,
  };
}
