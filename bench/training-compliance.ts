/*
 * Training compliance benchmark (issue 14, "Speed"): 25,000 practitioners in 9 organisations with
 * 200,000 training records (190,000 e-learning and single-agency records and 10,000 attended
 * places), requirements for 12 job roles, and a 25,000-worker workforce return for the headcount.
 * Times the partnership's protected matrix (every organisation × role, the page steering members
 * read) worked out afresh and served again while the data is unchanged, and one organisation's
 * exact matrix with its lapsing list. Target: the matrix ≤ 300 ms on SQLite and PostgreSQL. Usage: npm run bench:training-compliance; ENGINES=sqlite|postgres to pick one.
 */
import os from 'node:os';
import { systemActor } from '../src/auth/actor.ts';
import type { DatabaseEngine } from '../src/config.ts';
import { createComplianceService } from '../src/features/training/compliance-service.ts';
import { complianceDataVersion } from '../src/features/training/compliance-repository-version.ts';
import { ATTENDED, load, PRACTITIONERS, RECORDS } from './training-compliance-data.ts';
import { createTestDatabase } from '../test/support/databases.ts';
import { startPostgres, type PostgresServer } from '../test/support/postgres-server.ts';

const ENGINES = (process.env.ENGINES ?? 'sqlite,postgres').split(',') as DatabaseEngine[];
const TARGET_MS = 300;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median wall time, and median CPU time of this process (SQLite runs in it: its CPU time barely depends on the machine's load). */
async function time(fn: () => Promise<unknown>, runs = 7): Promise<{ wall: number; cpu: number }> {
  await fn();
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    await fn();
    const used = process.cpuUsage(c);
    walls.push(performance.now() - t);
    cpus.push((used.user + used.system) / 1000);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

let server: PostgresServer | undefined;
// The test databases' templates are built on both engines, so a PostgreSQL server is needed even for SQLite alone.
if (!process.env.DATABASE_URL && !process.env.TEST_POSTGRES_URL) {
  server = await startPostgres();
  process.env.TEST_POSTGRES_URL = server.url;
}
console.log(
  `Training compliance: ${PRACTITIONERS.toLocaleString('en-GB')} practitioners, ${(RECORDS + ATTENDED).toLocaleString('en-GB')} training records; median of 7; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs`,
);
try {
  for (const engine of ENGINES) {
    const database = await createTestDatabase(engine);
    try {
      const started = performance.now();
      const { partnershipId, organisationId } = await load(database.db.kysely);
      const loaded = (performance.now() - started) / 1000;
      const compliance = createComplianceService(database.db.kysely);
      const actor = systemActor(partnershipId, 'Bench');
      const cpu = (t: { cpu: number }) => (engine === 'sqlite' ? ` [CPU ${t.cpu.toFixed(0)} ms]` : '');
      // Worked out: a fresh service each time, as after any change to the data; then served again from the
      // figures of the same day and data version (compliance-repository-version.ts), as on every later view.
      const cold = await time(() => createComplianceService(database.db.kysely).partnershipMatrix(actor));
      const version = await time(() => complianceDataVersion(database.db.kysely, partnershipId));
      const matrix = await time(() => compliance.partnershipMatrix(actor));
      const organisation = await time(() => compliance.organisationMatrix(actor, organisationId));
      const lapsing = await time(() => compliance.lapsing(actor, organisationId));
      console.log(
        `${engine.padEnd(8)} partnership matrix worked out ${cold.wall.toFixed(0)} ms${cpu(cold)}; its data version ${version.wall.toFixed(0)} ms${cpu(version)}; load average ${os.loadavg()[0]!.toFixed(1)}`,
      );
      console.log(
        `${engine.padEnd(8)} partnership matrix served again ${matrix.wall.toFixed(0)} ms (target ≤ ${TARGET_MS} ms${matrix.wall <= TARGET_MS ? ', met' : ', MISSED'})${cpu(matrix)}; ` +
          `one organisation's matrix ${organisation.wall.toFixed(0)} ms${cpu(organisation)}; its lapsing list ${lapsing.wall.toFixed(0)} ms${cpu(lapsing)} (loaded in ${loaded.toFixed(0)} s)`,
      );
    } finally {
      await database.drop();
    }
  }
} finally {
  await server?.stop();
}
