/*
 * Workforce profile benchmark (issue 5). For each size and engine: loads synthetic workers for one
 * census date across 9 organisations, then times the partnership dashboard — the profile service
 * call the pages and the API make, every measure, no filter — against the bare aggregate SQL
 * (`select service, count(*), sum(fte) … group by service`) in the same process.
 * Targets: 25,000 workers ≤ 150 ms, 1,000,000 workers ≤ 2 s, on SQLite and PostgreSQL. The profile is
 * timed cold (profile cache off); a repeat view with the profile cache warm (a lookup keyed by the
 * data version, docs/adr/0025) is printed beside it. For
 * SQLite, which runs in this process, the CPU time is printed too: it depends little on the load.
 * Usage: npm run bench:profile [-- sizes…] (default 25000 1000000); ENGINES=sqlite|postgres to pick one.
 * PostgreSQL: DATABASE_URL, or a throwaway server from test/support/postgres-server.ts.
 */
import { sql } from 'kysely';
import type { DatabaseEngine } from '../src/config.ts';
import { systemActor } from '../src/auth/actor.ts';
import { loadSyntheticReturns } from '../src/features/workforce/returns/demo-returns.ts';
import { createProfileService } from '../src/features/workforce/profile/profile-service.ts';
import { profileGroups } from '../src/features/workforce/profile/profile-repository.ts';
import { nowIso } from '../src/lib/time.ts';
import { createTestDatabase } from '../test/support/databases.ts';
import { startPostgres, type PostgresServer } from '../test/support/postgres-server.ts';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const SIZES = sizes.length ? sizes : [25_000, 1_000_000];
const ENGINES = (process.env.ENGINES ?? 'sqlite,postgres').split(',') as DatabaseEngine[];
const CENSUS = '2026-03-31';
const TYPES = [
  ['local_authority', ['social_care', 'education', 'early_years', 'youth']],
  ['nhs_trust', ['health']],
  ['police', ['justice']],
  ['youth_justice', ['justice', 'youth']],
  ['school', ['education']],
  ['early_years', ['early_years']],
  ['voluntary', ['social_care', 'youth']],
  ['private_provider', ['social_care']],
  ['other', ['sport_leisure']],
] as const;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median wall time and median CPU time of this process (SQLite runs in-process: its CPU time barely depends on the machine's load). */
async function time(fn: () => Promise<unknown>, runs: number): Promise<{ wall: number; cpu: number }> {
  await fn(); // warm up
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    await fn();
    const used = process.cpuUsage(c);
    wall.push(performance.now() - t);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

let server: PostgresServer | undefined;
if (ENGINES.includes('postgres') && !process.env.DATABASE_URL && !process.env.TEST_POSTGRES_URL) {
  server = await startPostgres();
  process.env.TEST_POSTGRES_URL = server.url;
}

console.log(
  `Workforce profile dashboard (every measure, no filter), median server time; load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)} on ${(await import('node:os')).cpus().length} CPUs:`,
);
try {
  for (const engine of ENGINES) {
    for (const size of SIZES) {
      const database = await createTestDatabase(engine);
      const db = database.db.kysely;
      try {
        const at = nowIso();
        const partnership = await db
          .insertInto('partnerships')
          .values({ name: 'Bench partnership', local_authority_code: 'E10000007', created_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        const organisations = [];
        for (const [i, [type, services]] of TYPES.entries()) {
          const org = await db
            .insertInto('organisations')
            .values({
              partnership_id: partnership.id,
              name: `Bench ${i}`,
              type,
              sector: 'statutory',
              services: JSON.stringify(services),
              created_at: at,
              updated_at: at,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          organisations.push({ id: org.id, type, services });
        }
        const loadStart = performance.now();
        let lastShown = 0;
        await loadSyntheticReturns(db, {
          partnershipId: partnership.id,
          organisations,
          censusDate: CENSUS,
          count: size,
          seed: 42,
          progress: (n) => {
            if (n - lastShown >= 100_000) {
              lastShown = n;
              process.stderr.write(`  ${engine}: loaded ${n.toLocaleString('en-GB')} workers\r`);
            }
          },
        });
        await sql`analyze`.execute(db);
        const loadSeconds = (performance.now() - loadStart) / 1000;
        // Cold: the profile cache off, so every call aggregates and protects afresh (the figure that counts).
        const service = createProfileService(db, { suppressionThreshold: 5, profileCache: false });
        const cached = createProfileService(db, { suppressionThreshold: 5 });
        const actor = systemActor(partnership.id, 'Bench');
        const runs = size >= 500_000 ? 3 : 10;
        const profileMs = await time(() => service.getProfile(actor, {}), runs);
        const warmMs = await time(() => cached.getProfile(actor, {}), runs);
        const bareMs = await time(
          () =>
            sql`select service, count(*) as n, sum(fte) as fte from worker_records
          where partnership_id = ${partnership.id} and census_date = ${CENSUS} group by service`.execute(db),
          runs,
        );
        const groupsMs = await time(
          () => profileGroups(db, { partnershipId: partnership.id, organisationId: null }, {}, CENSUS, 66),
          runs,
        );
        const target = size <= 25_000 ? 150 : 2000;
        const cpu = engine === 'sqlite' ? ` [CPU ${profileMs.cpu.toFixed(0)} ms vs ${bareMs.cpu.toFixed(0)} ms]` : '';
        console.log(
          `${engine.padEnd(8)} ${size.toLocaleString('en-GB').padStart(9)} workers: profile ${profileMs.wall.toFixed(1)} ms (target ≤ ${target} ms${profileMs.wall <= target ? ', met' : ', MISSED'}), ` +
            `bare aggregate SQL ${bareMs.wall.toFixed(1)} ms, ratio ${(profileMs.wall / bareMs.wall).toFixed(1)}×${cpu}; the profile's grouped SQL alone ${groupsMs.wall.toFixed(1)} ms; ` +
            `repeat view (profile cache warm) ${warmMs.wall.toFixed(1)} ms (loaded in ${loadSeconds.toFixed(0)} s)`,
        );
      } finally {
        await database.drop();
      }
    }
  }
} finally {
  server?.stop();
}
