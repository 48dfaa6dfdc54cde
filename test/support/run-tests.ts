/*
 * The test command: starts a throwaway PostgreSQL server unless DATABASE_URL is given, runs every
 * test file with node's test runner (unit, integration on both databases, browser), then stops it.
 * Usage: node test/support/run-tests.ts [files or globs…]
 */
import { spawn } from 'node:child_process';
import { startPostgres, type PostgresServer } from './postgres-server.ts';

const patterns = process.argv.slice(2);
const files = patterns.length
  ? patterns
  : ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'];

let server: PostgresServer | undefined;
const env = { ...process.env };
if (!process.env.DATABASE_URL) {
  server = await startPostgres();
  env.TEST_POSTGRES_URL = server.url;
  console.log(`Started a throwaway PostgreSQL server for the tests at ${server.url}`);
}
delete env.DATABASE_URL_FOR_APP;

const child = spawn(
  process.execPath,
  ['--disable-warning=ExperimentalWarning', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
  { stdio: 'inherit', env },
);
const code: number = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
server?.stop();
process.exit(code);
