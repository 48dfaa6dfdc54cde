/*
 * The test command: starts a throwaway PostgreSQL server unless DATABASE_URL is given, runs every
 * test file with node's test runner (unit, integration on both databases, browser), then stops it.
 * Files start longest first (test/support/schedule.ts), os.availableParallelism() at a time
 * (TEST_CONCURRENCY to try another number).
 * At the end it prints the slowest files, the CPU and the phases their time went to, and the counts
 * of tests and of axe-checked page kinds, which must never fall.
 * Usage: node test/support/run-tests.ts [--record-durations] [files or globs…]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { claimedKeys } from './axe-registry.ts';
import { buildTemplates, dropTemplates } from './databases.ts';
import { startPostgres, type PostgresServer } from './postgres-server.ts';
import { readTimings, recordDurations, scheduledFiles, timingSummary } from './schedule.ts';

const args = process.argv.slice(2);
const record = args.includes('--record-durations');
const patterns = args.filter((arg) => arg !== '--record-durations');
const files = scheduledFiles(
  patterns.length ? patterns : ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'],
);
// TEST_CONCURRENCY overrides, for measuring (docs/adr/0040); browser files wait on I/O part of the time.
const concurrency = Number(process.env.TEST_CONCURRENCY) || availableParallelism();

const started = Date.now();
const loadAtStart = loadavg()[0] ?? 0;
let server: PostgresServer | undefined;
if (!process.env.DATABASE_URL) {
  server = await startPostgres();
  process.env.TEST_POSTGRES_URL = server.url;
  console.log(`Started a throwaway PostgreSQL server for the tests at ${server.url}`);
}
delete process.env.DATABASE_URL_FOR_APP;
const runDir = mkdtempSync(join(tmpdir(), 'ow-run-'));
process.env.TEST_AXE_REGISTRY = join(runDir, 'axe');
process.env.TEST_FILE_TIMINGS = join(runDir, 'timings.jsonl');
const templates = await buildTemplates(runDir);
process.env.TEST_TEMPLATES = JSON.stringify(templates);
console.log(`Built the migrated template databases in ${Math.round((Date.now() - started) / 1000)} s`);

// Every test process, and every command line a test runs, reuses what another compiled (docs/adr/0050).
process.env.NODE_COMPILE_CACHE ??= join(tmpdir(), 'node-compile-cache');

const counts = { passed: 0, failed: 0, skipped: 0 };
let anyFailure = false;
const stream = run({
  files,
  concurrency,
  execArgv: ['--disable-warning=ExperimentalWarning', '--import', './test/support/file-timer.ts'],
});
stream.on('test:fail', () => {
  anyFailure = true;
});
for (const type of ['test:pass', 'test:fail'] as const)
  stream.on(type, (data) => {
    if (data.details.type === 'suite') return;
    if (data.skip !== undefined || data.todo !== undefined) counts.skipped += 1;
    else if (type === 'test:pass') counts.passed += 1;
    else counts.failed += 1;
  });

// Stopped from outside (Ctrl-C, a timeout): stop the database server too, leaving nothing behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    void cleanUp().finally(() => {
      rmSync(runDir, { recursive: true, force: true });
      process.exit(1);
    });
  });

const output = stream.compose(spec);
output.pipe(process.stdout);
await new Promise((resolve) => output.on('end', resolve));
await cleanUp();
printSummary();
process.exit(anyFailure ? 1 : 0);

async function cleanUp(): Promise<void> {
  if (process.env.DATABASE_URL) await dropTemplates(templates);
  server?.stop();
}

function printSummary(): void {
  const timings = readTimings(process.env.TEST_FILE_TIMINGS as string);
  if (record) recordDurations(timings);
  const axeKeys = claimedKeys(process.env.TEST_AXE_REGISTRY as string, 'kind ');
  const kinds = new Set(axeKeys.map((key) => key.split(' | ')[0]));
  rmSync(runDir, { recursive: true, force: true });
  console.log(`\n${timingSummary(timings, concurrency)}`);
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(
    `\nSuite counts: ${counts.passed} tests passed, ${counts.failed} failed, ${counts.skipped} skipped; ` +
      `axe checked ${axeKeys.length} page kind × state × width × JavaScript combinations ` +
      `(${kinds.size} page kinds); ${seconds} s with concurrency ${concurrency} ` +
      `(load average ${loadAtStart.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end).`,
  );
}
