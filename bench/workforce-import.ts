/*
 * Workforce return import benchmark (issue 4). Prints:
 *  - a 100,000-row standard CSV validated, staged and committed on SQLite, against the sqlite3 CLI
 *    loading the same file into an untyped table (`.mode csv`, `.import`; timed as a child
 *    process, CPU from bash's `times`), alternating, five runs each: the medians and their ratio (target ≤ 3×).
 *    Without the CLI on the PATH it falls back to an in-process stand-in and says so;
 *  - a 1,000,000-row return validated and committed on SQLite in a child process, with its peak
 *    RSS (target < 300 MB);
 *  - the same 100,000 rows on PostgreSQL, as rows per second.
 * Usage: npm run bench:import [-- rows] [--big-only | --small-only] [--no-postgres] (default 100000; the big run is 10× that).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parse } from 'csv-parse';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type Db } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { systemActor } from '../src/auth/actor.ts';
import { WORKER_FIELDS } from '../src/features/workforce/standard/standard.ts';
import { validateReturnBatches } from '../src/features/workforce/returns/validate.ts';
import { createServices } from '../src/services.ts';
import { startPostgres } from '../test/support/postgres-server.ts';

const CENSUS = '2026-09-30';
const RUNS = 5;
const ROLES = [
  'early_years_practitioner',
  'teacher',
  'teaching_assistant',
  'childrens_social_worker',
  'family_support_worker',
  'youth_worker',
  'health_visitor',
  'administrator',
];
const SERVICES = [
  'early_years',
  'education',
  'education',
  'social_care',
  'social_care',
  'youth',
  'health',
  'social_care',
];
const ETHNICITIES = [
  'white_british',
  'white_british',
  'white_british',
  'white_other',
  'asian_indian',
  'asian_pakistani',
  'black_african',
  'mixed_white_asian',
  'not_known',
];

/** A deterministic, plausible standard CSV of `rows` workers, written as a stream. */
async function generate(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)] as T;
  out.write(`${WORKER_FIELDS.join(',')}\r\n`);
  for (let i = 0; i < rows; i++) {
    const r = Math.floor(random() * ROLES.length);
    const volunteer = random() < 0.03;
    const fte = volunteer ? 0.2 : pick([1, 1, 1, 0.8, 0.6, 0.5]);
    const left = random() < 0.12;
    const line = [
      `W${String(i).padStart(7, '0')}`,
      SERVICES[r],
      ROLES[r],
      '',
      random() < 0.7 ? 'core' : 'wider',
      volunteer ? 'volunteer' : 'employee',
      volunteer ? '' : pick(['permanent', 'permanent', 'permanent', 'fixed_term']),
      fte,
      (fte * 37).toFixed(1),
      `20${String(10 + Math.floor(random() * 15))}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
      left ? '2026-03-31' : '',
      left ? pick(['resigned', 'retired', 'end_of_contract']) : '',
      1960 + Math.floor(random() * 42),
      pick(['female', 'female', 'female', 'male']),
      '',
      pick(ETHNICITIES),
      pick(['no', 'no', 'yes', 'not_known']),
      pick(['2', '3', '3', '4', '6', 'not_known']),
      random() < 0.05 ? 'yes' : 'no',
      Math.floor(random() * 12),
      pick(['1', '2', '3']),
      random() < 0.1 ? 'yes' : 'no',
    ].join(',');
    if (!out.write(`${line}\r\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

interface Baseline {
  ms: number;
  cpuMs: number;
  rows: number;
  tool: string;
}

/** The real thing when it is installed: `sqlite3 .import` into an untyped table, timed as a child process. */
function sqliteCliImport(path: string, file: string): Baseline | null {
  const probe = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return null;
  const columns = WORKER_FIELDS.map((f) => `"${f}"`).join(', ');
  // bash's `times` reports the child's user and system CPU (process.cpuUsage() covers only this process).
  const script = 'sqlite3 "$@" || exit 1; times';
  const started = performance.now();
  const run = spawnSync(
    'bash',
    [
      '-c',
      script,
      'sqlite3',
      file,
      '-cmd',
      `create table t (${columns})`,
      '-cmd',
      '.mode csv',
      `.import --skip 1 ${path} t`,
    ],
    { encoding: 'utf8' },
  );
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`sqlite3 .import failed: ${run.stderr}`);
  const toMs = (text: string) => {
    const [, m, s] = /(\d+)m([\d.]+)s/.exec(text) ?? ['', '0', 'NaN'];
    return (Number(m) * 60 + Number(s)) * 1000;
  };
  const [user = '', system = ''] = (run.stdout.trim().split('\n').at(-1) ?? '').split(/\s+/);
  const count = spawnSync('sqlite3', [file, 'select count(*) from t'], { encoding: 'utf8' });
  return {
    ms,
    cpuMs: toMs(user) + toMs(system),
    rows: Number(count.stdout.trim()),
    tool: `sqlite3 ${probe.stdout.split(' ')[0]} CLI, .mode csv + .import`,
  };
}

/** Fallback when the CLI is missing: what `.import` does, in process (parse, insert every field as text, one transaction). */
async function inProcessImport(path: string, file: string): Promise<Baseline> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const db = new DatabaseSync(file);
  db.exec(`create table t (${WORKER_FIELDS.map((f) => `"${f}" text`).join(', ')})`);
  const insert = db.prepare(`insert into t values (${WORKER_FIELDS.map(() => '?').join(', ')})`);
  let rows = 0;
  db.exec('begin');
  for await (const record of createReadStream(path).pipe(
    parse({ bom: true, from_line: 2, relax_column_count: true }),
  )) {
    insert.run(...(record as string[]));
    rows++;
  }
  db.exec('commit');
  db.close();
  return {
    ms: performance.now() - started,
    cpuMs: cpuSince(cpu),
    rows,
    tool: 'in-process stand-in (node:sqlite + csv-parse; sqlite3 CLI not on the PATH)',
  };
}

/** The validator alone, for the split of the time: how much of it the database costs. */
async function validateFile(path: string): Promise<{ ms: number; cpuMs: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let events = 0;
  for await (const batch of validateReturnBatches({ path, fileName: 'bench.csv', censusDate: CENSUS }))
    events += batch.length;
  if (!events) throw new Error('the validator produced no events');
  return { ms: performance.now() - started, cpuMs: cpuSince(cpu) };
}

const cpuSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

interface Timed {
  ms: number;
  cpuMs: number;
  records: number;
  errors: number;
  stagedMs?: number;
  stagedCpuMs?: number;
}

async function importReturn(db: Db, path: string): Promise<Timed> {
  const at = new Date().toISOString();
  const partnership = await db.kysely
    .insertInto('partnerships')
    .values({ name: `Bench ${at}`, local_authority_code: null, created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  const organisation = await db.kysely
    .insertInto('organisations')
    .values({
      partnership_id: partnership.id,
      name: 'Bench County Council',
      type: 'local_authority',
      sector: 'statutory',
      services: '["education"]',
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const returns = createServices(db, loadConfig({ NODE_ENV: 'test' })).workforceReturns;
  const actor = systemActor(partnership.id, 'Benchmark');
  const started = performance.now();
  const cpu = process.cpuUsage();
  const staged = await returns.stageFile(actor, {
    organisationId: organisation.id,
    censusDate: CENSUS,
    path,
    fileName: 'bench.csv',
    source: 'cli',
  });
  if (staged.status !== 'valid')
    return {
      ms: performance.now() - started,
      cpuMs: cpuSince(cpu),
      records: staged.worker_count,
      errors: staged.error_count,
    };
  const stagedMs = performance.now() - started;
  if (process.argv[2] === '--child')
    process.stderr.write(
      `after staging: peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB, heap ${mb(process.memoryUsage().heapUsed)}\n`,
    );
  const stagedCpuMs = cpuSince(cpu);
  const created = await returns.commit(actor, staged.id);
  return {
    ms: performance.now() - started,
    cpuMs: cpuSince(cpu),
    records: created.worker_count,
    errors: 0,
    stagedMs,
    stagedCpuMs,
  };
}

async function sqliteRun(path: string, dir: string, name: string) {
  const db = openDatabase({ engine: 'sqlite', url: '', sqliteFile: join(dir, `${name}.sqlite`) });
  await migrateToLatest(db);
  try {
    return await importReturn(db, path);
  } finally {
    await db.close();
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

async function child(path: string, dir: string): Promise<void> {
  const result = await sqliteRun(path, dir, 'big');
  process.stdout.write(JSON.stringify({ ...result, maxRssKb: process.resourceUsage().maxRSS }));
}

async function postgresRun(path: string): Promise<Timed> {
  const server = process.env.DATABASE_URL ? null : await startPostgres();
  const adminUrl = process.env.DATABASE_URL ?? (server as { url: string }).url;
  const name = `ow_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = openDatabase({ engine: 'postgres', url: url.toString(), sqliteFile: '' });
  try {
    await migrateToLatest(db);
    return await importReturn(db, path);
  } finally {
    await db.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    server?.stop();
  }
}

/** The 1,000,000-row run, in a child process so its peak RSS is its own. */
async function bigRun(dir: string, bigRows: number): Promise<void> {
  const bigPath = join(dir, 'big.csv');
  await generate(bigPath, bigRows);
  // The heap bound bin/one-workforce.js and `npm run import` give the CLI import (docs/adr/0009);
  // BENCH_NODE_OPTIONS='' runs without flags.
  const heap = (process.env.BENCH_NODE_OPTIONS ?? '--max-old-space-size=192 --max-semi-space-size=4')
    .split(' ')
    .filter(Boolean);
  const run = spawnSync(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', ...heap, import.meta.filename, '--child', bigPath, dir],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (run.status !== 0) throw new Error(`the ${bigRows}-row run failed: ${run.stderr}`);
  process.stderr.write(run.stderr);
  const big = JSON.parse(run.stdout) as { ms: number; cpuMs: number; records: number; maxRssKb: number };
  console.log(
    `SQLite, ${bigRows.toLocaleString('en-GB')} rows (${mb(statSync(bigPath).size)}): ${seconds(big.ms)} wall, ${seconds(big.cpuMs)} CPU, ${big.records.toLocaleString('en-GB')} records, peak RSS ${Math.round(big.maxRssKb / 1024)} MB, ${heap.length ? `node ${heap.join(' ')}` : 'no Node flags'} (target < 300 MB)`,
  );
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3] as string, process.argv[4] as string);
  const bigOnly = process.argv.includes('--big-only');
  const rows = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'ow-bench-import-'));
  try {
    if (!bigOnly) await smallRuns(dir, rows, !process.argv.includes('--no-postgres'));
    if (!process.argv.includes('--small-only')) await bigRun(dir, rows * 10);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function smallRuns(dir: string, rows: number, postgres: boolean): Promise<void> {
  const path = join(dir, 'return.csv');
  await generate(path, rows);
  console.log(`Generated ${rows.toLocaleString('en-GB')} rows (${mb(statSync(path).size)}).`);

  // Alternate the two, each into a new database file, and compare medians: single runs vary by a
  // third on this kind of machine (WAL checkpoints, GC, neighbours).
  const baselines: Baseline[] = [];
  const runs: Timed[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const baseline =
      sqliteCliImport(path, join(dir, `baseline-${run}.sqlite`)) ??
      (await inProcessImport(path, join(dir, `baseline-in-process-${run}.sqlite`)));
    if (baseline.rows !== rows) throw new Error(`the baseline loaded ${baseline.rows} rows, not ${rows}`);
    baselines.push(baseline);
    const ours = await sqliteRun(path, dir, `app-${run}`);
    if (ours.errors) throw new Error(`the generated file has ${ours.errors} errors`);
    runs.push(ours);
  }
  const validateOnly = await validateFile(path);
  const mid = <T>(items: T[], value: (item: T) => number) =>
    [...items].map(value).sort((a, b) => a - b)[Math.floor(items.length / 2)] as number;
  const baseline = { ms: mid(baselines, (b) => b.ms), cpuMs: mid(baselines, (b) => b.cpuMs) };
  const ours = {
    ms: mid(runs, (r) => r.ms),
    cpuMs: mid(runs, (r) => r.cpuMs),
    stagedMs: mid(runs, (r) => r.stagedMs ?? 0),
    stagedCpuMs: mid(runs, (r) => r.stagedCpuMs ?? 0),
  };
  const ratios = runs.map((r, i) => r.ms / (baselines[i] as Baseline).ms).sort((a, b) => a - b);
  console.log(`Baseline: ${baselines[0]?.tool}; medians of ${RUNS} alternating runs`);
  console.log(
    `SQLite, untyped load (baseline):    ${seconds(baseline.ms)} wall, ${seconds(baseline.cpuMs)} CPU (${rows.toLocaleString('en-GB')} rows)`,
  );
  console.log(
    `SQLite, validate + stage + commit:  ${seconds(ours.ms)} wall, ${seconds(ours.cpuMs)} CPU (${runs[0]?.records.toLocaleString('en-GB')} records)`,
  );
  console.log(
    `  of which validate + stage:         ${seconds(ours.stagedMs)} wall, ${seconds(ours.stagedCpuMs)} CPU; commit ${seconds(ours.ms - ours.stagedMs)} wall, ${seconds(ours.cpuMs - ours.stagedCpuMs)} CPU`,
  );
  console.log(
    `  validator alone (no database):     ${seconds(validateOnly.ms)} wall, ${seconds(validateOnly.cpuMs)} CPU`,
  );
  // CPU time as well as wall time: on a shared machine the wall-clock ratio partly measures the neighbours.
  console.log(
    `Ratio of the medians: ${(ours.ms / baseline.ms).toFixed(2)}× wall, ${(ours.cpuMs / baseline.cpuMs).toFixed(2)}× CPU (target ≤ 3×); ` +
      `single runs ${ratios[0]?.toFixed(2)}–${ratios.at(-1)?.toFixed(2)}× wall`,
  );

  if (!postgres) return;
  const pgResult = await postgresRun(path);
  console.log(
    `PostgreSQL, validate + stage + commit: ${seconds(pgResult.ms)} wall, ${Math.round(pgResult.records / (pgResult.ms / 1000)).toLocaleString('en-GB')} rows/s`,
  );
}

await main();
