/*
 * The test command: starts a throwaway PostgreSQL server unless DATABASE_URL is given, runs every
 * test file with node's test runner (unit, integration on both databases, browser), then stops it.
 * At the end it prints the counts of tests and of axe-checked page kinds, which must never fall.
 * Usage: node test/support/run-tests.ts [files or globs…]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimedKeys } from './axe-registry.ts';
import { buildTemplates, dropTemplates } from './databases.ts';
import { startPostgres, type PostgresServer } from './postgres-server.ts';

const patterns = process.argv.slice(2);
const files = patterns.length
  ? patterns
  : ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'];

const started = Date.now();
let server: PostgresServer | undefined;
const env = { ...process.env };
if (!process.env.DATABASE_URL) {
  server = await startPostgres();
  env.TEST_POSTGRES_URL = server.url;
  console.log(`Started a throwaway PostgreSQL server for the tests at ${server.url}`);
}
delete env.DATABASE_URL_FOR_APP;
const runDir = mkdtempSync(join(tmpdir(), 'ow-run-'));
env.TEST_AXE_REGISTRY = join(runDir, 'axe');
const countsFile = join(runDir, 'counts.json');
if (server) process.env.TEST_POSTGRES_URL = server.url;
const templates = await buildTemplates(runDir);
env.TEST_TEMPLATES = JSON.stringify(templates);
console.log(`Built the migrated template databases in ${Math.round((Date.now() - started) / 1000)} s`);

const child = spawn(
  process.execPath,
  [
    '--disable-warning=ExperimentalWarning',
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=./test/support/count-reporter.ts',
    `--test-reporter-destination=${countsFile}`,
    `--test-concurrency=${availableParallelism()}`,
    ...files,
  ],
  { stdio: 'inherit', env },
);
// Stopped from outside (Ctrl-C, a timeout): stop the tests and the database server too, leaving nothing behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    child.kill(signal);
    server?.stop();
    rmSync(runDir, { recursive: true, force: true });
    process.exit(1);
  });
const code: number = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
if (process.env.DATABASE_URL) await dropTemplates(templates);
server?.stop();
printCounts();
rmSync(runDir, { recursive: true, force: true });
process.exit(code);

function printCounts(): void {
  let counts = { passed: 0, failed: 0, skipped: 0 };
  try {
    counts = JSON.parse(readFileSync(countsFile, 'utf8')) as typeof counts;
  } catch {
    // The run stopped before the reporter wrote its counts; print zeros rather than nothing.
  }
  const axeKeys = claimedKeys(env.TEST_AXE_REGISTRY as string, 'kind ');
  const kinds = new Set(axeKeys.map((key) => key.split(' | ')[0]));
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(
    `\nSuite counts: ${counts.passed} tests passed, ${counts.failed} failed, ${counts.skipped} skipped; ` +
      `axe checked ${axeKeys.length} page kind × state × width × JavaScript combinations ` +
      `(${kinds.size} page kinds); ${seconds} s with concurrency ${availableParallelism()}.`,
  );
}
