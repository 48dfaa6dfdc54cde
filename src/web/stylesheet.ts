import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as sass from 'sass';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const SOURCE = join(here, 'styles', 'one-workforce.scss');
export const STYLESHEET_DIR = join(here, 'assets', 'generated');
const OUTPUT = join(STYLESHEET_DIR, 'one-workforce.css');
const GOVUK_PACKAGE = require.resolve('govuk-frontend/package.json');

function modified(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

/**
 * Compiles govuk-frontend with our settings when the output is missing or older than its
 * sources. Written to a temporary file and renamed, so that servers starting at the same time
 * never serve half a file.
 */
export function buildStylesheet(): { path: string; built: boolean } {
  const output = modified(OUTPUT);
  if (output > modified(SOURCE) && output > modified(GOVUK_PACKAGE)) return { path: OUTPUT, built: false };
  const { css } = sass.compile(SOURCE, {
    loadPaths: [join(dirname(GOVUK_PACKAGE), '..')],
    style: 'compressed',
    quietDeps: true,
    silenceDeprecations: ['import'],
  });
  mkdirSync(STYLESHEET_DIR, { recursive: true });
  const temporary = `${OUTPUT}.${process.pid}.tmp`;
  writeFileSync(temporary, css);
  renameSync(temporary, OUTPUT);
  return { path: OUTPUT, built: true };
}
