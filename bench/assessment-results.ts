/*
 * Self-assessment results benchmark. Seeds a round of 10,000 submitted responses (64 answers each,
 * 640,000 answers; some focus groups weighted by participants) straight into the database, counts
 * them as the submit path does, then prints on SQLite and on PostgreSQL, medians of several runs:
 * - the bare aggregate SQL (`groupedAnswerCounts`, one covering-index scan) and its query plan;
 * - the previous aggregate (answers joined to responses, grouped with a sort), as the baseline;
 * - computing every statistic (service `results`, nothing stored between runs);
 * - GET /assessment/rounds/:id/results, computed and rendered (target ≤ 300 ms).
 * The machine's load average is printed with them. PostgreSQL comes from DATABASE_URL, or a
 * throwaway server is started.
 * Usage: npm run bench:assessment (or node bench/assessment-results.ts [responses] [runs])
 */
import { loadavg } from 'node:os';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { DatabaseEngine } from '../src/config.ts';
import { systemActor } from '../src/auth/actor.ts';
import { ensureDefaultFramework } from '../src/features/assessment/repository.ts';
import { answerCountsQuery, groupedAnswerCounts } from '../src/features/assessment/results-repository.ts';
import type { Database } from '../src/db/schema.ts';
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
  const round = await db
    .insertInto('assessment_rounds')
    .values({
      partnership_id: pid,
      framework_id: frameworkId,
      name: 'Bench round',
      kind: 'live',
      status: 'open',
      opens_on: null,
      closes_on: null,
      audience_json: '{}',
      focus_group_counting: 'participants',
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const orgs = await db
    .selectFrom('organisations')
    .select(['id', 'type', 'sector'])
    .where('partnership_id', '=', pid)
    .execute();
  await db.transaction().execute(async (trx) => {
    // The test server commits asynchronously; a production server commits synchronously. Without
    // that, VACUUM cannot mark the new rows all-visible until the WAL writer catches up, and the
    // index-only scan would visit every heap row (640,000 heap fetches).
    if (app.engine === 'postgres') await sql`set local synchronous_commit = on`.execute(trx);
    for (let start = 0; start < RESPONSES; start += BATCH) {
      const rows = [];
      for (let i = start; i < Math.min(RESPONSES, start + BATCH); i += 1) {
        const org = orgs[i % orgs.length] as { id: number; type: string; sector: string };
        const focusGroup = i % 50 === 0;
        rows.push({
          partnership_id: pid,
          round_id: round.id,
          organisation_id: org.id,
          organisation_type: org.type,
          sector: org.sector,
          respondent_type: i % 3 === 0 ? ('leader' as const) : ('frontline' as const),
          source: focusGroup ? ('focus_group' as const) : ('personal' as const),
          participants: focusGroup ? 6 : 1,
          status: 'submitted' as const,
          submitted_at: at,
          created_at: at,
          updated_at: at,
        });
      }
      await trx.insertInto('assessment_responses').values(rows).execute();
    }
    // 64 answers per response, generated in the database: a pattern of scores with some don't know and not applicable.
    const cells = sql.raw(
      Array.from({ length: 64 }, (_, k) => `select ${Math.floor(k / 8) + 1} as theme, ${(k % 8) + 1} as stage`).join(
        ' union all ',
      ),
    );
    // Inserted already counted (as `countSubmittedAnswers` leaves them): counting 640,000 in one update is slow to seed.
    await sql`insert into assessment_answers (partnership_id, round_id, response_id, theme, stage, score, answer_kind,
        counted, sector, organisation_type, respondent_type, participants)
      select r.partnership_id, r.round_id, r.id, c.theme, c.stage,
        case when (r.id + c.theme * c.stage) % 17 = 0 or (r.id + c.theme + c.stage) % 23 = 0 then null else ((r.id * 7 + c.theme * 3 + c.stage * (1 + r.id % 3)) % 5) + 1 end,
        case when (r.id + c.theme * c.stage) % 17 = 0 then 'dont_know' when (r.id + c.theme + c.stage) % 23 = 0 then 'not_applicable' else 'score' end,
        1, coalesce(r.sector, ''), coalesce(r.organisation_type, ''), r.respondent_type, case when r.source = 'focus_group' and r.participants > 1 then r.participants else 1 end
      from assessment_responses r cross join (${cells}) c
      where r.round_id = ${round.id}`.execute(trx);
  });
  // Index-only scans on PostgreSQL need the visibility map that autovacuum keeps (migration 0008).
  if (app.engine === 'postgres') await sql`vacuum analyze assessment_answers`.execute(db);
  return round.id;
}

const load = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(', ')}`;

interface Timings {
  wall: number[];
  cpu: number[];
}

/**
 * Wall-clock and this process's CPU time per run, after a warm-up. The app runs in this process,
 * so on SQLite the CPU time is all the work done (what an idle machine's wall time would be);
 * on PostgreSQL it leaves out the database server's share.
 */
async function timed(runs: number, work: () => Promise<unknown>): Promise<Timings> {
  const times: Timings = { wall: [], cpu: [] };
  for (let run = -1; run < runs; run += 1) {
    const t = performance.now();
    const cpu = process.cpuUsage();
    await work();
    const used = process.cpuUsage(cpu);
    if (run >= 0) {
      times.wall.push(performance.now() - t);
      times.cpu.push((used.user + used.system) / 1000);
    }
  }
  return times;
}

const summary = ({ wall, cpu }: Timings) =>
  `median ${median(wall).toFixed(0)} ms (min ${Math.min(...wall).toFixed(0)}, max ${Math.max(...wall).toFixed(0)}, ` +
  `${wall.length} runs; this process's CPU ${median(cpu).toFixed(0)} ms)`;
const ratio = (a: Timings, b: Timings) => (median(a.wall) / median(b.wall)).toFixed(2);

/** The aggregate before migration 0006: each answer joined to its response, then sorted to group. */
const joinedAggregate = (db: Kysely<Database>, pid: number, roundId: number) =>
  sql`
  select coalesce(r.sector, '') as sector, coalesce(r.organisation_type, '') as organisation_type, r.respondent_type, a.theme, a.stage, a.answer_kind, a.score,
    sum(case when r.source = 'focus_group' and r.participants > 1 then r.participants else 1 end) as weight
  from assessment_answers a join assessment_responses r on r.id = a.response_id
  where a.partnership_id = ${pid} and a.round_id = ${roundId} and r.partnership_id = ${pid} and r.round_id = ${roundId} and r.status = 'submitted'
  group by coalesce(r.sector, ''), coalesce(r.organisation_type, ''), r.respondent_type, a.theme, a.stage, a.answer_kind, a.score`.execute(
    db,
  );

async function plan(engine: DatabaseEngine, db: Kysely<Database>, pid: number, roundId: number): Promise<string> {
  const query = answerCountsQuery(db, pid, roundId, 'participants').compile();
  const explain = engine === 'sqlite' ? 'explain query plan ' : 'explain (analyze, costs off, timing off) ';
  const { rows } = await db.executeQuery(CompiledQuery.raw(explain + query.sql, [...query.parameters]));
  return rows
    .map((row) => String((row as Record<string, unknown>).detail ?? (row as Record<string, unknown>)['QUERY PLAN']))
    .join('\n    ');
}

async function measure(engine: DatabaseEngine): Promise<void> {
  const app = await startTestApp(engine);
  try {
    const seedStart = performance.now();
    const roundId = await seed(app);
    const answers = await app.db.kysely
      .selectFrom('assessment_answers')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('round_id', '=', roundId)
      .executeTakeFirstOrThrow();
    console.log(
      `${engine}: seeded ${RESPONSES} responses, ${Number(answers.n)} answers in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );
    const db = app.db.kysely;
    const pid = app.demoPartnershipId;
    console.log(`${engine}: plan of the aggregate\n    ${await plan(engine, db, pid, roundId)}`);
    const client = new TestClient(app.url);
    await client.signIn('admin@demoshire.example');
    const actor = systemActor(pid);
    const bare = await timed(RUNS, () => groupedAnswerCounts(db, pid, roundId, 'participants'));
    console.log(`${engine}: bare aggregate SQL (index scan, no join, no sort) ${summary(bare)} — ${load()}`);
    const joined = await timed(3, () => joinedAggregate(db, pid, roundId));
    console.log(
      `${engine}: baseline aggregate joined to responses and sorted ${summary(joined)} — ${ratio(joined, bare)}× the bare aggregate`,
    );
    const computed = await timed(RUNS, () => app.services.assessmentResults.results(actor, roundId));
    console.log(
      `${engine}: compute every statistic (service results) ${summary(computed)} — ${ratio(computed, bare)}× the bare aggregate`,
    );
    const page = await timed(RUNS, async () => {
      // One retry: the client's kept-alive connection is sometimes closed by the server between runs.
      const response = await client
        .get(`/assessment/rounds/${roundId}/results`)
        .catch(() => client.get(`/assessment/rounds/${roundId}/results`));
      if (response.status !== 200) throw new Error(`results page answered ${response.status}`);
    });
    const pageMedian = median(page.wall);
    console.log(
      `${engine}: GET results page, computed and rendered ${summary(page)} — ${ratio(page, bare)}× the bare aggregate; ` +
        `target ≤ ${TARGET_MS} ms: ${pageMedian <= TARGET_MS ? 'met' : 'NOT met'} — ${load()}`,
    );
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
