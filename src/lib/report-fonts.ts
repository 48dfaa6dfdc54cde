/*
 * Liberation Sans 2 (SIL Open Font License, src/lib/fonts/LICENSE.txt), shipped in the repository so
 * reports embed a font that covers the text (arrows, ≤, ≥, accented names) rather than falling back
 * to the PDF standard fonts' WinAnsi, and so charts render to PNG the same on every machine.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const file = (name: string) => fileURLToPath(new URL(`./fonts/${name}`, import.meta.url));

export const REPORT_FONT_FAMILY = 'Liberation Sans';

export const REPORT_FONTS = {
  regular: file('LiberationSans-Regular.ttf'),
  bold: file('LiberationSans-Bold.ttf'),
  italic: file('LiberationSans-Italic.ttf'),
} as const;

let bytes: Record<keyof typeof REPORT_FONTS, Buffer> | null = null;

/** The font files' bytes, read once per process. */
export function reportFontBytes(): Record<keyof typeof REPORT_FONTS, Buffer> {
  bytes ??= {
    regular: readFileSync(REPORT_FONTS.regular),
    bold: readFileSync(REPORT_FONTS.bold),
    italic: readFileSync(REPORT_FONTS.italic),
  };
  return bytes;
}
