/*
 * SVG charts as PNG images for documents that cannot hold SVG (DOCX), through resvg compiled to
 * WebAssembly: pure JavaScript, no native addon. Text is set in the shipped Liberation Sans.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { REPORT_FONT_FAMILY, reportFontBytes } from './report-fonts.ts';

let ready: Promise<void> | null = null;

function start(): Promise<void> {
  ready ??= initWasm(readFileSync(createRequire(import.meta.url).resolve('@resvg/resvg-wasm/index_bg.wasm')));
  return ready;
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
