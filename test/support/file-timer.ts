/*
 * Loaded into every test process by test/support/run-tests.ts (--import): when the process ends it
 * appends its test file, start and end times to TEST_FILE_TIMINGS, from which the runner prints
 * the slowest files and the time the run spent with fewer files running than it could.
 */
import { appendFileSync } from 'node:fs';

const destination = process.env.TEST_FILE_TIMINGS;
const file = process.argv[1];
if (destination && file) {
  const start = Math.round(performance.timeOrigin);
  process.on('exit', () => {
    appendFileSync(destination, `${JSON.stringify({ file, start, end: Date.now() })}\n`);
  });
}
