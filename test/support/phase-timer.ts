/*
 * Where a test process's time goes: named phases (browser start, navigation, axe, …) add up their
 * wall time and count here, and test/support/file-timer.ts writes the totals with the file's CPU
 * time when the process ends, for the runner's summary (docs/adr/0040). Wall time is inflated when
 * other processes share the cores; the counts and the CPU seconds are not.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface PhaseTotal {
  ms: number;
  count: number;
}

const totals = new Map<string, PhaseTotal>();

export function addPhase(name: string, ms: number): void {
  const total = totals.get(name) ?? { ms: 0, count: 0 };
  total.ms += ms;
  total.count += 1;
  totals.set(name, total);
}

/** Runs `fn`, adding its wall time to the phase `name`. */
export async function timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await fn();
  } finally {
    addPhase(name, performance.now() - start);
  }
}

export function phaseTotals(): Record<string, PhaseTotal> {
  return Object.fromEntries(
    [...totals].map(([name, total]) => [name, { ms: Math.round(total.ms), count: total.count }]),
  );
}

const descendantTicks = new Map<number, number>();

function ownTicks(pid: number): number {
  // Fields after the command name: utime and stime are the 12th and 13th (clock ticks, 100 a second).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11]) + Number(fields[12]);
}

function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`))
    for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' '))
      if (child.trim()) found.push(Number(child));
  return found;
}

/** Notes the CPU of every process below this one (Chromium and its renderers, LibreOffice), as far as Linux shows it. */
function sampleDescendants(): void {
  const queue = [process.pid];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    try {
      const children = childrenOf(pid);
      queue.push(...children);
      for (const child of children)
        descendantTicks.set(child, Math.max(descendantTicks.get(child) ?? 0, ownTicks(child)));
    } catch {
      // the process ended between reads
    }
  }
}

/**
 * Samples the CPU of the processes this one starts once a second until it exits: a process that
 * ends between samples loses at most its last second; where /proc is missing, nothing is sampled.
 */
export function sampleChildrenCpu(): void {
  try {
    childrenOf(process.pid);
  } catch {
    return;
  }
  setInterval(sampleDescendants, 1000).unref();
}

/** CPU seconds of this process and (sampled) of the processes it started. */
export function cpuSeconds(): { self: number; children: number } {
  const { user, system } = process.cpuUsage();
  sampleDescendants();
  const children = [...descendantTicks.values()].reduce((sum, ticks) => sum + ticks, 0) / 100;
  return { self: (user + system) / 1e6, children };
}
