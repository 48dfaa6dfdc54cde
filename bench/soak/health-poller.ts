/*
 * Polls /health every 100 ms in a process of its own, so the load generator's busy event loop does
 * not count against the app; on SIGTERM prints {"ms": [...], "failures": n} and exits.
 * Usage: node bench/soak/health-poller.ts <baseUrl>
 */
import { Agent, request } from 'node:http';

const base = new URL(process.argv[2] ?? 'http://127.0.0.1:3000');
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const ms: number[] = [];
let failures = 0;
let running = true;

function check(): Promise<void> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request({ agent, host: base.hostname, port: base.port, path: '/health', timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => {
        ms.push(performance.now() - started);
        if (res.statusCode !== 200) failures++;
        resolve();
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      ms.push(performance.now() - started);
      failures++;
      resolve();
    });
    req.end();
  });
}

process.once('SIGTERM', () => {
  running = false;
});
while (running) {
  await check();
  await new Promise((r) => setTimeout(r, 100));
}
process.stdout.write(JSON.stringify({ ms, failures }));
agent.destroy();
