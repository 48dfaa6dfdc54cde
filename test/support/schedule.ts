/*
 * The order the runner starts test files in: longest first, so that the last files to finish are
 * short ones and no worker sits idle while one long file runs on (docs/adr/0039). Durations come
 * from test/support/file-durations.json (seconds per file, written by `npm test -- --record-durations`
 * after a whole run); a file not listed there is estimated from its layer.
 */
import { existsSync, globSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

const DURATIONS_FILE = 'test/support/file-durations.json';
const LAYER_ESTIMATES: [RegExp, number][] = [
  [/\.browser\.test\.ts$/, 30],
  [/^test\/integration\//, 8],
  [/./, 1],
];

export interface FileTiming {
  file: string;
  start: number;
  end: number;
}

function knownDurations(): Record<string, number> {
  if (!existsSync(DURATIONS_FILE)) return {};
  return JSON.parse(readFileSync(DURATIONS_FILE, 'utf8')) as Record<string, number>;
}

function estimate(file: string, known: Record<string, number>): number {
  return known[file] ?? LAYER_ESTIMATES.find(([pattern]) => pattern.test(file))?.[1] ?? 1;
}

/** The test files the patterns name, each once, longest expected first (ties by name). */
export function scheduledFiles(patterns: string[]): string[] {
  const files = [...new Set(patterns.flatMap((pattern) => globSync(pattern)))].filter((file) => file.endsWith('.ts'));
  const known = knownDurations();
  return files.sort((a, b) => estimate(b, known) - estimate(a, known) || a.localeCompare(b));
}

/** Reads the timings the test processes wrote (test/support/file-timer.ts). */
export function readTimings(path: string): FileTiming[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as FileTiming)
    .map((timing) => ({ ...timing, file: relative(process.cwd(), timing.file) }));
}

/** The slowest files, and the seconds at the end of the run when fewer files ran than the concurrency allows. */
export function timingSummary(timings: FileTiming[], concurrency: number, top = 12): string {
  if (!timings.length) return '';
  const slowest = [...timings]
    .sort((a, b) => b.end - b.start - (a.end - a.start))
    .slice(0, top)
    .map((t) => `  ${((t.end - t.start) / 1000).toFixed(1).padStart(6)} s  ${t.file}`);
  const ends = timings.map((t) => t.end).sort((a, b) => a - b);
  const lastEnd = ends.at(-1) ?? 0;
  // The moment the (concurrency)-th last file ended: from then on at least one worker had nothing to do.
  const tailStart = ends[Math.max(0, ends.length - concurrency)] ?? lastEnd;
  const busy = timings.reduce((sum, t) => sum + (t.end - t.start), 0);
  return [
    `Slowest test files (of ${timings.length}, ${Math.round(busy / 1000)} file-seconds in all):`,
    ...slowest,
    `Time with a worker idle at the end: ${Math.round((lastEnd - tailStart) / 1000)} s.`,
  ].join('\n');
}

/** Writes each file's measured seconds, for the next run's order. */
export function recordDurations(timings: FileTiming[]): void {
  const durations = Object.fromEntries(
    [...timings]
      .sort((a, b) => a.file.localeCompare(b.file))
      .map((t) => [t.file, Math.round((t.end - t.start) / 100) / 10]),
  );
  writeFileSync(DURATIONS_FILE, `${JSON.stringify(durations, null, 2)}\n`);
}
