/*
 * Strategy and action plan benchmark (issue 15 "Speed"), on SQLite and PostgreSQL:
 * - GET /plan/actions with 500 actions (the demo's 40 and 460 more, each with two updates),
 *   rendered, target ≤ 200 ms;
 * - GET /plan/indicators/:id for a live indicator (turnover, from the workforce profile) whose
 *   page shows 12 quarters, each worked out from a census of 25,000 workers at that quarter end
 *   (12 census dates, 300,000 worker records), target ≤ 300 ms.
 * Each is timed through the running app with a signed-in administrator, after one warm-up view;
 * the target is on the median, as in the other benches, with the p95 and the first view (for the
 * indicator, the profile cache cold) printed beside it.
 * Usage: npm run bench:plan [-- workers runs] (default 25000 21); ENGINES=sqlite|postgres to pick one.
 * PostgreSQL: DATABASE_URL, or a throwaway server from test/support/postgres-server.ts.
 */
import { cpus, loadavg } from 'node:os';
import { CompiledQuery, sql } from 'kysely';
import type { DatabaseEngine } from '../src/config.ts';
import { systemActor } from '../src/auth/actor.ts';
import { quarterEnds } from '../src/features/plan/indicator-rules.ts';
import { listActions, listActionsQuery } from '../src/features/plan/repository.ts';
import { loadSyntheticReturns } from '../src/features/workforce/returns/demo-returns.ts';
import { addDays, todayInLondon } from '../src/lib/dates.ts';
import { nowIso } from '../src/lib/time.ts';
import { startTestApp, TestClient, type TestApp } from '../test/support/app.ts';
import { startPostgres, type PostgresServer } from '../test/support/postgres-server.ts';

const WORKERS = Number(process.argv[2] ?? 25_000);
const RUNS = Number(process.argv[3] ?? 21);
const ACTIONS = 500;
const QUARTERS = 12;
const ENGINES = (process.env.ENGINES ?? 'sqlite,postgres').split(',') as DatabaseEngine[];

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)] as number;
const p95 = (xs: number[]) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)] as number;

/** Adds actions (each with two updates) until the partnership has ACTIONS of them. */
async function seedActions(app: TestApp): Promise<number> {
  const db = app.db.kysely;
  const pid = app.demoPartnershipId;
  const priorities = await db.selectFrom('plan_priorities').select('id').where('partnership_id', '=', pid).execute();
  const have = await db
    .selectFrom('plan_actions')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('partnership_id', '=', pid)
    .executeTakeFirstOrThrow();
  const today = todayInLondon();
  const at = nowIso();
  for (let i = Number(have.n); i < ACTIONS; i++) {
    const progress = (i * 7) % 101;
    const action = await db
      .insertInto('plan_actions')
      .values({
        partnership_id: pid,
        priority_id: priorities[i % priorities.length]?.id ?? null,
        objective_id: null,
        title: `Bench action ${i + 1}: develop and implement a multi-agency programme`,
        themes: JSON.stringify([(i % 8) + 1]),
        stages: JSON.stringify([(i % 8) + 1]),
        outcomes: 'Improved multi-agency working',
        success_criteria: 'Evidence in the next self-assessment round',
        lead_user_id: null,
        lead_name: `Lead ${i % 40}`,
        lead_organisation: 'Demoshire County Council',
        start_date: addDays(today, -200 + (i % 150)),
        due_date: addDays(today, -30 + (i % 300)),
        cost_pence: (i % 5) * 100_000,
        funding_stream: 'Pooled workforce development budget',
        progress,
        last_update_on: addDays(today, -(i % 70)),
        rag_override: null,
        rag_override_reason: null,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('plan_action_updates')
      .values(
        [Math.floor(progress / 2), progress].map((p, k) => ({
          partnership_id: pid,
          action_id: action.id,
          update_on: addDays(today, -(i % 70) - (1 - k) * 30),
          progress: p,
          narrative: 'Progress as planned',
          author_user_id: null,
          author_label: 'Bench',
          created_at: at,
        })),
      )
      .execute();
  }
  return ACTIONS;
}

/** Replaces the demo's returns with WORKERS workers at each of the last QUARTERS quarter ends. */
async function seedWorkforce(app: TestApp): Promise<string[]> {
  const db = app.db.kysely;
  const pid = app.demoPartnershipId;
  for (const table of ['workforce_profile_cells', 'worker_records', 'vacancy_records', 'workforce_returns'] as const)
    await db.deleteFrom(table).where('partnership_id', '=', pid).execute();
  const organisations = (
    await db.selectFrom('organisations').select(['id', 'type', 'services']).where('partnership_id', '=', pid).execute()
  ).map((o) => ({ id: o.id, type: o.type, services: JSON.parse(o.services) as string[] }));
  const quarters = quarterEnds(todayInLondon(), QUARTERS);
  for (const [i, censusDate] of quarters.entries()) {
    await loadSyntheticReturns(db, {
      partnershipId: pid,
      organisations: organisations as Parameters<typeof loadSyntheticReturns>[1]['organisations'],
      censusDate,
      count: WORKERS,
      seed: 100 + i,
      areaCode: 'E10000007',
    });
  }
  await sql`analyze`.execute(db);
  return quarters;
}

/**
 * Wall time of each view, and this process's CPU time (the app runs in this process: on SQLite that
 * is all the work done, which is what an idle machine's wall time would be; on PostgreSQL it leaves
 * out the database server's share).
 */
async function timePage(client: TestClient, path: string, expect: RegExp) {
  const view = async () => {
    const t = performance.now();
    const cpu = process.cpuUsage();
    // One retry: the client's kept-alive connection is sometimes closed by the server between runs.
    const response = await client.get(path).catch(() => client.get(path));
    const used = process.cpuUsage(cpu);
    if (response.status !== 200 || !expect.test(response.text))
      throw new Error(`${path} answered ${response.status} without ${expect}`);
    return { wall: performance.now() - t, cpu: (used.user + used.system) / 1000 };
  };
  const first = await view();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const one = await view();
    wall.push(one.wall);
    cpu.push(one.cpu);
  }
  return { first: first.wall, median: median(wall), p95: p95(wall), cpu: median(cpu) };
}

/** On PostgreSQL, the server's own time for the action plan's query (the rest of its wall time is the trip and the wait for a CPU). */
async function executionTime(app: TestApp): Promise<string> {
  if (app.engine !== 'postgres') return '';
  const query = listActionsQuery(app.db.kysely, app.demoPartnershipId).compile();
  const { rows } = await app.db.kysely.executeQuery(
    CompiledQuery.raw(`explain (analyze, timing off, summary on) ${query.sql}`, [...query.parameters]),
  );
  const line = rows
    .map((r) => String((r as Record<string, unknown>)['QUERY PLAN']))
    .find((l) => /Execution Time/.test(l));
  return ` (${line?.trim() ?? 'no execution time'} on the server)`;
}

const load = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(', ')}`;

const verdict = (ms: number, target: number) => `target ≤ ${target} ms: ${ms <= target ? 'met' : 'MISSED'}`;

async function measure(engine: DatabaseEngine): Promise<void> {
  const app = await startTestApp(engine);
  try {
    const client = new TestClient(app.url);
    await client.signIn('admin@demoshire.example');
    const actions = await seedActions(app);
    // The floor under any page on this machine now: session, sign-in check and layout, no plan data.
    const floor = await timePage(client, '/', /Home/);
    const sqlTimes: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const t = performance.now();
      await listActions(app.db.kysely, app.demoPartnershipId);
      sqlTimes.push(performance.now() - t);
    }
    console.log(
      `${engine}: floor (the home page) median ${floor.median.toFixed(0)} ms, p95 ${floor.p95.toFixed(0)} ms; ` +
        `the action plan's query alone median ${median(sqlTimes).toFixed(1)} ms${await executionTime(app)} — ${load()}`,
    );
    const plan = await timePage(client, '/plan/actions', /Bench action 500:/);
    console.log(
      `${engine}: action plan page, ${actions} actions: median ${plan.median.toFixed(0)} ms, p95 ${plan.p95.toFixed(0)} ms, ` +
        `first view ${plan.first.toFixed(0)} ms; this process's CPU ${plan.cpu.toFixed(0)} ms a view (${RUNS} runs; ${verdict(plan.median, 200)}) — ${load()}`,
    );
    const loadStart = performance.now();
    const quarters = await seedWorkforce(app);
    const turnover = await app.db.kysely
      .selectFrom('plan_indicators')
      .select('id')
      .where('partnership_id', '=', app.demoPartnershipId)
      .where('source', '=', 'workforce.turnoverRate')
      .executeTakeFirstOrThrow();
    console.log(
      `${engine}: loaded ${WORKERS.toLocaleString('en-GB')} workers at each of ${quarters.length} quarter ends in ${((performance.now() - loadStart) / 1000).toFixed(0)} s`,
    );
    const page = await timePage(client, `/plan/indicators/${turnover.id}`, /Turnover rate/);
    const live = await app.services.planIndicators.get(systemActor(app.demoPartnershipId, 'Bench'), turnover.id);
    const valued = live.indicator.points.filter((p) => p.value !== null).length;
    console.log(
      `${engine}: indicator page, ${valued} of ${live.indicator.points.length} quarters with live values: median ${page.median.toFixed(0)} ms, ` +
        `p95 ${page.p95.toFixed(0)} ms, first view (profile cache cold) ${page.first.toFixed(0)} ms; this process's CPU ${page.cpu.toFixed(0)} ms a view (${verdict(page.median, 300)}) — ${load()}`,
    );
  } finally {
    await app.close();
  }
}

let server: PostgresServer | undefined;
// The test databases' templates are built on both engines, so a PostgreSQL server is needed even for SQLite alone.
if (!process.env.DATABASE_URL && !process.env.TEST_POSTGRES_URL) {
  server = await startPostgres();
  process.env.TEST_POSTGRES_URL = server.url;
}
console.log(`Strategy and action plan pages; ${load()} at the start on ${cpus().length} CPUs`);
try {
  for (const engine of ENGINES) await measure(engine);
} finally {
  await server?.stop();
}
