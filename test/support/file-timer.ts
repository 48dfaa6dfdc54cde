/*
 * Loaded into every test process by test/support/run-tests.ts (--import): when the process ends it
 * appends its test file, start and end times, CPU seconds and phase totals (test/support/phase-timer.ts)
 * to TEST_FILE_TIMINGS, from which the runner prints the slowest files, where their time went and
 * the time the run spent with fewer files running than it could.
 */
import { appendFileSync } from 'node:fs';
import { cpuSeconds, phaseTotals, sampleChildrenCpu } from './phase-timer.ts';

const destination = process.env.TEST_FILE_TIMINGS;
const file = process.argv[1];
if (destination && file) {
  const start = Math.round(performance.timeOrigin);
  sampleChildrenCpu();
  process.on('exit', () => {
    const line = { file, start, end: Date.now(), cpu: cpuSeconds(), phases: phaseTotals() };
    appendFileSync(destination, `${JSON.stringify(line)}\n`);
  });
}
