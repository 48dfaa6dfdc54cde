/*
 * Fuzz probe: at least 10,000 generated hostile return files (XLSX, CSV, JSON; builders in
 * test/support/hostile-files.ts) against the returns API and the web upload form, four at a time.
 * Prints 5xx answers, hangs (answers slower than 10 s), server deaths, the server's peak memory,
 * and its open file handles and temp files before and after (they must come back to the start).
 * Run by `npm run soak`; alone: node bench/soak/probes/fuzz.ts <baseUrl> [files].
 */
import { HOSTILE_CSV, HOSTILE_JSON, HOSTILE_XLSX, sparseXlsx } from '../../../test/support/hostile-files.ts';
import {
  alive,
  dataLead,
  processFigures,
  type ProbeContext,
  type ProbeResult,
  serverPids,
  tempFileCount,
} from '../upload-support.ts';

const LANES = 4;
const HANG_MS = 10_000;

interface Case {
  name: string;
  body: Buffer | string;
  /** 'web' posts the form; 'csv' and 'json' post to the API with that content type. */
  via: 'web' | 'csv' | 'json';
}

const xlsxKinds = Object.entries(HOSTILE_XLSX).filter(([k]) => k !== 'sharedStringBomb');
const csvKinds = Object.entries(HOSTILE_CSV);
const jsonKinds = Object.entries(HOSTILE_JSON);

/** The i-th hostile file: mostly bit flips, then every other kind in turn; a few big ones built once. */
function makeCase(i: number, big: { sparse: Buffer; strings: Buffer }): Case {
  if (i % 2500 === 7) return { name: 'sparse-150k.xlsx', body: big.sparse, via: 'web' };
  if (i % 2500 === 8) return { name: 'shared-strings.xlsx', body: big.strings, via: 'web' };
  const pick = i % 10;
  if (pick < 3) return { name: `flip-${i}.xlsx`, body: HOSTILE_XLSX.bitFlip(i), via: 'web' };
  if (pick < 5) {
    const [kind, build] = xlsxKinds[i % xlsxKinds.length];
    return { name: `${kind}-${i}.xlsx`, body: build(i), via: i % 7 === 0 ? 'csv' : 'web' };
  }
  if (pick < 8) {
    const [kind, build] = csvKinds[i % csvKinds.length];
    return { name: `${kind}-${i}.csv`, body: build(i), via: i % 2 ? 'csv' : 'web' };
  }
  const [kind, build] = jsonKinds[i % jsonKinds.length];
  return { name: `${kind}-${i}.json`, body: build(i), via: 'json' };
}

export async function probe(ctx: ProbeContext): Promise<ProbeResult> {
  const FILES = Number(process.env.FUZZ_FILES ?? 10_000);
  const pids = await serverPids(ctx.baseUrl);
  if (!pids.length) throw new Error(`no process is listening at ${ctx.baseUrl}`);
  const { token, organisationId } = await dataLead(ctx.baseUrl);
  const lanes = await Promise.all(Array.from({ length: LANES }, () => dataLead(ctx.baseUrl)));
  const before = { ...(await processFigures(pids)), temps: await tempFileCount() };
  ctx.log(`server ${pids.join(',')}: ${before.rssMb} MB, ${before.handles} handles, ${before.temps} temp files`);
  const big = { sparse: sparseXlsx(150_000), strings: HOSTILE_XLSX.sharedStringBomb() };
  const statuses = new Map<number, number>();
  let hangs = 0;
  let slowest = 0;
  let next = 0;
  let peak = before.peakRssMb;

  async function send(c: Case, lane: number): Promise<number> {
    const census = `2040-0${1 + lane}-28`; // one census date per lane: lanes never wait for each other
    if (c.via === 'web') {
      const client = lanes[lane].client;
      await client.get('/workforce/submit');
      const response = await client.postMultipart(
        '/workforce/submit',
        { 'census-date-day': '28', 'census-date-month': String(1 + lane), 'census-date-year': '2040' },
        { field: 'file', name: c.name, content: typeof c.body === 'string' ? c.body : new Uint8Array(c.body) },
      );
      if (response.status === 303 && response.location) return (await client.get(response.location)).status;
      return response.status;
    }
    const response = await fetch(`${ctx.baseUrl}/api/v1/organisations/${organisationId}/returns/${census}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': c.via === 'json' ? 'application/json' : 'text/csv' },
      body: c.body,
      signal: AbortSignal.timeout(60_000),
    });
    await response.arrayBuffer();
    return response.status;
  }

  await Promise.all(
    Array.from({ length: LANES }, async (_, lane) => {
      for (let i = next++; i < FILES; i = next++) {
        const c = makeCase(i, big);
        const started = performance.now();
        const status = await send(c, lane).catch(() => 0);
        const ms = performance.now() - started;
        slowest = Math.max(slowest, ms);
        if (ms > HANG_MS) hangs++;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status >= 500 || status === 0 || ms > 3000)
          ctx.log(`${c.name} via ${c.via}: ${status || 'no answer'} in ${Math.round(ms)} ms`);
        if (i % 1000 === 0) {
          peak = Math.max(peak, (await processFigures(pids)).peakRssMb);
          ctx.log(`${i} files sent`);
        }
      }
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 6000)); // let idle keep-alive sockets close
  const after = { ...(await processFigures(pids)), temps: await tempFileCount() };
  const count = (test: (s: number) => boolean) =>
    [...statuses].filter(([s]) => test(s)).reduce((sum, [, n]) => sum + n, 0);
  return {
    files: FILES,
    '2xx/3xx': count((s) => s >= 200 && s < 400),
    '4xx': count((s) => s >= 400 && s < 500),
    '5xx': count((s) => s >= 500),
    'no answer': count((s) => s === 0),
    'hangs over 10 s': hangs,
    'slowest answer ms': Math.round(slowest),
    'server deaths': pids.filter((pid) => !alive(pid)).length,
    'peak RSS MB': Math.max(peak, after.peakRssMb),
    'RSS MB before → after': `${before.rssMb} → ${after.rssMb}`,
    'open handles before → after': `${before.handles} → ${after.handles}`,
    'temp files before → after': `${before.temps} → ${after.temps}`,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const baseUrl = process.argv[2] ?? 'http://127.0.0.1:3000';
  if (process.argv[3]) process.env.FUZZ_FILES = process.argv[3];
  const figures = await probe({ baseUrl, engine: 'sqlite', log: (m) => console.log(`  fuzz: ${m}`) });
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(32)} ${value}`);
}
