/*
 * The load probe: N concurrent signed-in users, each requesting the next page of the mix as soon
 * as the last one answered (home, a round's results, the workforce profile, the results API), for
 * S seconds; /health polled throughout on a connection of its own. Then a short burst at 3× the
 * users, past capacity, which must be shed with 503 + Retry-After and never time out.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  busiestRound,
  cookieHeader,
  demoEmail,
  demoPartnerships,
  mintToken,
  mixPages,
  type MixPage,
  openTargetDatabase,
  signedIn,
} from './fixtures.ts';
import { postmasterPid, treeCpuMs } from './cpu.ts';
import type { ProbeContext, ProbeResult } from './probe.ts';

// Longer than the app's own time limit (REQUEST_TIMEOUT_SECONDS, 10 s), which must answer first.
const TIMEOUT_MS = 15_000;
const SESSIONS = 8;

interface Outcome {
  page: string;
  status: number;
  ms: number;
  retryAfter: boolean;
  timeout: boolean;
}

function get(agent: Agent, base: URL, { page, path, headers }: Mix): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (status: number, retryAfter = false, timeout = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ page, status, ms: performance.now() - started, retryAfter, timeout });
    };
    const req = request({ agent, host: base.hostname, port: base.port, path, headers }, (res) => {
      res.resume();
      res.on('end', () => finish(res.statusCode ?? 0, res.headers['retry-after'] !== undefined));
      res.on('error', () => finish(0));
    });
    const timer = setTimeout(() => {
      finish(0, false, true);
      req.destroy();
    }, TIMEOUT_MS);
    req.on('error', () => finish(0));
    req.end();
  });
}

export const percentile = (sorted: number[], p: number): number =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) : 0;

type Mix = MixPage;

async function pageMix(ctx: ProbeContext): Promise<Mix[]> {
  const db = openTargetDatabase(ctx);
  try {
    const { current } = await demoPartnerships(db);
    const round = await busiestRound(db, current);
    const token = await mintToken(db, current, demoEmail('partnership_admin'));
    const cookies: string[] = [];
    for (let i = 0; i < SESSIONS; i++)
      cookies.push(cookieHeader(await signedIn(ctx.baseUrl, demoEmail('partnership_admin'))));
    const mix: Mix[] = [];
    for (const cookie of cookies) mix.push(...mixPages(round, cookie, token));
    return mix;
  } finally {
    await db.close();
  }
}

interface Phase {
  outcomes: Outcome[];
  seconds: number;
}

async function drive(ctx: ProbeContext, mix: Mix[], users: number, seconds: number): Promise<Phase> {
  const base = new URL(ctx.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: users });
  const outcomes: Outcome[] = [];
  const started = performance.now();
  const until = started + seconds * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: users }, async () => {
      while (performance.now() < until) {
        const page = mix[next++ % mix.length] as Mix;
        outcomes.push(await get(agent, base, page));
      }
    }),
  );
  agent.destroy();
  return { outcomes, seconds: (performance.now() - started) / 1000 };
}

/** Polls /health from a process of its own (bench/soak/health-poller.ts) until stopped. */
function pollHealth(ctx: ProbeContext): { stop(): Promise<{ ms: number[]; failures: number }> } {
  const poller = fileURLToPath(new URL('./health-poller.ts', import.meta.url));
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', poller, ctx.baseUrl], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      return JSON.parse(output || '{"ms":[],"failures":0}') as { ms: number[]; failures: number };
    },
  };
}

const SPREAD = [5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99];

function summarise(prefix: string, phase: Phase): ProbeResult {
  const sorted = phase.outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const fiveHundreds = phase.outcomes.filter((o) => o.status >= 500);
  const shed = fiveHundreds.filter((o) => o.status === 503);
  return {
    [`${prefix} requests`]: phase.outcomes.length,
    [`${prefix} req/s`]: Math.round(phase.outcomes.length / phase.seconds),
    // The spread: a closed loop's requests wait behind each other, so the tail is the queue's, not a page's.
    [`${prefix} p5 p10 … p90 p95 p99 ms`]: SPREAD.map((q) => Math.round(percentile(sorted, q))).join(' '),
    [`${prefix} p50 ms`]: Math.round(percentile(sorted, 50)),
    [`${prefix} p95 ms`]: Math.round(percentile(sorted, 95)),
    [`${prefix} p99 ms`]: Math.round(percentile(sorted, 99)),
    [`${prefix} errors`]: phase.outcomes.filter((o) => o.status === 0 && !o.timeout).length,
    [`${prefix} timeouts`]: phase.outcomes.filter((o) => o.timeout).length,
    [`${prefix} 5xx`]: fiveHundreds.length,
    [`${prefix} 503`]: shed.length,
    [`${prefix} 503 without Retry-After`]: shed.filter((o) => !o.retryAfter).length,
    [`${prefix} other non-200`]: phase.outcomes.filter((o) => o.status > 0 && o.status !== 200 && o.status < 500)
      .length,
  };
}

/** Each page's own p50 and p95 in a phase. */
function perPage(prefix: string, phase: Phase): ProbeResult {
  const figures: ProbeResult = {};
  for (const page of new Set(phase.outcomes.map((o) => o.page))) {
    const sorted = phase.outcomes
      .filter((o) => o.page === page)
      .map((o) => o.ms)
      .sort((a, b) => a - b);
    figures[`${prefix} ${page} p50 / p95 ms`] =
      `${Math.round(percentile(sorted, 50))} / ${Math.round(percentile(sorted, 95))}`;
  }
  return figures;
}

/**
 * What the machine was doing and what the app cost: the load average, and the CPU time of the app's
 * processes (and PostgreSQL's) per request answered, from which a CPU-bound rate for this machine's
 * cores when idle follows (an estimate: it ignores waiting on locks and I/O).
 */
function cpuCost(ctx: ProbeContext, run: () => Promise<Phase>): Promise<{ phase: Phase; figures: ProbeResult }> {
  const database = postmasterPid(ctx.databaseUrl);
  const loadBefore = loadavg()[0] ?? 0;
  const appBefore = treeCpuMs(ctx.appPid);
  const databaseBefore = treeCpuMs(database);
  const clientBefore = process.cpuUsage();
  return run().then((phase) => {
    const client = process.cpuUsage(clientBefore);
    const requests = Math.max(1, phase.outcomes.length);
    // A 503 costs the app next to nothing, so the cost of a page is over the requests it answered.
    const answered = Math.max(1, phase.outcomes.filter((o) => o.status !== 503).length);
    const appMs = treeCpuMs(ctx.appPid) - appBefore;
    const databaseMs = treeCpuMs(database) - databaseBefore;
    const perPage = (appMs + databaseMs) / answered;
    const cores = cpus().length;
    return {
      phase,
      figures: {
        'load average (1 min) before / after': `${loadBefore.toFixed(1)} / ${(loadavg()[0] ?? 0).toFixed(1)}`,
        'load app CPU ms per request': Number((appMs / requests).toFixed(2)),
        'load app CPU ms per page answered (not 503)': Number((appMs / answered).toFixed(2)),
        'load database CPU ms per page answered': Number((databaseMs / answered).toFixed(2)),
        // The load generator shares the cores: what it takes is not the app's to use.
        'load generator CPU ms per request': Number(((client.user + client.system) / 1000 / requests).toFixed(2)),
        'load app CPU cores used': Number((appMs / (phase.seconds * 1000)).toFixed(2)),
        [`load CPU-bound pages/s on ${cores} idle cores`]: perPage > 0 ? Math.round((cores * 1000) / perPage) : 0,
      },
    };
  });
}

export async function loadProbe(ctx: ProbeContext, users: number, seconds: number): Promise<ProbeResult> {
  const mix = await pageMix(ctx);
  ctx.log(`${users} users for ${seconds} s over ${mix.length / SESSIONS} pages`);
  const health = pollHealth(ctx);
  const { phase: load, figures: cost } = await cpuCost(ctx, () => drive(ctx, mix, users, seconds));
  const during = await health.stop();
  const overloadSeconds = Math.max(5, Math.min(15, Math.round(seconds / 4)));
  ctx.log(`past capacity: ${users * 3} users for ${overloadSeconds} s`);
  const overloadHealth = pollHealth(ctx);
  const overload = await drive(ctx, mix, users * 3, overloadSeconds);
  const past = await overloadHealth.stop();
  return {
    ...summarise('load', load),
    // A closed loop: each user asks again when answered, so by Little's law the mean wait is users ÷
    // throughput before any spread; a p95 target below it needs more throughput, not a shorter queue.
    'load mean ms by Little’s law': Math.round((users * 1000 * load.seconds) / Math.max(1, load.outcomes.length)),
    ...perPage('load', load),
    ...cost,
    'load health checks': during.ms.length,
    'load health p99 ms': Math.round(
      percentile(
        during.ms.sort((a, b) => a - b),
        99,
      ),
    ),
    'load health failures': during.failures,
    ...summarise('overload', overload),
    'overload health p99 ms': Math.round(
      percentile(
        past.ms.sort((a, b) => a - b),
        99,
      ),
    ),
    'overload health failures': past.failures,
  };
}
