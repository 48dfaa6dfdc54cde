/*
 * npm run soak [-- --users 200 --seconds 60 --only load,sweep,fuzz,kill-imports]: starts the app (`serve`, one worker per core) on
 * SQLite and on a throwaway PostgreSQL, each with two demo partnerships, on 127.0.0.1 only, and runs
 * the load probe, the access-control sweep and every probe module in bench/soak/probes/ against it
 * (the contract is bench/soak/probe.ts). Prints every figure, then each target met or missed; exits
 * 1 when one is missed. ENGINES=sqlite or postgres runs one engine; --only runs the probes named
 * (load, sweep, or a module's file name in probes/). Not part of npm test.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DatabaseEngine } from '../../src/config.ts';
import { loadProbe } from './load.ts';
import type { Probe, ProbeContext, ProbeResult } from './probe.ts';
import { sweepProbe } from './sweep.ts';
import { startTarget } from './target.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '60' },
    only: { type: 'string' },
  },
});
const only = values.only?.split(',').map((name) => name.trim());
const selected = (probe: string) => !only || only.includes(probe);
const users = Number(values.users);
const seconds = Number(values.seconds);
const engines = (process.env.ENGINES ?? 'sqlite,postgres').split(',').map((e) => e.trim()) as DatabaseEngine[];
const probesDir = join(dirname(fileURLToPath(import.meta.url)), 'probes');

/** Each target: the figure, and whether a value meets it. */
const TARGETS: [string, (v: number) => boolean, string][] = [
  ['load errors', (v) => v === 0, '0'],
  ['load timeouts', (v) => v === 0, '0'],
  ['load 5xx', (v) => v === 0, '0'],
  ['load p95 ms', (v) => v < 300, '< 300'],
  ['load health p99 ms', (v) => v < 100, '< 100'],
  ['overload timeouts', (v) => v === 0, '0'],
  ['overload 503 without Retry-After', (v) => v === 0, '0'],
  ['sweep leaks', (v) => v === 0, '0'],
  ['sweep 5xx', (v) => v === 0, '0'],
];

function print(engine: string, name: string, result: ProbeResult): void {
  console.log(`\n[${engine}] ${name}`);
  for (const [key, value] of Object.entries(result)) console.log(`  ${key.padEnd(40)} ${value}`);
}

async function otherProbes(): Promise<[string, Probe][]> {
  const files = readdirSync(probesDir, { withFileTypes: true })
    .filter((f) => f.isFile() && f.name.endsWith('.ts'))
    .map((f) => f.name)
    .sort();
  const probes: [string, Probe][] = [];
  for (const file of files) {
    const module = (await import(join(probesDir, file))) as { probe?: Probe };
    // Helpers the probes share live beside them and export no probe().
    if (typeof module.probe !== 'function') continue;
    probes.push([file.replace(/\.ts$/, ''), module.probe]);
  }
  return probes;
}

async function soak(engine: DatabaseEngine): Promise<ProbeResult> {
  const log = (probe: string) => (message: string) => console.log(`  [${engine}] ${probe}: ${message}`);
  const target = await startTarget(engine, log('app'));
  const context = (probe: string): ProbeContext => ({
    baseUrl: target.baseUrl,
    engine,
    databaseUrl: target.databaseUrl,
    sqliteFile: target.sqliteFile,
    appPid: target.pid,
    log: log(probe),
  });
  const figures: ProbeResult = {};
  try {
    if (selected('load')) {
      const load = await loadProbe(context('load'), users, seconds);
      print(engine, 'load', load);
      Object.assign(figures, load);
    }
    if (selected('sweep')) {
      const sweep = await sweepProbe(context('sweep'));
      print(engine, 'sweep', sweep);
      Object.assign(figures, sweep);
    }
    for (const [name, probe] of await otherProbes()) {
      if (!selected(name)) continue;
      const result = await probe(context(name));
      print(engine, name, result);
      for (const [key, value] of Object.entries(result)) figures[`${name} ${key}`] = value;
    }
  } finally {
    await target.stop();
  }
  return figures;
}

let missed = 0;
const all: [DatabaseEngine, ProbeResult][] = [];
for (const engine of engines) all.push([engine, await soak(engine)]);
console.log(`\nTargets (${users} users for ${seconds} s):`);
for (const [engine, figures] of all)
  for (const [name, meets, wanted] of TARGETS) {
    if (!(name in figures)) continue; // its probe was not run (--only)
    const value = Number(figures[name]);
    const ok = meets(value);
    if (!ok) missed++;
    console.log(
      `  [${engine}] ${name.padEnd(36)} ${String(figures[name]).padStart(8)}  target ${wanted.padEnd(6)} ${ok ? 'met' : 'MISSED'}`,
    );
  }
process.exit(missed ? 1 : 0);
