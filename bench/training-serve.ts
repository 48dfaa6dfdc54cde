/*
 * The served application for the training bench: started from this working tree or from a
 * snapshot of another git commit (to measure before and after in the same run, on the same
 * database and the same machine load), and the CPU time its processes use.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatabaseEngine } from '../src/config.ts';
import type { TestDatabase } from '../test/support/databases.ts';
import type { TestClient } from '../test/support/app.ts';
import { freePort } from '../test/support/postgres-server.ts';
import { sessionForm } from '../test/support/training.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

/** `src` and package.json of a git commit in a temporary directory that uses this tree's node_modules. */
export function snapshotOf(ref: string): { root: string; remove(): void } {
  const root = mkdtempSync(path.join(tmpdir(), 'ow-bench-'));
  const archive = execFileSync('git', ['archive', ref, 'src', 'package.json'], { cwd: ROOT, maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', root], { input: archive });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** The served processes' 503s so far, by the reason each logged (docs/adr/0045). */
export type Reasons = Map<string, number>;

function reasonOf(line: string): string | undefined {
  try {
    const entry: unknown = JSON.parse(line);
    if (typeof entry !== 'object' || entry === null || !('status' in entry) || !('reason' in entry)) return undefined;
    return entry.status === 503 && typeof entry.reason === 'string' ? entry.reason : undefined;
  } catch {
    return undefined;
  }
}

/** Counts the 503 lines of the server's JSON log by reason; passes any other line on to stderr. */
function countUnavailable(child: ChildProcess, reasons: Reasons): void {
  let rest = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      const reason = reasonOf(line);
      if (reason) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      else if (line.trim()) process.stderr.write(`${line}\n`);
    }
  });
}

/** Serves the application of `root` (this tree by default) with production settings, one worker per core. */
export async function serve(
  database: TestDatabase,
  engine: DatabaseEngine,
  root = ROOT,
): Promise<{ child: ChildProcess; url: string; reasons: Reasons }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const main = path.join(root, 'src', 'main.ts');
  // A CPU profile of each served process (the cluster's workers take the primary's flags); Node
  // refuses --cpu-prof in NODE_OPTIONS.
  const profile = process.env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, '--disable-warning=ExperimentalWarning', main, 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...(engine === 'postgres'
        ? { DATABASE_URL: database.url }
        : { SQLITE_FILE: database.sqliteFile, DATABASE_URL: '' }),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      SESSION_SECRET: 'bench-secret-bench-secret-bench-secret',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const reasons: Reasons = new Map();
  countUnavailable(child, reasons);
  for (;;) {
    const ok = await fetch(`${url}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return { child, url, reasons };
    if (child.exitCode !== null) throw new Error('the server exited before answering');
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

const TICKS_PER_SECOND = 100;

/** CPU time (ms, user + system) used so far by a process and its live children (the cluster's workers), from /proc. */
export function cpuOfTree(pid: number): number {
  const stats = new Map<number, { parent: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(entry), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended while we read the list.
    }
  }
  let ticks = 0;
  for (const [id, stat] of stats) if (id === pid || stat.parent === pid) ticks += stat.ticks;
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** A course's new session through the coordinator's form; returns its id. */
export async function newSession(client: TestClient, courseId: number, places: number): Promise<number> {
  await client.get(`/training/courses/${courseId}/sessions/new`);
  const start = new Date(Date.now() + 40 * 86_400_000);
  const response = await client.post(
    `/training/courses/${courseId}/sessions/new`,
    sessionForm(start, places, { venue: 'Bench hall' }),
  );
  const id = Number(/\/training\/sessions\/(\d+)$/.exec(response.location ?? '')?.[1]);
  if (!id) throw new Error(`session not added: ${response.status}`);
  return id;
}
