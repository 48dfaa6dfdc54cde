/*
 * Self-assessment results benchmark. Seeds a round of 10,000 submitted responses (64 answers each,
 * 640,000 answers; some focus groups weighted by participants) straight into the database, then
 * prints, on SQLite and on PostgreSQL: the time to group the answers in SQL and score them when
 * the responses have changed (no stored counts), and the time to GET and render the results page
 * /assessment/rounds/:id/results, median of several runs after a warm-up (target ≤ 300 ms).
 * PostgreSQL comes from DATABASE_URL, or a throwaway server is started.
 * Usage: npm run bench:assessment (or node bench/assessment-results.ts [responses] [runs])
 */
import { sql } from 'kysely';
import type { DatabaseEngine } from '../src/config.ts';
import { systemActor } from '../src/features/accounts/actor.ts';
import { ensureDefaultFramework } from '../src/features/assessment/repository.ts';
import { nowIso } from '../src/lib/time.ts';
import { startTestApp, TestClient, type TestApp } from '../test/support/app.ts';
import { startPostgres, type PostgresServer } from '../test/support/postgres-server.ts';

const RESPONSES = Number(process.argv[2] ?? 10_000);
const RUNS = Number(process.argv[3] ?? 7);
const TARGET_MS = 300;
const BATCH = 1000;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

async function seed(app: TestApp): Promise<number> {
  const db = app.db.kysely;
  const pid = app.demoPartnershipId;
  const frameworkId = await ensureDefaultFramework(db, pid);
  const at = nowIso();
  const round = await db.insertInto('assessment_rounds').values({
    partnership_id: pid, framework_id: frameworkId, name: 'Bench round', kind: 'live', status: 'open', opens_on: null, closes_on: null,
    audience_json: '{}', focus_group_counting: 'participants', created_at: at, updated_at: at,
  }).returning('id').executeTakeFirstOrThrow();
  const orgs = await db.selectFrom('organisations').select(['id', 'type', 'sector']).where('partnership_id', '=', pid).execute();
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < RESPONSES; start += BATCH) {
      const rows = [];
      for (let i = start; i < Math.min(RESPONSES, start + BATCH); i += 1) {
        const org = orgs[i % orgs.length] as { id: number; type: string; sector: string };
        const focusGroup = i % 50 === 0;
        rows.push({
          partnership_id: pid, round_id: round.id, organisation_id: org.id, organisation_type: org.type, sector: org.sector,
          respondent_type: i % 3 === 0 ? 'leader' as const : 'frontline' as const, source: focusGroup ? 'focus_group' as const : 'personal' as const,
          participants: focusGroup ? 6 : 1, status: 'submitted' as const, submitted_at: at, created_at: at, updated_at: at,
        });
      }
      await trx.insertInto('assessment_responses').values(rows).execute();
    }
    // 64 answers per response, generated in the database: a pattern of scores with some don't know and not applicable.
    const cells = sql.raw(Array.from({ length: 64 }, (_, k) => `select ${Math.floor(k / 8) + 1} as theme, ${(k % 8) + 1} as stage`).join(' union all '));
    await sql`insert into assessment_answers (partnership_id, round_id, response_id, theme, stage, score, answer_kind)
      select r.partnership_id, r.round_id, r.id, c.theme, c.stage,
        case when (r.id + c.theme * c.stage) % 17 = 0 or (r.id + c.theme + c.stage) % 23 = 0 then null else ((r.id * 7 + c.theme * 3 + c.stage * (1 + r.id % 3)) % 5) + 1 end,
        case when (r.id + c.theme * c.stage) % 17 = 0 then 'dont_know' when (r.id + c.theme + c.stage) % 23 = 0 then 'not_applicable' else 'score' end
      from assessment_responses r cross join (${cells}) c
      where r.round_id = ${round.id}`.execute(trx);
  });
  if (app.engine === 'postgres') await sql`analyze`.execute(db);
  return round.id;
}

async function measure(engine: DatabaseEngine): Promise<void> {
  const app = await startTestApp(engine);
  try {
    const seedStart = performance.now();
    const roundId = await seed(app);
    const answers = await app.db.kysely.selectFrom('assessment_answers').select((eb) => eb.fn.countAll().as('n')).where('round_id', '=', roundId).executeTakeFirstOrThrow();
    console.log(`${engine}: seeded ${RESPONSES} responses, ${Number(answers.n)} answers in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    const client = new TestClient(app.url);
    await client.signIn('admin@demoshire.example');
    const actor = systemActor(app.demoPartnershipId);
    // Cold: the first view after responses change, when the answers are grouped in SQL again.
    const cold: number[] = [];
    for (let run = 0; run < 3; run += 1) {
      await app.db.kysely.deleteFrom('assessment_results_cache').where('round_id', '=', roundId).execute();
      const t = performance.now();
      await app.services.assessmentResults.results(actor, roundId);
      cold.push(performance.now() - t);
    }
    // The page as people see it: GET, computed from the stored grouped counts, rendered.
    const page: number[] = [];
    for (let run = -2; run < RUNS; run += 1) {
      const t = performance.now();
      const response = await client.get(`/assessment/rounds/${roundId}/results`).catch(() => client.get(`/assessment/rounds/${roundId}/results`));
      const pageMs = performance.now() - t;
      if (response.status !== 200) throw new Error(`results page answered ${response.status}`);
      if (run >= 0) page.push(pageMs);
    }
    const pageMedian = median(page);
    console.log(`${engine}: group 640,000 answers in SQL and score them (cache miss) median ${median(cold).toFixed(0)} ms of 3`);
    console.log(`${engine}: GET results page median ${pageMedian.toFixed(0)} ms (min ${Math.min(...page).toFixed(0)}, max ${Math.max(...page).toFixed(0)}, ${RUNS} runs) `
      + `— target ≤ ${TARGET_MS} ms: ${pageMedian <= TARGET_MS ? 'met' : 'NOT met'}`);
  } finally {
    await app.close();
  }
}

let server: PostgresServer | undefined;
try {
  await measure('sqlite');
  if (!process.env.DATABASE_URL && !process.env.TEST_POSTGRES_URL) {
    server = await startPostgres();
    process.env.TEST_POSTGRES_URL = server.url;
  }
  await measure('postgres');
} finally {
  server?.stop();
}
