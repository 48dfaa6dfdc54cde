/*
 * Training benchmark (issue 14, "Speed"). On each engine, over the demo partnership grown to 25,000
 * practitioners and 200,000 bookings (two years of sessions of every demo course):
 *  - the quarterly report (every section, suppressed, as the page, downloads and API build it),
 *    median of 5 after a warm-up; target ≤ 500 ms;
 *  - booking under 200 concurrent clients against the served application (`serve`, one worker
 *    per core, production settings), after a warm-up rush of 200 on a session of its own: 200
 *    requests at once for one session of 20 places (the no-overbooking case), then 200 at once
 *    spread over 20 sessions, twice (the first of a shape, then a repeat); p95 ≤ 300 ms and 0 errors;
 *    first served from the commit BASELINE names (default main), then from this tree, on the same
 *    database: p50/p95/p99, errors with the reasons the server logged for its 503s, CPU per
 *    request of the app (and of PostgreSQL) and the load average, and the ratio of the two;
 *  - the statements and distinct statement texts of a rush of 200 over 20 sessions handed to
 *    each tree's booking batcher in this process (bench/training-statements.ts).
 * Usage: npm run bench:training; ENGINES=sqlite|postgres to pick one; BASELINE=<git ref>|none. PostgreSQL: DATABASE_URL,
 * or a throwaway server from test/support/postgres-server.ts.
 */
import { cpus, loadavg } from 'node:os';
import type { Kysely } from 'kysely';
import type { DatabaseEngine } from '../src/config.ts';
import type { Database } from '../src/db/schema.ts';
import type { BookingStatusCode } from '../src/db/training-schema.ts';
import { JOB_ROLES } from '../src/features/workforce/standard/standard.ts';
import { seeded } from '../src/features/training/demo.ts';
import { buildReport } from '../src/features/training/report-service.ts';
import { defaultQuarter } from '../src/features/training/report-quarter.ts';
import { TestClient } from '../test/support/app.ts';
import { createTestDatabase, type TestDatabase } from '../test/support/databases.ts';
import { startPostgres, type PostgresServer } from '../test/support/postgres-server.ts';
import { postmasterPid, treeCpuMs } from './soak/cpu.ts';
import { countStatements } from './training-statements.ts';
import { cpuOfTree, newSession, serve, snapshotOf, stop, type Reasons } from './training-serve.ts';

const ENGINES = (process.env.ENGINES ?? 'sqlite,postgres').split(',') as DatabaseEngine[];
const PRACTITIONERS = 25_000;
const BOOKINGS = 200_000;
const CLIENTS = 200;
// Each served tree books five groups of CLIENTS people: the warm-up, one session, two rushes over
// 20 sessions, and the rush whose statements are counted in this process.
const PEOPLE_RUSHES = 5;
type Db = Kysely<Database>;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * p) - 1] ?? 0;

async function inBatches<T>(rows: T[], size: number, insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

const OUTCOMES = [
  'attended',
  'attended',
  'attended',
  'attended',
  'attended',
  'attended',
  'attended',
  'no_show',
  'cancelled',
  'cancelled_late',
] as const;

type Person = { id: number; organisation_id: number };

/** Practitioners up to the bench's number, spread over the organisations; returns everyone. */
async function addPeople(db: Db, pid: number, random: () => number, at: string): Promise<Person[]> {
  const organisations = (
    await db.selectFrom('organisations').select('id').where('partnership_id', '=', pid).execute()
  ).map((o) => o.id);
  const existing = (
    await db
      .selectFrom('training_practitioners')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;
  const roles = JOB_ROLES.map((r) => r.code);
  const people = Array.from({ length: PRACTITIONERS - Number(existing) }, (_, i) => ({
    partnership_id: pid,
    user_id: null,
    organisation_id: organisations[i % organisations.length] as number,
    name: `Bench Person ${i}`,
    email: `bench${i}@bench.example`,
    job_role: roles[Math.floor(random() * roles.length)] as string,
    line_manager_email: `manager${i % 500}@bench.example`,
    worker_id: null,
    created_at: at,
    updated_at: at,
  }));
  await inBatches(people, 500, (b) => db.insertInto('training_practitioners').values(b).execute());
  return db
    .selectFrom('training_practitioners')
    .select(['id', 'organisation_id'])
    .where('partnership_id', '=', pid)
    .execute();
}

/** Sessions of the demo courses every few days over the last two years; returns their ids. */
async function addSessions(db: Db, pid: number, sessionCount: number, at: string): Promise<number[]> {
  const courses = (
    await db.selectFrom('training_courses').select('id').where('partnership_id', '=', pid).execute()
  ).map((c) => c.id);
  const sessions = Array.from({ length: sessionCount }, (_, i) => {
    const start = new Date(Date.now() - (730 - (i * 730) / sessionCount) * 86_400_000);
    start.setUTCHours(9, 30, 0, 0);
    return {
      partnership_id: pid,
      course_id: courses[i % courses.length] as number,
      venue: 'Bench hall',
      access_info: '',
      online_link: '',
      trainers: '',
      capacity: 22,
      minimum: 8,
      booking_opens_on: '2024-01-01',
      booking_closes_on: start.toISOString().slice(0, 10),
      cancellation_cutoff_days: 10,
      offer_hours: 48,
      auto_promote: 1,
      starts_at: start.toISOString(),
      status: 'scheduled' as const,
      cancel_reason: null,
      created_at: at,
      updated_at: at,
    };
  });
  await inBatches(sessions, 500, (b) => db.insertInto('training_sessions').values(b).execute());
  return (
    await db.selectFrom('training_sessions').select('id').where('venue', '=', 'Bench hall').orderBy('id').execute()
  ).map((s) => s.id);
}

/** 25 bookings a session: 22 places with realistic outcomes, the rest left waiting (lapsed). */
function bookingsFor(pid: number, sessionIds: number[], everyone: Person[], random: () => number, at: string) {
  const bookings = [];
  for (const sessionId of sessionIds) {
    const chosen = new Set<number>();
    while (chosen.size < 25) chosen.add(Math.floor(random() * everyone.length));
    let order = 0;
    for (const index of chosen) {
      const person = everyone[index]!;
      const status: BookingStatusCode = order++ >= 22 ? 'lapsed' : OUTCOMES[Math.floor(random() * OUTCOMES.length)]!;
      bookings.push({
        partnership_id: pid,
        session_id: sessionId,
        practitioner_id: person.id,
        organisation_id: person.organisation_id,
        status,
        live: ['cancelled', 'cancelled_late', 'lapsed'].includes(status) ? 0 : 1,
        approval_token_hash: null,
        approval_expires_at: null,
        offer_expires_at: null,
        calendar_sequence: 0,
        booked_by_user_id: null,
        created_at: at,
        updated_at: at,
      });
    }
  }
  return bookings;
}

/** Grows the demo partnership to the bench's size. */
async function grow(db: Db, pid: number): Promise<void> {
  const random = seeded(14);
  const at = new Date().toISOString();
  const everyone = await addPeople(db, pid, random, at);
  const have = Number(
    (
      await db
        .selectFrom('training_bookings')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const perSession = 25;
  const sessionIds = await addSessions(db, pid, Math.ceil((BOOKINGS - have) / perSession), at);
  const bookings = bookingsFor(pid, sessionIds, everyone, random, at);
  await inBatches(bookings.slice(0, BOOKINGS - have), 1000, (b) =>
    db.insertInto('training_bookings').values(b).execute(),
  );
}

async function timeReport(db: Db, pid: number): Promise<{ median: number; cpu: number }> {
  const quarter = defaultQuarter();
  await buildReport(db, pid, quarter, 5);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 5; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await buildReport(db, pid, quarter, 5);
    wall.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  return { median: median(wall), cpu: median(cpu) };
}

interface Served {
  client: TestClient;
  serverPid: number;
  /** The PostgreSQL server's postmaster, whose backends' CPU is counted too. */
  postmaster: number | undefined;
  reasons: Reasons;
}

const reasonsSince = (now: Reasons, before: Reasons) =>
  [...now]
    .map(([reason, n]) => [reason, n - (before.get(reason) ?? 0)] as const)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');

/** 200 booking requests sent at once; each person to `sessionOf(i)`. */
async function rush(served: Served, people: number[], sessionOf: (i: number) => number) {
  const { client, serverPid, postmaster } = served;
  const times: number[] = [];
  const cpuBefore = cpuOfTree(serverPid);
  const databaseBefore = treeCpuMs(postmaster);
  const reasonsBefore = new Map(served.reasons);
  const load = loadavg()[0]!;
  const statuses = await Promise.all(
    people.map(async (id, i) => {
      const sent = performance.now();
      const response = await client.post(`/training/sessions/${sessionOf(i)}/book`, { practitioner: String(id) });
      times.push(performance.now() - sent);
      return response.status;
    }),
  );
  // The log lines of the last 503s may still be on their way.
  await new Promise((r) => setTimeout(r, 200));
  const failed = statuses.filter((s) => s !== 303);
  const kinds = [...new Set(failed)].map((s) => `${failed.filter((f) => f === s).length} × ${s}`).join(', ');
  const why = reasonsSince(served.reasons, reasonsBefore);
  return {
    p50: median(times),
    p95: percentile(times, 0.95),
    p99: percentile(times, 0.99),
    errors: failed.length ? `${failed.length} errors (${kinds}${why ? `; logged: ${why}` : ''})` : '0 errors',
    cpu: cpuOfTree(serverPid) - cpuBefore,
    databaseCpu: postmaster === undefined ? undefined : treeCpuMs(postmaster) - databaseBefore,
    load,
  };
}
type Rush = Awaited<ReturnType<typeof rush>>;

/** The booking rushes against the application served from `root`, for the people from `offset` on. */
async function bookingBench(database: TestDatabase, engine: DatabaseEngine, pid: number, root?: string, offset = 0) {
  const { child, url, reasons } = await serve(database, engine, root);
  const served: Served = {
    client: new TestClient(url),
    serverPid: child.pid!,
    postmaster: engine === 'postgres' ? postmasterPid(database.url) : undefined,
    reasons,
  };
  try {
    const { client } = served;
    await client.signIn('training@demoshire.example');
    const db = database.db.kysely;
    const course = await db
      .selectFrom('training_courses')
      .select('id')
      .where('partnership_id', '=', pid)
      .where('approval', '=', 'none')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const warmUp = await newSession(client, course.id, 20);
    const people = (
      await db
        .selectFrom('training_practitioners')
        .select('id')
        .where('email', 'like', 'bench%')
        .orderBy('id')
        .offset(offset)
        .limit(CLIENTS * PEOPLE_RUSHES)
        .execute()
    ).map((p) => p.id);
    const group = (n: number) => people.slice(CLIENTS * n, CLIENTS * (n + 1));
    // A served process answers its first requests slowly while V8 compiles them: a first rush on a
    // session of its own warms the booking path, as a server that has been up a while is.
    await rush(served, group(3), () => warmUp);
    const one = await newSession(client, course.id, 20);
    await client.get(`/training/sessions/${one}`);
    const single = await rush(served, group(0), () => one);
    const spreadRush = async (n: number) => {
      const spread: number[] = [];
      for (let i = 0; i < 20; i++) spread.push(await newSession(client, course.id, 20));
      await client.get(`/training/sessions/${one}`);
      return rush(served, group(n), (i) => spread[i % spread.length]!);
    };
    const many = await spreadRush(1);
    const again = await spreadRush(2);
    const sessions: number[] = [];
    for (let i = 0; i < 20; i++) sessions.push(await newSession(client, course.id, 20));
    const statements = await countStatements(database, engine, group(4), sessions, root);
    const held = await db
      .selectFrom('training_bookings')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where('session_id', '=', one)
      .where('status', '=', 'booked')
      .executeTakeFirstOrThrow();
    return { single, many, again, statements, bookedOnOne: Number(held.n) };
  } finally {
    await stop(child);
  }
}

const perRequest = (ms: number) => (ms / CLIENTS).toFixed(1);
const describe = (r: Rush) =>
  `p50 ${r.p50.toFixed(0)} / p95 ${r.p95.toFixed(0)} / p99 ${r.p99.toFixed(0)} ms, ${r.errors}; ` +
  `CPU a request: app ${perRequest(r.cpu)} ms${r.databaseCpu === undefined ? '' : `, PostgreSQL ${perRequest(r.databaseCpu)} ms`}; load average ${r.load.toFixed(1)}`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;

// Before and after in one run: the application as committed at BASELINE (a git ref; 'none' to skip), then this tree.
const BASELINE = process.env.BASELINE ?? 'main';
const baseline = BASELINE === 'none' ? null : snapshotOf(BASELINE);
let server: PostgresServer | undefined;
// The test databases' templates are built on both engines, so a PostgreSQL server is needed even for SQLite alone.
if (!process.env.DATABASE_URL && !process.env.TEST_POSTGRES_URL) {
  server = await startPostgres();
  process.env.TEST_POSTGRES_URL = server.url;
}
console.log(
  `Training bench: ${PRACTITIONERS.toLocaleString('en-GB')} practitioners, ${BOOKINGS.toLocaleString('en-GB')} bookings; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs`,
);
try {
  for (const engine of ENGINES) {
    const database = await createTestDatabase(engine, { demo: true });
    try {
      const db = database.db.kysely;
      const t = performance.now();
      await grow(db, database.demoPartnershipId);
      const rows = await db
        .selectFrom('training_bookings')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      console.log(
        `${engine}: loaded ${Number(rows.n).toLocaleString('en-GB')} bookings in ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );
      const report = await timeReport(db, database.demoPartnershipId);
      console.log(
        `${engine}: quarterly report ${report.median.toFixed(0)} ms median [${report.cpu.toFixed(0)} ms CPU] (target ≤ 500 ms)`,
      );
      const runs: { label: string; root?: string }[] = [
        ...(baseline ? [{ label: `before (${BASELINE})`, root: baseline.root }] : []),
        { label: 'after (this tree)' },
      ];
      const results = [];
      for (const [i, run] of runs.entries()) {
        const offset = i * CLIENTS * PEOPLE_RUSHES;
        const booking = await bookingBench(database, engine, database.demoPartnershipId, run.root, offset);
        results.push(booking);
        console.log(
          `${engine} ${run.label}: ${CLIENTS} bookings at once for one session of 20 places: ${describe(booking.single)}, ${booking.bookedOnOne} booked (target p95 ≤ 300 ms, 0 errors, 20 booked)`,
        );
        console.log(
          `${engine} ${run.label}: ${CLIENTS} bookings at once over 20 sessions: ${describe(booking.many)} (target p95 ≤ 300 ms, 0 errors)`,
        );
        console.log(
          `${engine} ${run.label}: ${CLIENTS} bookings at once over 20 other sessions (a repeat): ${describe(booking.again)}`,
        );
        console.log(
          `${engine} ${run.label}: ${CLIENTS} bookings at once over 20 sessions in this process: ${booking.statements.sent} statements, ${booking.statements.distinct} distinct texts`,
        );
      }
      const [before, after] = results;
      if (before && after)
        console.log(
          `${engine}: before ÷ after: one session p95 ${ratio(before.single.p95, after.single.p95)}, server CPU ${ratio(before.single.cpu, after.single.cpu)}; ` +
            `over 20 sessions p95 ${ratio(before.many.p95, after.many.p95)}, server CPU ${ratio(before.many.cpu, after.many.cpu)}`,
        );
    } finally {
      await database.drop();
    }
  }
} finally {
  baseline?.remove();
  server?.stop();
}
