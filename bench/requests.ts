/*
 * Database cost per page of the soak's load mix (docs/adr/0041): for home, a round's results, the
 * workforce profile and the results API, served in this process over the demo partnership, it
 * prints per request the queries sent (from Kysely's log) by kind, the app's CPU (this process:
 * the server and its small keep-alive client) and PostgreSQL's CPU (its postmaster and backends,
 * from /proc, as bench/soak/cpu.ts reads them). On PostgreSQL it measures unnamed statements (the
 * baseline) and named prepared statements side by side, alternating, in the same process.
 * Usage: npm run bench:requests [-- --requests 200 --rounds 3 --queries --pages results,profile --profile DIR]
 *   ENGINES=sqlite or postgres runs one engine; --queries lists each page's distinct query texts
 *   with their mean time; --explain prints the plan lines of every query the mix sent that read a
 *   table without an index (PostgreSQL's Seq Scan, SQLite's SCAN).
 */
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { CompiledQuery } from 'kysely';
import type { DatabaseEngine } from '../src/config.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type Db } from '../src/db/database.ts';
import { createLogger } from '../src/lib/logger.ts';
import { startServer, type RunningServer } from '../src/web/server.ts';
import { createTestDatabase, type TestDatabase } from '../test/support/databases.ts';
import { startPostgres } from '../test/support/postgres-server.ts';
import { postmasterPid, treeCpuMs } from './soak/cpu.ts';
import { busiestRound, cookieHeader, demoEmail, mintToken, mixPages, type MixPage, signedIn } from './soak/fixtures.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '3' },
    queries: { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
    pages: { type: 'string', default: '' },
    profile: { type: 'string', default: '' },
  },
});
const REQUESTS = Number(values.requests);
const ROUNDS = Number(values.rounds);
const WARM = 20;
const engines = (process.env.ENGINES ?? 'sqlite,postgres').split(',').map((e) => e.trim()) as DatabaseEngine[];

type Page = MixPage;

interface Variant {
  label: string;
  db: Db;
  server: RunningServer;
  pages: Page[];
  /** Every query text sent since the last reset, with its time (ms, round trip included). */
  sent: string[];
  took: number[];
  /** Each distinct query with the parameters it was last sent with, for --explain. */
  compiled: Map<string, CompiledQuery>;
}

async function variant(database: TestDatabase, engine: DatabaseEngine, label: string, prepared: boolean) {
  const sent: string[] = [];
  const took: number[] = [];
  const compiled = new Map<string, CompiledQuery>();
  const db = openDatabase({
    engine,
    url: database.url,
    sqliteFile: database.sqliteFile,
    preparedStatements: prepared,
    log: (event) => {
      if (event.level !== 'query') return;
      sent.push(event.query.sql);
      took.push(event.queryDurationMillis);
      compiled.set(event.query.sql, event.query);
    },
  });
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', SESSION_SECRET: 'b'.repeat(40) });
  const server = await startServer(config, db, createLogger('silent'));
  const url = server.url.replace('localhost', '127.0.0.1');
  const email = demoEmail('partnership_admin');
  const cookie = cookieHeader(await signedIn(url, email));
  const round = await busiestRound(db, database.demoPartnershipId);
  const token = await mintToken(db, database.demoPartnershipId, email);
  const pages = mixPages(round, cookie, token);
  return { label, db, server, pages, sent, took, compiled } satisfies Variant;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function get(base: URL, page: Page): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: base.hostname, port: base.port, path: page.path, headers: page.headers },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** A CPU profile of the measured requests alone (open it in Chrome's DevTools), for --profile. */
async function startProfiler() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    stop: async (file: string) => {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

interface Measure {
  queries: string[];
  took: number[];
  appMs: number;
  databaseMs: number;
}

async function measure(v: Variant, page: Page, postmaster: number | undefined): Promise<Measure> {
  const base = new URL(v.server.url.replace('localhost', '127.0.0.1'));
  for (let i = 0; i < WARM; i++) await get(base, page);
  v.sent.length = 0;
  v.took.length = 0;
  const profiler = values.profile ? await startProfiler() : undefined;
  const app = process.cpuUsage();
  const database = treeCpuMs(postmaster);
  for (let i = 0; i < REQUESTS; i++) {
    const status = await get(base, page);
    if (status !== 200) throw new Error(`${page.page} answered ${status}`);
  }
  const used = process.cpuUsage(app);
  await profiler?.stop(`${values.profile}/${v.label}-${page.page.replace(/\W+/g, '-')}.cpuprofile`);
  return {
    queries: [...v.sent],
    took: [...v.took],
    appMs: (used.user + used.system) / 1000 / REQUESTS,
    databaseMs: (treeCpuMs(postmaster) - database) / REQUESTS,
  };
}

const kindOf = (text: string) => /^\s*\(?\s*(\w+)/.exec(text)?.[1]?.toLowerCase() ?? '?';

function describe(queries: string[]): { perRequest: number; kinds: string } {
  const kinds = new Map<string, number>();
  for (const text of queries) kinds.set(kindOf(text), (kinds.get(kindOf(text)) ?? 0) + 1);
  return {
    perRequest: queries.length / REQUESTS,
    kinds: [...kinds]
      .sort((a, b) => b[1] - a[1])
      .map(([kind, n]) => `${kind} ${(n / REQUESTS).toFixed(1)}`)
      .join(', '),
  };
}

function listQueries({ queries, took }: Measure): void {
  const counts = new Map<string, { n: number; ms: number }>();
  queries.forEach((text, i) => {
    const found = counts.get(text) ?? { n: 0, ms: 0 };
    counts.set(text, { n: found.n + 1, ms: found.ms + (took[i] ?? 0) });
  });
  for (const [text, { n, ms }] of [...counts].sort((a, b) => b[1].ms - a[1].ms))
    console.log(
      `      ${(n / REQUESTS).toFixed(2)} × ${(ms / n).toFixed(2)} ms  ${text.replace(/\s+/g, ' ').slice(0, 150)}`,
    );
}

/** Plans of the queries sent, printing only the steps that read a whole table. */
async function explainAll(engine: DatabaseEngine, v: Variant): Promise<void> {
  const prefix = engine === 'postgres' ? 'explain ' : 'explain query plan ';
  console.log(`  ${v.compiled.size} distinct queries explained; whole-table reads:`);
  for (const query of v.compiled.values()) {
    if (!/^\s*(select|with)\b/i.test(query.sql)) continue;
    const plan = await v.db.kysely.executeQuery(CompiledQuery.raw(prefix + query.sql, [...query.parameters]));
    const lines = plan.rows.map((row) => Object.values(row as object).join(' '));
    const scans = lines.filter((line) => /Seq Scan|\bSCAN (?!\d+ CONSTANT)/.test(line));
    if (scans.length)
      console.log(`    ${query.sql.replace(/\s+/g, ' ').slice(0, 110)}\n      ${scans.join('\n      ')}`);
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

async function benchEngine(engine: DatabaseEngine): Promise<void> {
  const database = await createTestDatabase(engine, { demo: true });
  await database.db.close();
  const variants =
    engine === 'postgres'
      ? [await variant(database, engine, 'unnamed', false), await variant(database, engine, 'prepared', true)]
      : [await variant(database, engine, 'sqlite', false)];
  const postmaster = postmasterPid(database.url || undefined);
  console.log(`\n${engine} (${REQUESTS} sequential requests per page and round, ${ROUNDS} rounds alternating)`);
  console.log(`  ${'page'.padEnd(12)} ${'variant'.padEnd(9)} queries/req  app CPU ms  db CPU ms  kinds`);
  const chosen = values.pages ? values.pages.split(',').map((p) => p.trim()) : undefined;
  for (const page of variants[0]?.pages.map((p) => p.page).filter((p) => !chosen || chosen.includes(p)) ?? []) {
    const runs = new Map<string, Measure[]>();
    for (let round = 0; round < ROUNDS; round++)
      for (const v of variants) {
        const found = v.pages.find((p) => p.page === page) as Page;
        runs.set(v.label, [...(runs.get(v.label) ?? []), await measure(v, found, postmaster)]);
      }
    for (const v of variants) {
      const measured = runs.get(v.label) ?? [];
      const last = measured.at(-1) as Measure;
      const { perRequest, kinds } = describe(last.queries);
      const app = mean(measured.map((m) => m.appMs)).toFixed(2);
      const db = engine === 'postgres' ? mean(measured.map((m) => m.databaseMs)).toFixed(2) : '-';
      console.log(
        `  ${page.padEnd(12)} ${v.label.padEnd(9)} ${perRequest.toFixed(1).padStart(11)} ${app.padStart(11)} ${db.padStart(10)}  ${kinds}`,
      );
      if (values.queries && v === variants.at(-1)) listQueries(last);
    }
  }
  const last = variants.at(-1);
  if (values.explain && last) await explainAll(engine, last);
  for (const v of variants) {
    await v.server.close();
    await v.db.close();
  }
  await database.drop();
}

console.log(`load average (1 min) ${loadavg()[0]?.toFixed(1)}`);
// The test databases' templates are built on both engines, whichever is measured.
const postgres = process.env.DATABASE_URL || process.env.TEST_POSTGRES_URL ? undefined : await startPostgres();
if (postgres) process.env.TEST_POSTGRES_URL = postgres.url;
try {
  for (const engine of engines) await benchEngine(engine);
} finally {
  agent.destroy();
  postgres?.stop();
}
console.log(`load average (1 min) ${loadavg()[0]?.toFixed(1)}`);
process.exit(0);
