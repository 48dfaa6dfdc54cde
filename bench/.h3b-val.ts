import { validateReturnBatches } from '../src/features/workforce/validate.ts';
for (let i = 0; i < 4; i++) {
  const c = process.cpuUsage(); let n = 0;
  for await (const b of validateReturnBatches({ path: '/tmp/h3b/return.csv', fileName: 'r.csv', censusDate: '2026-09-30' })) n += b.length;
  const u = process.cpuUsage(c); console.log(Math.round((u.user + u.system) / 1000), 'ms CPU', n);
}
