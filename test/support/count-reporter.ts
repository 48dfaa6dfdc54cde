/*
 * A node:test reporter that counts tests (not suites) passed, failed and skipped, and writes the
 * counts as JSON once the run ends. test/support/run-tests.ts prints them with the axe count.
 */
import type { TestEvent } from 'node:test/reporters';

export default async function* countReporter(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details.type === 'suite') continue;
    if (event.data.skip !== undefined || event.data.todo !== undefined) counts.skipped += 1;
    else if (event.type === 'test:pass') counts.passed += 1;
    else counts.failed += 1;
  }
  yield JSON.stringify(counts);
}
