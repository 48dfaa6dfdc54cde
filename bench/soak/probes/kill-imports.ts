/*
 * Crash-safety probe: starts its own server over the engine's database, sends a large return to
 * the API (submitting it), kills the server with SIGKILL part-way, 20 times, starting it again
 * each time. After each start it checks: no partial return (every current return has exactly its
 * records), no pending return or 'validating' upload left behind, no temp files of the killed
 * process. Run by `npm run soak`; alone: node bench/soak/probes/kill-imports.ts [sqlite|postgres URL].
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../../../src/db/database.ts';
import { freePort } from '../../../test/support/postgres-server.ts';
import { csv, worker } from '../../../test/support/workforce-returns.ts';
import { dataLead, type ProbeContext, type ProbeResult, tempFileCount, waitForHealth } from '../upload-support.ts';

const KILLS = Number(process.env.KILL_IMPORTS ?? 20);
const ROWS = 60_000;

async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', 'src/main.ts', 'start'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    stdio: 'ignore',
  });
  await waitForHealth(url);
  return { child, url };
}

/** Partial returns, leftovers of interrupted uploads, as counts. */
async function consistency(database: { engine: 'sqlite' | 'postgres'; url: string; sqliteFile: string }) {
  const db = openDatabase(database);
  try {
    const partial = await sql<{ n: number }>`select count(*) as n from workforce_returns r
      where r.status = 'current' and r.worker_count <> (select count(*) from worker_records w where w.return_id = r.id)`.execute(
      db.kysely,
    );
    const orphans = await sql<{ n: number }>`select count(*) as n from workforce_returns r
      where r.status = 'pending' and not exists (select 1 from return_uploads u where u.id = r.upload_id and u.status in ('valid', 'validating'))`.execute(
      db.kysely,
    );
    const validating = await sql<{
      n: number;
    }>`select count(*) as n from return_uploads where status = 'validating'`.execute(db.kysely);
    return {
      partial: Number(partial.rows[0]?.n ?? 0),
      orphans: Number(orphans.rows[0]?.n ?? 0),
      validating: Number(validating.rows[0]?.n ?? 0),
    };
  } finally {
    await db.close();
  }
}

export async function probe(ctx: ProbeContext): Promise<ProbeResult> {
  const scratch = mkdtempSync(join(tmpdir(), 'ow-soak-kill-'));
  const database = {
    engine: ctx.engine,
    url: ctx.engine === 'postgres' ? (ctx.databaseUrl ?? '') : '',
    sqliteFile: join(scratch, 'kill.sqlite'),
  };
  const env = {
    SESSION_SECRET: 'soak-secret-soak-secret-soak-secret',
    ...(ctx.engine === 'postgres' ? { DATABASE_URL: database.url } : { SQLITE_FILE: database.sqliteFile }),
  };
  const body = csv(Array.from({ length: ROWS }, (_, i) => worker(`K${i}`)));
  const totals = { kills: 0, committed: 0, partial: 0, orphans: 0, validating: 0, temps: 0 };
  let server = await startServer(env);
  try {
    const { token, organisationId } = await dataLead(server.url);
    for (let round = 1; round <= KILLS; round++) {
      const killedPid = server.child.pid ?? 0;
      const answer = fetch(`${server.url}/api/v1/organisations/${organisationId}/returns/2041-03-31?commit=true`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
        body,
      }).then(
        (r) => r.status,
        () => 0,
      );
      await new Promise((resolve) => setTimeout(resolve, 200 + ((round * 397) % 2500)));
      server.child.kill('SIGKILL');
      if ((await answer) === 201) totals.committed++;
      totals.kills++;
      server = await startServer(env);
      const check = await consistency(database);
      const temps = await tempFileCount([killedPid]);
      totals.partial += check.partial;
      totals.orphans += check.orphans;
      totals.validating += check.validating;
      totals.temps += temps;
      ctx.log(`kill ${round}: ${JSON.stringify({ ...check, temps })}`);
    }
  } finally {
    server.child.kill('SIGTERM');
    rmSync(scratch, { recursive: true, force: true });
  }
  return {
    'kill -9 during import': totals.kills,
    'finished before the kill': totals.committed,
    'partial returns': totals.partial,
    'orphaned pending returns': totals.orphans,
    "uploads left 'validating'": totals.validating,
    'temp files of killed servers': totals.temps,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = process.argv[2] ?? 'sqlite';
  const engine = target.startsWith('postgres') ? 'postgres' : 'sqlite';
  const figures = await probe({
    baseUrl: '',
    engine,
    databaseUrl: engine === 'postgres' ? target : undefined,
    log: (m) => console.log(`  kill-imports: ${m}`),
  });
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(32)} ${value}`);
}
