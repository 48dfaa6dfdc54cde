/*
 * Theme pages benchmark (issue 16 point 5: a theme page ≤ 300 ms). On the demo partnership, with
 * a course linked to every theme, it times GET /reports/themes/:theme for each of the 8 themes
 * (after one warm-up each), and the public progress page, on SQLite and on PostgreSQL, and prints
 * medians with the machine's load average. PostgreSQL comes from DATABASE_URL, or a throwaway
 * server is started.
 * Usage: npm run bench:themes (or node bench/themes.ts [runs])
 */
import { loadavg } from 'node:os';
import type { DatabaseEngine } from '../src/config.ts';
import { startTestApp, TestClient } from '../test/support/app.ts';
import { startPostgres, type PostgresServer } from '../test/support/postgres-server.ts';

const RUNS = Number(process.argv[2] ?? 5);
const TARGET_MS = 300;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const load = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(', ')}`;

async function timedGet(client: TestClient, path: string): Promise<number[]> {
  const times: number[] = [];
  for (let run = -1; run < RUNS; run += 1) {
    const t = performance.now();
    const response = await client.get(path).catch(() => client.get(path));
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    if (run >= 0) times.push(performance.now() - t);
  }
  return times;
}

async function measure(engine: DatabaseEngine): Promise<void> {
  const app = await startTestApp(engine);
  try {
    const db = app.db.kysely;
    const pid = app.demoPartnershipId;
    const courses = await db.selectFrom('training_courses').select('id').where('partnership_id', '=', pid).execute();
    for (const [i, course] of courses.entries())
      await db
        .updateTable('training_courses')
        .set({ themes: JSON.stringify([(i % 8) + 1]) })
        .where('id', '=', course.id)
        .execute();
    const client = new TestClient(app.url);
    await client.signIn('admin@demoshire.example');
    const all: number[] = [];
    for (let theme = 1; theme <= 8; theme += 1) {
      const times = await timedGet(client, `/reports/themes/${theme}`);
      all.push(...times);
      console.log(
        `${engine}: theme ${theme} page median ${median(times).toFixed(0)} ms (max ${Math.max(...times).toFixed(0)})`,
      );
    }
    const overall = median(all);
    console.log(
      `${engine}: theme pages, ${all.length} requests: median ${overall.toFixed(0)} ms, max ${Math.max(...all).toFixed(0)} ms; ` +
        `target ≤ ${TARGET_MS} ms: ${overall <= TARGET_MS ? 'met' : 'NOT met'} — ${load()}`,
    );
    await client.get('/reports/publication');
    await client.post('/reports/publication', { published: 'yes' });
    const slug = (await db.selectFrom('partnerships').select('slug').where('id', '=', pid).executeTakeFirstOrThrow())
      .slug;
    const published = await timedGet(new TestClient(app.url), `/p/${slug}`);
    console.log(`${engine}: public progress page median ${median(published).toFixed(0)} ms — ${load()}`);
  } finally {
    await app.close();
  }
}

let server: PostgresServer | undefined;
try {
  // The test databases are built on both engines at once, so PostgreSQL is needed from the start.
  if (!process.env.DATABASE_URL && !process.env.TEST_POSTGRES_URL) {
    server = await startPostgres();
    process.env.TEST_POSTGRES_URL = server.url;
  }
  await measure('sqlite');
  await measure('postgres');
} finally {
  server?.stop();
}
