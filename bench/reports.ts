/*
 * Board pack and strategy document benchmark (issue 16 points 2 and 3). On SQLite and on
 * PostgreSQL, over the demo partnership: drafts this quarter's pack, then downloads it as DOCX and
 * as PDF through the web page, signed in as the strategy manager, RUNS times each; then the same
 * for the demo strategy's published version's document (its frozen sections and appendices). A draft works its figures out on every download (the
 * plan, risks, indicators, the workforce profile, the latest self-assessment round, training and
 * funding), so this is the slowest case; an issued pack reads its frozen figures. Prints the first
 * (cold) and the median and slowest of the rest, against the target of 3 s each.
 * PostgreSQL comes from DATABASE_URL, or a throwaway server is started.
 * Usage: npm run bench:reports (or node bench/reports.ts [runs])
 */
import { loadavg } from 'node:os';
import type { DatabaseEngine } from '../src/config.ts';
import { systemActor } from '../src/auth/actor.ts';
import { quarterEndOf } from '../src/features/reports/pack-compare.ts';
import { todayInLondon } from '../src/lib/dates.ts';
import { startTestApp, TestClient } from '../test/support/app.ts';
import { startPostgres, type PostgresServer } from '../test/support/postgres-server.ts';

const RUNS = Number(process.argv[2] ?? 5);
const TARGET_MS = 3000;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

async function timed(client: TestClient, path: string, type: RegExp): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await client.get(path);
  const ms = performance.now() - started;
  if (response.status !== 200 || !type.test(response.headers.get('content-type') ?? ''))
    throw new Error(`${path} answered ${response.status} ${response.headers.get('content-type')}`);
  return { ms, bytes: Number(response.headers.get('content-length') ?? 0) };
}

/** Downloads `what` as DOCX and as PDF, once cold and RUNS times more, and prints the figures. */
async function downloads(engine: DatabaseEngine, admin: TestClient, what: string, download: string): Promise<void> {
  for (const [format, type] of [
    ['docx', /wordprocessingml/],
    ['pdf', /application\/pdf/],
  ] as const) {
    const path = `${download}?format=${format}`;
    const first = await timed(admin, path, type);
    const rest: number[] = [];
    for (let i = 0; i < RUNS; i++) rest.push((await timed(admin, path, type)).ms);
    const typical = median(rest);
    const slowest = Math.max(...rest);
    console.log(
      `${engine}: ${what} as ${format.toUpperCase()} (${(first.bytes / 1024).toFixed(0)} KB): ` +
        `first ${first.ms.toFixed(0)} ms, median ${typical.toFixed(0)} ms, slowest ${slowest.toFixed(0)} ms of ${RUNS}; ` +
        `target ≤ ${TARGET_MS} ms: ${Math.max(first.ms, slowest) <= TARGET_MS ? 'met' : 'NOT met'} — load ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
    );
  }
}

async function measure(engine: DatabaseEngine): Promise<void> {
  const app = await startTestApp(engine);
  try {
    const admin = new TestClient(app.url);
    await admin.signIn('admin@demoshire.example');
    const id = await app.services.boardPacks.draft(
      systemActor(app.demoPartnershipId, 'Bench'),
      quarterEndOf(todayInLondon()),
    );
    await downloads(engine, admin, "the demo's board pack", `/reports/board-packs/${id}/download`);
    const strategy = await app.db.kysely
      .selectFrom('strategy_versions')
      .select('id')
      .where('partnership_id', '=', app.demoPartnershipId)
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow();
    await downloads(engine, admin, "the demo's strategy document", `/plan/versions/${strategy.id}/document/download`);
  } finally {
    await app.close();
  }
}

let server: PostgresServer | undefined;
try {
  // The test databases are built for both engines at once, so PostgreSQL is up before either runs.
  if (!process.env.DATABASE_URL && !process.env.TEST_POSTGRES_URL) {
    server = await startPostgres();
    process.env.TEST_POSTGRES_URL = server.url;
  }
  await measure('sqlite');
  await measure('postgres');
} finally {
  server?.stop();
}
