/*
 * The fixed CPU cost of a request (docs/adr/0042): one worker (`serve`, WEB_CONCURRENCY=1,
 * production settings) answers requests one after another, so the CPU time its process uses per
 * request is what each costs, without the queueing and machine load that a rush of 200 measures.
 * Per engine, served from BASELINE (default main) and then from this tree on the same database:
 *  - a booking (the form's POST to /training/sessions/:id/book and its 303), each for another person;
 *  - the page it redirects to (the booking, with the success message);
 *  - a page view without a message (the training home page).
 * Usage: npm run bench:training-requests; ENGINES=sqlite|postgres; BASELINE=<git ref>|none;
 * REQUESTS (default 300); PROFILE_DIR=<dir> to write a CPU profile of each served worker.
 */
import { loadavg } from 'node:os';
import type { DatabaseEngine } from '../src/config.ts';
import { TestClient } from '../test/support/app.ts';
import { createTestDatabase, type TestDatabase } from '../test/support/databases.ts';
import { startPostgres, type PostgresServer } from '../test/support/postgres-server.ts';
import { cpuOfTree, serve, snapshotOf, stop } from './training-serve.ts';

const ENGINES = (process.env.ENGINES ?? 'sqlite,postgres').split(',') as DatabaseEngine[];
const REQUESTS = Number(process.env.REQUESTS ?? 300);
const WARM_UP = 30;

/** People to book, each once: the bench's own practitioners in the demo partnership. */
async function addPeople(database: TestDatabase, count: number, tag: string): Promise<number[]> {
  const db = database.db.kysely;
  const pid = database.demoPartnershipId;
  const organisation = await db
    .selectFrom('organisations')
    .select('id')
    .where('partnership_id', '=', pid)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const at = new Date().toISOString();
  const rows = Array.from({ length: count }, (_, i) => ({
    partnership_id: pid,
    user_id: null,
    organisation_id: organisation.id,
    name: `Bench Person ${tag}${i}`,
    email: `bench-${tag}${i}@bench.example`,
    job_role: '7010',
    line_manager_email: 'manager@bench.example',
    worker_id: null,
    created_at: at,
    updated_at: at,
  }));
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('training_practitioners')
      .values(rows.slice(i, i + 500))
      .execute();
  return (
    await db
      .selectFrom('training_practitioners')
      .select('id')
      .where('email', 'like', `bench-${tag}%`)
      .orderBy('id')
      .execute()
  ).map((p) => p.id);
}

/** A new session of 10,000 places of the first course booked without approval; returns its id. */
async function newSession(client: TestClient, database: TestDatabase): Promise<number> {
  const course = await database.db.kysely
    .selectFrom('training_courses')
    .select('id')
    .where('partnership_id', '=', database.demoPartnershipId)
    .where('approval', '=', 'none')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  await client.get(`/training/courses/${course.id}/sessions/new`);
  const [year, month, day] = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10).split('-');
  const response = await client.post(`/training/courses/${course.id}/sessions/new`, {
    'date1-day': day ?? '',
    'date1-month': month ?? '',
    'date1-year': year ?? '',
    start1: '09:30',
    end1: '16:00',
    venue: 'Bench hall',
    capacity: '10000',
    minimum: '0',
    cutoff: '10',
    offer_hours: '48',
    auto_promote: 'yes',
  });
  const id = Number(/\/training\/sessions\/(\d+)$/.exec(response.location ?? '')?.[1]);
  if (!id) throw new Error(`session not added: ${response.status}`);
  return id;
}

/** CPU (ms) and wall time (ms) per request of `count` calls of `request`, one after another. */
async function perRequest(serverPid: number, count: number, request: (i: number) => Promise<number>) {
  const cpu = cpuOfTree(serverPid);
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const status = await request(i);
    if (status >= 400) throw new Error(`answered ${status}`);
  }
  return { cpu: (cpuOfTree(serverPid) - cpu) / count, wall: (performance.now() - started) / count };
}

async function measure(database: TestDatabase, engine: DatabaseEngine, people: number[], root?: string) {
  const { child, url } = await serve(database, engine, root);
  try {
    const client = new TestClient(url);
    await client.signIn('training@demoshire.example');
    const session = await newSession(client, database);
    await client.get(`/training/sessions/${session}`);
    let last = '';
    const book = async (i: number) => {
      const response = await client.post(`/training/sessions/${session}/book`, { practitioner: String(people[i]) });
      last = response.location ?? '';
      return response.status;
    };
    const follow = async () => (await client.get(last)).status;
    for (let i = 0; i < WARM_UP; i++) {
      await book(i);
      await follow();
    }
    const booking = await perRequest(child.pid!, REQUESTS, (i) => book(WARM_UP + i));
    const redirected = await perRequest(child.pid!, REQUESTS, async (i) => {
      await book(WARM_UP + REQUESTS + i);
      return follow();
    });
    const view = await perRequest(child.pid!, REQUESTS, async () => (await client.get('/training')).status);
    // The second run booked and followed each time: take the booking's own cost away.
    return { booking, followed: { cpu: redirected.cpu - booking.cpu, wall: redirected.wall - booking.wall }, view };
  } finally {
    await stop(child);
  }
}

const show = (r: { cpu: number; wall: number }) => `${r.cpu.toFixed(2)} ms CPU, ${r.wall.toFixed(2)} ms wall`;

const BASELINE = process.env.BASELINE ?? 'main';
const baseline = BASELINE === 'none' ? null : snapshotOf(BASELINE);
process.env.WEB_CONCURRENCY = '1';
if (process.env.PROFILE_DIR) process.env.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${process.env.PROFILE_DIR}`;
let server: PostgresServer | undefined;
if (!process.env.DATABASE_URL && !process.env.TEST_POSTGRES_URL) {
  server = await startPostgres();
  process.env.TEST_POSTGRES_URL = server.url;
}
try {
  for (const engine of ENGINES) {
    const database = await createTestDatabase(engine, { demo: true });
    try {
      const runs = [...(baseline ? [{ label: `before (${BASELINE})`, root: baseline.root }] : []), { label: 'after' }];
      const results = [];
      for (const [i, run] of runs.entries()) {
        const people = await addPeople(database, WARM_UP + 2 * REQUESTS, `r${i}-`);
        const load = loadavg()[0]!.toFixed(1);
        const r = await measure(database, engine, people, run.root);
        results.push(r);
        console.log(
          `${engine} ${run.label}, ${REQUESTS} each, one worker, load average ${load}:\n` +
            `  booking (POST, 303): ${show(r.booking)}\n  the page after it (GET, message): ${show(r.followed)}\n` +
            `  the training home page (GET): ${show(r.view)}`,
        );
      }
      const [before, after] = results;
      if (before && after)
        console.log(
          `${engine} before ÷ after, CPU: booking ${(before.booking.cpu / after.booking.cpu).toFixed(2)}×, the page after it ${(before.followed.cpu / after.followed.cpu).toFixed(2)}×, the training home page ${(before.view.cpu / after.view.cpu).toFixed(2)}×`,
        );
    } finally {
      await database.drop();
    }
  }
} finally {
  baseline?.remove();
  server?.stop();
}
