/*
 * Shared by the upload probes (probes/fuzz.ts, probes/kill-imports.ts) and bench/upload-limits.ts:
 * the probe contract's types (bench/soak/probe.ts), the server's processes found by their
 * listening port (for memory and open-file counts), temp file counts, and a signed-in data lead
 * with an API token. Not a probe itself, so it lives outside probes/.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { TestClient } from '../../test/support/app.ts';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';

export type { ProbeContext, ProbeResult } from './probe.ts';

/** The socket inode listening on the port (IPv4 or IPv6), from /proc/net. */
async function listeningInode(port: number): Promise<string | null> {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const parts = line.trim().split(/\s+/);
      if (parts[1]?.endsWith(`:${hex}`) && parts[3] === '0A') return parts[9] ?? null;
    }
  }
  return null;
}

/** The processes holding the server's listening socket (one, or a cluster's primary and workers). */
export async function serverPids(baseUrl: string): Promise<number[]> {
  const inode = await listeningInode(Number(new URL(baseUrl).port));
  if (!inode) return [];
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fds = await readdir(`/proc/${entry}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      if ((await readlink(`/proc/${entry}/fd/${fd}`).catch(() => '')) === `socket:[${inode}]`) {
        pids.push(Number(entry));
        break;
      }
    }
  }
  return pids;
}

async function status(pid: number, field: string): Promise<number> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0) / 1024;
}

/** Memory now and at its peak (MB, summed over the processes) and open file handles. */
export async function processFigures(pids: number[]) {
  let rss = 0;
  let peak = 0;
  let handles = 0;
  for (const pid of pids) {
    rss += await status(pid, 'VmRSS');
    peak += await status(pid, 'VmHWM');
    handles += (await readdir(`/proc/${pid}/fd`).catch(() => [] as string[])).length;
  }
  return { rssMb: Math.round(rss), peakRssMb: Math.round(peak), handles };
}

/** Upload temp files in the temp directory: ours (ow-upload-/ow-api-) and exceljs's (tmp-<pid>-). */
export async function tempFileCount(pids?: number[]): Promise<number> {
  const names = await readdir(tmpdir()).catch(() => [] as string[]);
  return names.filter((n) => {
    const match = /^(?:ow-(?:upload|api)-(\d+)-|tmp-(\d+)-)/.exec(n);
    return match && (!pids || pids.includes(Number(match[1] ?? match[2])));
  }).length;
}

export { processAlive as alive } from '../../src/lib/temp-files.ts';

/** The demo data lead, signed in, with an API token and their organisation's id. */
export async function dataLead(
  baseUrl: string,
): Promise<{ client: TestClient; token: string; organisationId: number }> {
  const client = new TestClient(baseUrl);
  await client.signIn('datalead@demoshire.example', DEMO_PASSWORD);
  const landing = await client.get('/workforce');
  const organisationId = Number(/\/workforce\/organisations\/(\d+)\/returns/.exec(landing.text)?.[1]);
  if (!organisationId) throw new Error('the demo data lead has no organisation');
  await client.get('/account');
  const created = await client.post('/account/tokens', { name: `soak ${Date.now()}` });
  const token = /name="secret"[^>]*value="([^"]+)"/.exec(created.text)?.[1];
  if (!token) throw new Error(`could not create an API token (${created.status})`);
  return { client, token, organisationId };
}

export async function waitForHealth(baseUrl: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const ok = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${baseUrl}/health did not answer within ${timeoutMs} ms`);
}
