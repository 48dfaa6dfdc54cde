/*
 * The fixed CPU cost of a request (docs/adr/0042): one worker (`serve`, WEB_CONCURRENCY=1,
 * production settings) answers requests one after another, so the CPU time its process uses per
 * request is what each costs, without the queueing and machine load that a rush of 200 measures.
 * Per engine, BASELINE (default main) and this tree served at once on the same database, taking
 * turns of 10 requests so that both see the same machine load:
 *  - a booking (the form's POST to /training/sessions/:id/book and its 303), each for another person;
 *  - the page it redirects to (the booking, with the success message);
 *  - that page again, without the message;
 *  - the training home page.
 * Usage: npm run bench:training-requests; ENGINES=sqlite|postgres; BASELINE=<git ref>|none;
 * REQUESTS (default 300); PROFILE_DIR=<dir> to write a CPU profile of each served worker.
 */
import { loadavg } from 'node:os';
import type { DatabaseEngine } from '../src/config.ts';
import { TestClient } from '../test/support/app.ts';
import { createTestDatabase, type TestDatabase } from '../test/support/databases.ts';
import { startPostgres, type PostgresServer } from '../test/support/postgres-server.ts';
import { cpuOfTree, newSession, serve, snapshotOf, stop } from './training-serve.ts';

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

/** The first course booked without approval. */
async function courseOf(database: TestDatabase): Promise<number> {
  const course = await database.db.kysely
    .selectFrom('training_courses')
    .select('id')
    .where('partnership_id', '=', database.demoPartnershipId)
    .where('approval', '=', 'none')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return course.id;
}

interface Served {
  label: string;
  pid: number;
  client: TestClient;
  session: number;
  people: number[];
  booked: number;
  last: string;
  stop(): Promise<void>;
}

async function open(database: TestDatabase, engine: DatabaseEngine, label: string, tag: string, root?: string) {
  const people = await addPeople(database, WARM_UP + 2 * REQUESTS, tag);
  const { child, url } = await serve(database, engine, root);
  const client = new TestClient(url);
  await client.signIn('training@demoshire.example');
  const session = await newSession(client, await courseOf(database), 10_000);
  await client.get(`/training/sessions/${session}`);
  const served: Served = {
    label,
    pid: child.pid!,
    client,
    session,
    people,
    booked: 0,
    last: '',
    stop: () => stop(child),
  };
  for (let i = 0; i < WARM_UP; i++) {
    await book(served);
    await follow(served);
  }
  return served;
}

async function book(s: Served): Promise<number> {
  const person = s.people[s.booked++];
  const response = await s.client.post(`/training/sessions/${s.session}/book`, { practitioner: String(person) });
  s.last = response.location ?? '';
  return response.status;
}
const follow = async (s: Served) => (await s.client.get(s.last)).status;
const view = async (s: Served) => (await s.client.get('/training')).status;

type Cost = { cpu: number; wall: number };

/**
 * CPU and wall time (ms) per call of `request` on each server: in turns of 10 calls, one server
 * after the other, so that both see the same machine load.
 */
async function interleaved(servers: Served[], request: (s: Served) => Promise<unknown>): Promise<Cost[]> {
  const totals = servers.map(() => ({ cpu: 0, wall: 0 }));
  for (let turn = 0; turn < REQUESTS / 10; turn++)
    for (const [i, s] of servers.entries()) {
      const cpu = cpuOfTree(s.pid);
      const started = performance.now();
      for (let j = 0; j < 10; j++) {
        const status = await request(s);
        if (typeof status === 'number' && status >= 400) throw new Error(`${s.label} answered ${status}`);
      }
      totals[i]!.wall += performance.now() - started;
      totals[i]!.cpu += cpuOfTree(s.pid) - cpu;
    }
  return totals.map((t) => ({ cpu: t.cpu / REQUESTS, wall: t.wall / REQUESTS }));
}

async function measure(servers: Served[]) {
  const booking = await interleaved(servers, book);
  const pair = await interleaved(servers, async (s) => {
    await book(s);
    return follow(s);
  });
  const again = await interleaved(servers, follow);
  const home = await interleaved(servers, view);
  // The second run booked and followed each time: the booking's own cost is taken away.
  return servers.map((s, i) => ({
    label: s.label,
    booking: booking[i]!,
    followed: { cpu: pair[i]!.cpu - booking[i]!.cpu, wall: pair[i]!.wall - booking[i]!.wall },
    again: again[i]!,
    view: home[i]!,
  }));
}

const show = (r: Cost) => `${r.cpu.toFixed(2)} ms CPU, ${r.wall.toFixed(2)} ms wall`;

const BASELINE = process.env.BASELINE ?? 'main';
const baseline = BASELINE === 'none' ? null : snapshotOf(BASELINE);
process.env.WEB_CONCURRENCY = '1';
let server: PostgresServer | undefined;
if (!process.env.DATABASE_URL && !process.env.TEST_POSTGRES_URL) {
  server = await startPostgres();
  process.env.TEST_POSTGRES_URL = server.url;
}
try {
  for (const engine of ENGINES) {
    const database = await createTestDatabase(engine, { demo: true });
    try {
      const servers: Served[] = [];
      try {
        if (baseline) servers.push(await open(database, engine, `before (${BASELINE})`, 'b-', baseline.root));
        servers.push(await open(database, engine, 'after (this tree)', 'a-'));
        const load = loadavg()[0]!.toFixed(1);
        const results = await measure(servers);
        for (const r of results)
          console.log(
            `${engine} ${r.label}, ${REQUESTS} each, one worker, load average ${load}:\n` +
              `  booking (POST, 303): ${show(r.booking)}\n  the page after it (GET, message): ${show(r.followed)}\n` +
              `  the same booking page again (GET, no message): ${show(r.again)}\n` +
              `  the training home page (GET): ${show(r.view)}`,
          );
        const [before, after] = results;
        if (before && after)
          console.log(
            `${engine} before ÷ after, CPU: booking ${(before.booking.cpu / after.booking.cpu).toFixed(2)}×, the page after it ${(before.followed.cpu / after.followed.cpu).toFixed(2)}×, the training home page ${(before.view.cpu / after.view.cpu).toFixed(2)}×`,
          );
      } finally {
        for (const s of servers) await s.stop();
      }
    } finally {
      await database.drop();
    }
  }
} finally {
  baseline?.remove();
  server?.stop();
}
