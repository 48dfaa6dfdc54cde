/// <reference lib="dom" />
/*
 * axe-core run in the page itself, injected only when the page does not hold it yet. A page keeps
 * axe across setContent (the scriptless pages' helper page in accessibility.ts is reused), so its
 * checks after the first skip the injection and run on code V8 has already compiled: about half the
 * renderer's CPU of a fresh injection on a small page. The rules, tags and result types are those
 * @axe-core/playwright's legacy mode ran with (docs/adr/0039, 0040); it injected the source twice per check.
 */
import axe from 'axe-core';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export type AxeFindings = Pick<AxeResults, 'violations' | 'incomplete'>;

/** axe's violations and undecided results on the page as it is now; only those carry every node's selector. */
export async function runAxe(target: Page): Promise<AxeFindings> {
  const present = await target.evaluate(() => typeof (window as { axe?: { run?: unknown } }).axe?.run === 'function');
  if (!present) await target.evaluate(`${axe.source}\n;axe.configure({ allowedOrigins: ['<same_origin>'] });`);
  return target.evaluate(async (tags) => {
    const results = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations', 'incomplete'],
    });
    return { violations: results.violations, incomplete: results.incomplete };
  }, AXE_TAGS);
}
