/*
 * The order the runner starts test files in: longest first, so that the last files to finish are
 * short ones and no worker sits idle while one long file runs on (docs/adr/0039). Durations come
 * from test/support/file-durations.json (seconds per file, written by `npm test -- --record-durations`
 * after a whole run); a file not listed there is estimated from its layer.
 */
import { existsSync, globSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { PhaseTotal } from './phase-timer.ts';

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
  /** CPU seconds of the test process and of its ended children (a closed Chromium). */
  cpu?: { self: number; children: number };
  phases?: Record<string, PhaseTotal>;
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
    .map((t) => `  ${((t.end - t.start) / 1000).toFixed(1).padStart(6)} s  ${cpuText(t).padStart(16)}  ${t.file}`);
  const ends = timings.map((t) => t.end).sort((a, b) => a - b);
  const lastEnd = ends.at(-1) ?? 0;
  // The moment the (concurrency)-th last file ended: from then on at least one worker had nothing to do.
  const tailStart = ends[Math.max(0, ends.length - concurrency)] ?? lastEnd;
  const busy = timings.reduce((sum, t) => sum + (t.end - t.start), 0);
  return [
    `Slowest test files (of ${timings.length}, ${Math.round(busy / 1000)} file-seconds in all):`,
    ...slowest,
    `Time with a worker idle at the end: ${Math.round((lastEnd - tailStart) / 1000)} s.`,
    ...phaseSummary(timings),
  ].join('\n');
}

function cpuText(t: FileTiming): string {
  return t.cpu ? `${Math.round(t.cpu.self)}+${Math.round(t.cpu.children)} s CPU` : '';
}

/** CPU in all, and each phase's wall seconds and count summed over every file (test/support/phase-timer.ts). */
function phaseSummary(timings: FileTiming[]): string[] {
  const sums = new Map<string, PhaseTotal>();
  for (const { phases = {} } of timings)
    for (const [name, { ms, count }] of Object.entries(phases)) {
      const sum = sums.get(name) ?? { ms: 0, count: 0 };
      sums.set(name, { ms: sum.ms + ms, count: sum.count + count });
    }
  const self = timings.reduce((sum, t) => sum + (t.cpu?.self ?? 0), 0);
  const children = timings.reduce((sum, t) => sum + (t.cpu?.children ?? 0), 0);
  return [
    `CPU: ${Math.round(self)} s in the test processes, ${Math.round(children)} s in the processes they started (Chromium, sampled each second).`,
    'Phases (wall seconds summed over files, count):',
    ...[...sums]
      .sort(([, a], [, b]) => b.ms - a.ms)
      .map(
        ([name, { ms, count }]) => `  ${(ms / 1000).toFixed(1).padStart(7)} s  ${String(count).padStart(5)}×  ${name}`,
      ),
  ];
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
