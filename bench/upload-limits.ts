/*
 * Upload limits benchmark (issue 12 targets). Starts a server (SQLite in a temp directory, or the
 * PostgreSQL database in DATABASE_URL), uploads the 150,000-row sparse workbook (only column A
 * filled) through the web form as the demo data lead, then downloads its problem report as XLSX
 * and CSV. Prints the time to the answer (target < 5 s), each download's time (target < 2 s) and
 * the server's resident memory sampled every 20 ms while downloading (target < 300 MB).
 * Usage: node bench/upload-limits.ts [rows]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/support/postgres-server.ts';
import { sparseXlsx } from '../test/support/hostile-files.ts';
import { dataLead, waitForHealth } from './soak/upload-support.ts';

const rows = Number(process.argv[2] ?? 150_000);
const scratch = mkdtempSync(join(tmpdir(), 'ow-bench-limits-'));
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', 'src/main.ts', 'start'], {
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret',
    SQLITE_FILE: join(scratch, 'bench.sqlite'),
  },
  stdio: 'ignore',
});

const rssMb = () => Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** Runs `work` while sampling the server's RSS; the time taken and the highest RSS seen. */
async function measured<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; peakMb: number }> {
  let peakMb = rssMb();
  const sampler = setInterval(() => (peakMb = Math.max(peakMb, rssMb())), 20);
  const started = performance.now();
  try {
    const value = await work();
    return { value, ms: performance.now() - started, peakMb: Math.max(peakMb, rssMb()) };
  } finally {
    clearInterval(sampler);
  }
}

try {
  await waitForHealth(url);
  const { client } = await dataLead(url);
  const file = sparseXlsx(rows);
  console.log(`Sparse workbook: ${rows.toLocaleString('en-GB')} rows, ${(file.length / 1024 / 1024).toFixed(2)} MB`);
  await client.get('/workforce/submit');
  const upload = await measured(() =>
    client.postMultipart(
      '/workforce/submit',
      { 'census-date-day': '30', 'census-date-month': '9', 'census-date-year': '2042' },
      { field: 'file', name: 'sparse.xlsx', content: new Uint8Array(file) },
    ),
  );
  const page = await client.get(upload.value.location ?? '/');
  const refused = /so it was not checked to the end/.test(page.text);
  console.log(
    `Upload answered: ${upload.value.status} in ${Math.round(upload.ms)} ms (target < 5000), refused early: ${refused}, server RSS peak ${Math.round(upload.peakMb)} MB`,
  );
  for (const format of ['xlsx', 'csv']) {
    const download = await measured(() => client.get(`${upload.value.location}/problems.${format}`));
    console.log(
      `problems.${format}: ${download.value.status}, ${download.value.text.length.toLocaleString('en-GB')} characters in ${Math.round(download.ms)} ms (target < 2000), server RSS peak ${Math.round(download.peakMb)} MB (target < 300)`,
    );
  }
} finally {
  child.kill('SIGTERM');
  rmSync(scratch, { recursive: true, force: true });
}
