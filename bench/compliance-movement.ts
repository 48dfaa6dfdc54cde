/*
 * The quarterly report's compliance movement (issue 14, "Speed"; report-section-compliance.ts):
 * who met their training requirement on the quarter's first and last days, worked out the former
 * way (the matrix's `personStatuses` twice, one query per day, tallied in JavaScript) and the
 * present way (`movementCounts`: both days from one pass over the rows, tallied in SQL), on the same
 * database in the same process, so the machine's load weighs on both alike. Checks that both give
 * the same counts. Data: bench/training-compliance-data.ts (25,000 practitioners, 200,000 training
 * records). Usage: npm run bench:compliance-movement; ENGINES=sqlite|postgres to pick one.
 */
import os from 'node:os';
import { deepStrictEqual } from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { DatabaseEngine } from '../src/config.ts';
import type { Database } from '../src/db/schema.ts';
import {
  listRequirements,
  movementCounts,
  personStatuses,
  type MovementCountRow,
} from '../src/features/training/compliance-repository.ts';
import { defaultQuarter } from '../src/features/training/report-quarter.ts';
import { addDays } from '../src/lib/dates.ts';
import { createTestDatabase } from '../test/support/databases.ts';
import { startPostgres, type PostgresServer } from '../test/support/postgres-server.ts';
import { ATTENDED, load, PRACTITIONERS, RECORDS } from './training-compliance-data.ts';

const ENGINES = (process.env.ENGINES ?? 'sqlite,postgres')
  .split(',')
  .filter((e): e is DatabaseEngine => e === 'sqlite' || e === 'postgres');
const RUNS = 7;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** The former way: each day's statuses by its own query, then tallied per organisation here. */
async function twoPass(db: Kysely<Database>, partnershipId: number, start: string, end: string) {
  const requirements = await listRequirements(db, partnershipId);
  const [atStart, atEnd] = await Promise.all([
    personStatuses(db, partnershipId, requirements, start, {}),
    personStatuses(db, partnershipId, requirements, end, {}),
  ]);
  const metAtEnd = new Map(atEnd.map((p) => [p.id, p.status !== 'lapsed']));
  const rows = new Map<number, MovementCountRow>();
  for (const person of atStart) {
    let row = rows.get(person.organisation_id);
    if (!row) {
      const none = () => ({ n: 0, ids: 0 });
      row = { organisation_id: person.organisation_id, start: none(), end: none(), lapsed: none(), newly: none() };
      rows.set(person.organisation_id, row);
    }
    const [before, after] = [person.status !== 'lapsed', metAtEnd.get(person.id) ?? false];
    const add = (t: { n: number; ids: number }, yes: boolean) => {
      t.n += yes ? 1 : 0;
      t.ids += yes ? person.id : 0;
    };
    add(row.start, before);
    add(row.end, after);
    add(row.lapsed, before && !after);
    add(row.newly, !before && after);
  }
  return [...rows.values()];
}

async function onePass(db: Kysely<Database>, partnershipId: number, start: string, end: string) {
  return movementCounts(db, partnershipId, await listRequirements(db, partnershipId), start, end);
}

/** Median wall time and CPU time of this process (where SQLite runs), after a warm-up. */
async function time(fn: () => Promise<unknown>) {
  await fn();
  const [walls, cpus]: [number[], number[]] = [[], []];
  for (let i = 0; i < RUNS; i++) {
    const [t, c] = [performance.now(), process.cpuUsage()];
    await fn();
    const used = process.cpuUsage(c);
    walls.push(performance.now() - t);
    cpus.push((used.user + used.system) / 1000);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

const byOrganisation = (rows: MovementCountRow[]) => [...rows].sort((a, b) => a.organisation_id - b.organisation_id);

let server: PostgresServer | undefined;
// The test databases' templates are built on both engines, so a PostgreSQL server is needed even for SQLite alone.
if (!process.env.DATABASE_URL && !process.env.TEST_POSTGRES_URL) {
  server = await startPostgres();
  process.env.TEST_POSTGRES_URL = server.url;
}
console.log(
  `Compliance movement: ${PRACTITIONERS.toLocaleString('en-GB')} practitioners, ${(RECORDS + ATTENDED).toLocaleString('en-GB')} training records; median of ${RUNS}, the two ways alternating; ${os.cpus().length} CPUs`,
);
try {
  for (const engine of ENGINES) {
    const database = await createTestDatabase(engine);
    try {
      const db = database.db.kysely;
      const { partnershipId } = await load(db);
      const quarter = defaultQuarter();
      const [start, end] = [quarter.from, addDays(quarter.until, -1)];
      const [former, present] = await Promise.all([
        twoPass(db, partnershipId, start, end),
        onePass(db, partnershipId, start, end),
      ]);
      deepStrictEqual(byOrganisation(present), byOrganisation(former), 'the one pass counts as the two did');
      const met = present.reduce((s, r) => s + r.start.n, 0);
      const moved = present.reduce((s, r) => s + r.lapsed.n + r.newly.n, 0);
      // Alternate the two, so that a change in the machine's load falls on both.
      const results: Record<'former' | 'present', number[]> = { former: [], present: [] };
      const cpu: Record<'former' | 'present', number[]> = { former: [], present: [] };
      for (let round = 0; round < 3; round++) {
        const f = await time(() => twoPass(db, partnershipId, start, end));
        const p = await time(() => onePass(db, partnershipId, start, end));
        results.former.push(f.wall);
        results.present.push(p.wall);
        cpu.former.push(f.cpu);
        cpu.present.push(p.cpu);
      }
      const [f, p] = [median(results.former), median(results.present)];
      const cpuNote = (xs: number[]) => (engine === 'sqlite' ? ` [CPU ${median(xs).toFixed(0)} ms]` : '');
      console.log(
        `${engine.padEnd(8)} ${start} to ${end}: ${met.toLocaleString('en-GB')} met the requirement at the start, ${moved.toLocaleString('en-GB')} moved; ` +
          `two passes ${f.toFixed(0)} ms${cpuNote(cpu.former)}, one pass ${p.toFixed(0)} ms${cpuNote(cpu.present)} ` +
          `(${(f / p).toFixed(2)}×); load average ${os.loadavg()[0]?.toFixed(1)}`,
      );
    } finally {
      await database.drop();
    }
  }
} finally {
  await server?.stop();
}
