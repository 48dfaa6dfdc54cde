/*
 * The rainbow and the heat map's colours. The rainbow is a server-rendered SVG: the 7 arcs in
 * their own colours (outermost red … innermost violet) standing on the ECM base, each split into
 * the 8 stages and shaded by the cell's mean (paler = lower). It is one image with a title and a
 * description; the page shows the same numbers in the heat-map table beside it.
 */
import { oneDecimal, STAGE_COUNT } from './scoring.ts';

export const ARC_COLOURS: Record<string, string> = {
  red: '#d4351c',
  orange: '#f47738',
  yellow: '#ffdd00',
  green: '#00703c',
  blue: '#1d70b8',
  indigo: '#4c2c92',
  violet: '#912b88',
  ecm: '#505a5f',
};
const FALLBACK = ['#d4351c', '#f47738', '#ffdd00', '#00703c', '#1d70b8', '#4c2c92', '#912b88', '#505a5f'];

export interface RainbowTheme {
  position: number;
  name: string;
  colour: string;
}
export type MeanOf = (theme: number, stage: number) => number | null;

/** Heat-map bands: one per half point from 1 to 5, red (very low) to green (very high). */
export const HEAT_BANDS = [
  { band: 1, from: 1, label: 'very low' },
  { band: 2, from: 1.5, label: '' },
  { band: 3, from: 2, label: 'low' },
  { band: 4, from: 2.5, label: '' },
  { band: 5, from: 3, label: 'moderate' },
  { band: 6, from: 3.5, label: '' },
  { band: 7, from: 4, label: 'high' },
  { band: 8, from: 4.5, label: '' },
  { band: 9, from: 5, label: 'very high' },
];

/** The band (1–9) of a mean as it is printed, so the colour always agrees with the number shown. */
export function heatBand(mean: number | null): number | null {
  if (mean === null) return null;
  const shown = Number(oneDecimal(mean));
  return Math.min(9, Math.max(1, Math.round(shown * 2) - 1));
}

const hex = (colour: string) => colour.match(/[0-9a-f]{2}/gi)?.map((h) => parseInt(h, 16)) ?? [0, 0, 0];
const toHex = (rgb: number[]) => `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

/** The theme's colour mixed with white: 15% at a mean of 1, full colour at 5. */
export function shade(colour: string, mean: number): string {
  const strength = 0.15 + 0.85 * Math.min(1, Math.max(0, (mean - 1) / 4));
  return toHex(hex(colour).map((v) => 255 + (v - 255) * strength));
}

export function themeColour(theme: RainbowTheme): string {
  return (
    ARC_COLOURS[theme.colour] ??
    (/^#[0-9a-f]{6}$/i.test(theme.colour) ? theme.colour : (FALLBACK[theme.position - 1] ?? '#505a5f'))
  );
}

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const point = (cx: number, cy: number, r: number, angle: number) =>
  `${(cx + r * Math.cos(angle)).toFixed(2)} ${(cy - r * Math.sin(angle)).toFixed(2)}`;

function sector(cx: number, cy: number, outer: number, inner: number, from: number, to: number): string {
  return (
    `M ${point(cx, cy, outer, from)} A ${outer} ${outer} 0 0 1 ${point(cx, cy, outer, to)} ` +
    `L ${point(cx, cy, inner, to)} A ${inner} ${inner} 0 0 0 ${point(cx, cy, inner, from)} Z`
  );
}

export interface RainbowOptions {
  id: string;
  title: string;
  themes: RainbowTheme[];
  meanOf: MeanOf;
}

/** The rainbow as an SVG string; every value in it is escaped. */
export function rainbowSvg({ id, title, themes, meanOf }: RainbowOptions): string {
  const width = 640;
  const cx = 320;
  const cy = 300;
  const band = 30;
  const outermost = 290;
  const arcs = themes.filter((t) => t.position <= 7).sort((a, b) => a.position - b.position);
  const base = themes.find((t) => t.position === 8);
  const parts: string[] = [];
  const summary: string[] = [];
  const segmentTitle = (theme: RainbowTheme, stage: number, mean: number | null) =>
    `<title>${escapeXml(`${theme.name}, stage ${stage}: ${mean === null ? 'no score' : oneDecimal(mean)}`)}</title>`;
  arcs.forEach((theme, i) => {
    const colour = themeColour(theme);
    const outer = outermost - i * band;
    for (let stage = 1; stage <= STAGE_COUNT; stage += 1) {
      const mean = meanOf(theme.position, stage);
      const from = Math.PI - ((stage - 1) * Math.PI) / STAGE_COUNT;
      const to = Math.PI - (stage * Math.PI) / STAGE_COUNT;
      const fill = mean === null ? '#ffffff' : shade(colour, mean);
      parts.push(
        `<path d="${sector(cx, cy, outer, outer - band, from, to)}" fill="${fill}" stroke="${colour}" stroke-width="1.5"${mean === null ? ' stroke-dasharray="4 3"' : ''}>${segmentTitle(theme, stage, mean)}</path>`,
      );
    }
    summary.push(`${theme.name}: ${describe(theme.position, meanOf)}`);
  });
  if (base) {
    const colour = themeColour(base);
    const left = cx - outermost;
    const segment = (2 * outermost) / STAGE_COUNT;
    for (let stage = 1; stage <= STAGE_COUNT; stage += 1) {
      const mean = meanOf(8, stage);
      const fill = mean === null ? '#ffffff' : shade(colour, mean);
      parts.push(
        `<rect x="${(left + (stage - 1) * segment).toFixed(2)}" y="${cy + 6}" width="${segment.toFixed(2)}" height="36" fill="${fill}" stroke="${colour}" stroke-width="1.5"${mean === null ? ' stroke-dasharray="4 3"' : ''}>${segmentTitle(base, stage, mean)}</rect>`,
      );
    }
    summary.push(`${base.name} (the base): ${describe(8, meanOf)}`);
  }
  parts.push(`<text x="${cx - outermost}" y="${cy + 66}" font-size="20" fill="#0b0c0c">Stage 1</text>`);
  parts.push(
    `<text x="${cx + outermost}" y="${cy + 66}" font-size="20" fill="#0b0c0c" text-anchor="end">Stage 8</text>`,
  );
  const description =
    `Seven arcs, outermost first, standing on the base; each split into 8 stages from left to right, ` +
    `paler where the mean score is lower. Means by stage 1 to 8 — ${summary.join('; ')}.`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="ow-rainbow" viewBox="0 0 ${width} 370" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false">` +
    `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(description)}</desc>${parts.join('')}</svg>`
  );
}

function describe(theme: number, meanOf: MeanOf): string {
  const values: string[] = [];
  for (let stage = 1; stage <= STAGE_COUNT; stage += 1) values.push(oneDecimal(meanOf(theme, stage)) || 'no score');
  return values.join(', ');
}
