/*
 * SVG charts as PNG images for documents that cannot hold SVG (DOCX), through resvg compiled to
 * WebAssembly: pure JavaScript, no native addon. Text is set in the shipped Liberation Sans.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { REPORT_FONT_FAMILY, reportFontBytes } from './report-fonts.ts';

let ready: Promise<void> | null = null;

let warm: Promise<unknown> | null = null;

function start(): Promise<void> {
  ready ??= initWasm(readFileSync(createRequire(import.meta.url).resolve('@resvg/resvg-wasm/index_bg.wasm')));
  return ready;
}

const WARM_UP_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 20"><rect width="10" height="10" fill="#1d70b8"/>' +
  '<text x="12" y="10" font-weight="bold">Ag 1</text><text x="30" y="18">Ag</text></svg>';

/**
 * Compiles resvg's WebAssembly and renders a little text once per process, so the first document
 * does not wait for the compiling and the engine's first warm-up. Call early; errors surface on use.
 */
export function prepareSvgToPng(): Promise<unknown> {
  warm ??= start().then(() => svgToPng(WARM_UP_SVG, 60));
  return warm;
}

export interface Png {
  png: Buffer;
  width: number;
  height: number;
}

/** Renders `svg` at `width` pixels wide (its height follows the viewBox) on a white background. */
export async function svgToPng(svg: string, width: number): Promise<Png> {
  await start();
  const fonts = reportFontBytes();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    background: '#ffffff',
    font: {
      loadSystemFonts: false,
      fontBuffers: [fonts.regular, fonts.bold],
      defaultFontFamily: REPORT_FONT_FAMILY,
      sansSerifFamily: REPORT_FONT_FAMILY,
    },
  });
  const image = resvg.render();
  const result = { png: Buffer.from(image.asPng()), width: image.width, height: image.height };
  image.free();
  resvg.free();
  return result;
}
