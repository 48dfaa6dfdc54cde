/*
 * The browser tests' accessibility check: no sideways scrolling at the page's width on every visit,
 * and axe (WCAG 2.0–2.2 A and AA, best practice) once per page kind × state × width × JavaScript in
 * the whole run, failing on any violation and on colour contrast axe could not decide for text
 * that is not part of a chart.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { claimAxeCheck } from './axe-registry.ts';
import { defectsSeen, knownDefect } from './known-layout-defects.ts';

const scriptless = new WeakSet<BrowserContext>();

/** Marks a context as one with JavaScript off (see newContext in browser.ts). */
export function markScriptless(context: BrowserContext): void {
  scriptless.add(context);
}

/** Pages that differ only in ids or in the values of their query parameters are one kind. */
export function pageKind(url: URL): string {
  const path = url.pathname.replace(/\/\d+(?=\/|$)/g, '/:id').replace(/\/[A-Za-z0-9_-]{20,}(?=\/|$)/g, '/:token');
  const keys = [...new Set(url.searchParams.keys())].sort().join('&');
  return keys ? `${path}?${keys}` : path;
}

/**
 * A page's state: the design-system components it shows (error summary, table, tag, …), so that a
 * page kind with an error, an empty list or a filled table is checked once in each of those states.
 */
async function pageState(page: Page): Promise<string> {
  const classes = await page.$$eval('body [class]', (elements) => elements.map((e) => e.getAttribute('class') ?? ''));
  const found = new Set(
    classes.flatMap((c) => c.split(/\s+/)).filter((name) => /^(govuk|app|moj)-[a-z0-9-]+$/.test(name)),
  );
  if ((await page.locator('svg').count()) > 0) found.add('svg');
  return [...found].sort().join(' ');
}

const helperPages = new WeakMap<Browser, Map<number, Promise<Page>>>();

/** One scripted page per browser and width, reused for every scriptless page's check. */
function helperPage(browser: Browser, width: number, height: number): Promise<Page> {
  const pages = helperPages.get(browser) ?? new Map<number, Promise<Page>>();
  helperPages.set(browser, pages);
  let page = pages.get(width);
  if (!page) {
    page = browser.newContext({ viewport: { width, height } }).then((context) => context.newPage());
    pages.set(width, page);
  }
  return page;
}

/**
 * axe runs as a script, which a page with JavaScript disabled will not run: check that page's
 * markup, as served without JavaScript, in a scripted page of the same size on the same origin.
 */
async function pageForAxe(page: Page): Promise<{ target: Page; html: string }> {
  const html = (await page.content()).replace(/<script[\s\S]*?<\/script>/g, '');
  if (!scriptless.has(page.context())) return { target: page, html };
  const browser = page.context().browser();
  if (!browser) throw new Error('no browser');
  const { width, height } = page.viewportSize() ?? { width: 1280, height: 800 };
  const target = await helperPage(browser, width, height);
  const origin = new URL(page.url()).origin;
  if (!target.url().startsWith(origin)) await target.goto(new URL('/health', origin).toString());
  await target.setContent(html);
  return { target, html };
}

/** Markup with what differs on every request (CSRF tokens, nonces, the scripts' class) taken out. */
function markupHash(html: string): string {
  const normal = html
    .replace(/name="_csrf" value="[^"]*"/g, '')
    .replace(/_csrf=[^"&]*/g, '')
    .replace(/ nonce="[^"]*"/g, '')
    .replace(/ govuk-frontend-supported/g, '');
  return createHash('sha256').update(normal).digest('hex');
}

async function sidewaysScroll(target: Page): Promise<string[]> {
  const [documentWidth, viewportWidth] = (await target.evaluate(
    '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
  )) as [number, number];
  return documentWidth > viewportWidth
    ? [`sideways scroll: the page is ${documentWidth} px wide in a ${viewportWidth} px viewport`]
    : [];
}

async function axeProblems(target: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page: target })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const problems = results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')}`,
  );
  for (const rule of results.incomplete.filter((r) => r.id === 'color-contrast')) {
    for (const node of rule.nodes) {
      const selectors = [node.target, ...node.any.flatMap((c) => (c.relatedNodes ?? []).map((r) => r.target))].map(
        (t) => t.join(' '),
      );
      let overChart = false;
      for (const selector of selectors)
        overChart ||= await target.$eval(selector, (e) => e.closest('svg') !== null).catch(() => false);
      // A one- or two-character cell (a suppression symbol "c", "x") is undecided only because axe
      // cannot tell it from an icon; such cells take their table's text colour, which axe decides elsewhere.
      if (overChart || /too short to determine if it is actual text content/.test(node.failureSummary ?? '')) continue;
      const text = await target.$eval(selectors[0] ?? 'body', (e) => e.textContent ?? '').catch(() => '');
      const reason = node.failureSummary?.split('\n').pop()?.trim();
      problems.push(`color-contrast undecided: ${reason} — ${selectors[0]} "${text.replace(/\s+/g, ' ').trim()}"`);
    }
  }
  return problems;
}

/** The check's problems on the page as it is now, after taking out the known layout defects. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const { target, html } = await pageForAxe(page);
  const kind = pageKind(new URL(page.url()));
  const javaScript = scriptless.has(page.context()) ? 'js-off' : 'js-on';
  const width = target.viewportSize()?.width ?? 1280;
  const problems = await sidewaysScroll(target);
  const sameMarkup = !claimAxeCheck(`markup ${width}px ${markupHash(html)}`);
  const key = `kind ${kind} | ${await pageState(target)} | ${width}px | ${javaScript}`;
  if (claimAxeCheck(key) && !(javaScript === 'js-off' && sameMarkup)) problems.push(...(await axeProblems(target)));
  return problems.filter((problem) => {
    const known = knownDefect(kind, width, problem);
    if (known) defectsSeen.add(known);
    return !known;
  });
}

/** Fails on sideways scrolling, any axe violation, or undecided contrast of text not in a chart. */
export async function expectAccessible(page: Page): Promise<void> {
  assert.deepEqual(await accessibilityProblems(page), [], `accessibility problems on ${page.url()}`);
}
