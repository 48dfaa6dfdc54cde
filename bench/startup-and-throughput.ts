/*
 * Foundation benchmark. Prints:
 *  - time from the start command to the first 200 from /health, on a new database (migrations and
 *    demo load included) and on an existing one (target: under 3 s once installed);
 *  - requests per second for the signed-in home page at 50 concurrent connections (target: ≥ 500/s).
 * Usage: npm run bench (or node bench/startup-and-throughput.ts [seconds])
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/support/postgres-server.ts';
import { TestClient } from '../test/support/app.ts';

const seconds = Number(process.argv[2] ?? 10);
const CONNECTIONS = 50;

async function startAndTime(env: Record<string, string>): Promise<{ child: ChildProcess; ms: number; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', 'src/main.ts', 'start'], {
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      SESSION_SECRET: 'bench-secret-bench-secret-bench-secret',
    },
    stdio: 'ignore',
  });
  for (;;) {
    const ok = await fetch(`${url}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return { child, ms: performance.now() - started, url };
    if (child.exitCode !== null) throw new Error('the server exited before answering');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

function get(agent: Agent, url: URL, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: url.hostname, port: url.port, path: '/', headers: { cookie } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function throughput(baseUrl: string): Promise<{ rps: number; errors: number; p95: number }> {
  const client = new TestClient(baseUrl);
  await client.signIn('admin@demoshire.example');
  const cookie = (client as unknown as { cookies: Map<string, string> }).cookies;
  const header = [...cookie].map(([k, v]) => `${k}=${v}`).join('; ');
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const url = new URL(baseUrl);
  const until = performance.now() + seconds * 1000;
  let done = 0;
  let errors = 0;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        const status = await get(agent, url, header).catch(() => 0);
        latencies.push(performance.now() - t);
        if (status === 200) done++;
        else errors++;
      }
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { rps: done / seconds, errors, p95: latencies[Math.floor(latencies.length * 0.95)] ?? 0 };
}

const dir = mkdtempSync(join(tmpdir(), 'ow-bench-'));
try {
  const env = { SQLITE_FILE: join(dir, 'bench.sqlite') };
  const fresh = await startAndTime(env);
  await stop(fresh.child);
  const warm = await startAndTime(env);
  console.log(`start → first 200, new database (migrate + demo): ${fresh.ms.toFixed(0)} ms`);
  console.log(`start → first 200, existing database:             ${warm.ms.toFixed(0)} ms (target < 3000 ms)`);
  const result = await throughput(warm.url);
  console.log(
    `signed-in home page, ${CONNECTIONS} connections, ${seconds} s: ${result.rps.toFixed(0)} requests/s, p95 ${result.p95.toFixed(1)} ms, ${result.errors} errors (target ≥ 500/s)`,
  );
  await stop(warm.child);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
