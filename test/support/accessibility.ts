/// <reference lib="dom" />
/*
 * The browser tests' accessibility check: no sideways scrolling at the page's width on every visit,
 * and axe (WCAG 2.0–2.2 A and AA, best practice) once per page kind × state × width × JavaScript in
 * the whole run, failing on any violation and on colour contrast axe could not decide for text
 * that is not part of a chart.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { claimAxeCheck } from './axe-registry.ts';
import { runAxe } from './axe-run.ts';
import { addPhase, timed } from './phase-timer.ts';

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

const helperPages = new WeakMap<Browser, Map<string, Promise<Page>>>();

/** One scripted page per browser and viewport size, reused for every scriptless page's check. */
function helperPage(browser: Browser, width: number, height: number): Promise<Page> {
  const pages = helperPages.get(browser) ?? new Map<string, Promise<Page>>();
  helperPages.set(browser, pages);
  let page = pages.get(`${width}x${height}`);
  if (!page) {
    page = browser.newContext({ viewport: { width, height } }).then((context) => context.newPage());
    pages.set(`${width}x${height}`, page);
  }
  return page;
}

/**
 * A copy of the page's markup, without scripts, in a scripted page of the same size on the same
 * origin: a page opened with JavaScript off runs no script, not even a check's. The copy's page is
 * reused (a new context costs Chromium a renderer process, about 0.2 s of CPU; docs/adr/0046).
 */
export async function scriptedCopy(page: Page): Promise<Page> {
  const html = (await page.content()).replace(/<script[\s\S]*?<\/script>/g, '');
  const browser = page.context().browser();
  if (!browser) throw new Error('no browser');
  const { width, height } = page.viewportSize() ?? { width: 1280, height: 800 };
  const target = await helperPage(browser, width, height);
  const origin = new URL(page.url()).origin;
  if (!target.url().startsWith(origin)) await target.goto(new URL('/health', origin).toString());
  await target.setContent(html);
  return target;
}

/** axe runs as a script: a scriptless page's markup is checked in a scripted copy. */
function pageForAxe(page: Page): Promise<Page> {
  return scriptless.has(page.context()) ? scriptedCopy(page) : Promise.resolve(page);
}

/**
 * The page's markup with what differs on every request (CSRF tokens, nonces) and what
 * govuk-frontend's scripts add without changing what is shown or announced taken out: the body's
 * `js-enabled govuk-frontend-supported` classes and each component's `data-<module>-init` marker.
 * So a page that its scripts leave otherwise untouched hashes the same with JavaScript on and off.
 * The stylesheets' `.govuk-frontend-supported` rules style accordions, tabs and conditional reveals,
 * whose markup the scripts change anyway; a page showing one (`styled`) keeps its JavaScript setting
 * in the key all the same.
 * At phone widths the service navigation's script hides the menu behind a Menu button. `normal`
 * shows the menu as the server sent it, so the rest of the page is checked once whichever state
 * its menu is in; `menu` is the service navigation as shown, checked once per state and width
 * (docs/adr/0049). It runs in the page too (pageFacts), so it uses nothing from outside its own body.
 */
export function normaliseMarkup(html: string): { normal: string; styled: boolean; menu: string } {
  const shown = html
    .replace(/name="_csrf" value="[^"]*"/g, '')
    .replace(/_csrf=[^"&]*/g, '')
    .replace(/ nonce="[^"]*"/g, '')
    .replace(/ (js-enabled|govuk-frontend-supported)\b/g, '')
    .replace(/ data-[a-z-]+-init=""/g, '');
  const menu = /<section [^>]*class="govuk-service-navigation"[\s\S]*?<\/section>/.exec(shown)?.[0] ?? '';
  const normal = shown
    .replace(
      /(govuk-js-service-navigation-toggle" aria-controls="navigation") aria-expanded="(?:true|false)"/,
      '$1 hidden="" aria-hidden="true"',
    )
    .replace(/(<ul class="govuk-service-navigation__list" id="navigation") hidden=""/, '$1');
  return { normal, styled: /govuk-(accordion|tabs|checkboxes__conditional|radios__conditional)\b/.test(html), menu };
}

export function markupKey(digest: string, styled: boolean, javaScript: 'js-on' | 'js-off'): string {
  return styled ? `${javaScript} ${digest}` : digest;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The key under which a page's markup (without scripts) is checked once per width (docs/adr/0040, 0046, 0049). */
export function markupHash(html: string, javaScript: 'js-on' | 'js-off'): string {
  const { normal, styled } = normaliseMarkup(html);
  return markupKey(sha256(normal), styled, javaScript);
}

/** The key under which the service navigation, as shown, is checked once per width (docs/adr/0049). */
export function menuHash(html: string): string {
  return sha256(normaliseMarkup(html).menu);
}

export interface PageFacts {
  /** SHA-256 of the normalised markup and of its menu as shown, hex; or the markup where the page has no crypto.subtle. */
  digest?: string;
  menuDigest?: string;
  normal?: string;
  menu?: string;
  styled: boolean;
  /** The design-system components shown (error summary, table, tag, …, and svg): the page's state. */
  state: string;
  documentWidth: number;
  viewportWidth: number;
}

/** Evaluated in the page with normaliseMarkup: its markup as page.content() serialises it, scripts left out. */
async function factsInPage(normalise: typeof normaliseMarkup): Promise<PageFacts> {
  const doctype = document.doctype ? new XMLSerializer().serializeToString(document.doctype) : '';
  const html = (doctype + document.documentElement.outerHTML).replace(/<script[\s\S]*?<\/script>/g, '');
  const { normal, styled, menu } = normalise(html);
  const classes = Array.from(document.querySelectorAll('body [class]')).flatMap((e) => Array.from(e.classList));
  const found = new Set(classes.filter((name) => /^(govuk|app|moj)-[a-z0-9-]+$/.test(name)));
  if (document.querySelector('svg')) found.add('svg');
  const facts = {
    styled,
    state: [...found].sort().join(' '),
    documentWidth: document.documentElement.scrollWidth,
    viewportWidth: document.documentElement.clientWidth,
  };
  if (!globalThis.crypto?.subtle) return { ...facts, normal, menu };
  const hex = async (text: string) =>
    [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('');
  return { ...facts, digest: await hex(normal), menuDigest: await hex(menu) };
}

/**
 * The page's markup key, state and width in one evaluation in the page itself (JavaScript off
 * blocks only the page's own scripts), rather than its serialised markup copied to node to be
 * normalised and hashed there (docs/adr/0046).
 */
export async function pageFacts(page: Page): Promise<PageFacts & { digest: string; menuDigest: string }> {
  const facts = (await page.evaluate(`(${factsInPage.toString()})(${normaliseMarkup.toString()})`)) as PageFacts;
  return {
    ...facts,
    digest: facts.digest ?? sha256(facts.normal ?? ''),
    menuDigest: facts.menuDigest ?? sha256(facts.menu ?? ''),
  };
}

interface ContrastFacts {
  selector: string;
  overChart: boolean;
  inScrollRegion?: boolean;
  text?: string;
}

/**
 * For each undecided node (its selector, then its related nodes' selectors): whether any of them
 * is inside an SVG chart, whether the node is inside a scroll region, and its text. One round trip
 * for all of them, not several per node: a 390 px page of wide tables has hundreds.
 */
function undecidedContrastFacts(target: Page, selectorLists: string[][]): Promise<ContrastFacts[]> {
  return target.evaluate(
    (lists) =>
      lists.map((selectors) => {
        const find = (selector: string) => {
          try {
            return document.querySelector(selector);
          } catch {
            return null;
          }
        };
        const node = find(selectors[0] ?? 'body');
        return {
          selector: selectors[0] ?? '',
          overChart: selectors.some((selector) => find(selector)?.closest('svg') != null),
          inScrollRegion: node?.closest('.ow-scroll-region') != null,
          text: node?.textContent ?? '',
        };
      }),
    selectorLists,
  );
}

/** axe's findings on the page as it is now, without claiming a key (the check itself is tested on them). */
export async function axeProblems(target: Page): Promise<string[]> {
  // axe.run in the page itself (legacy mode: no blank page per check; our pages have no cross-origin
  // frames), full detail only for violations and undecided results (docs/adr/0039, test/support/axe-run.ts).
  const results = await runAxe(target);
  const problems = results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')}`,
  );
  const undecided = results.incomplete.filter((r) => r.id === 'color-contrast').flatMap((r) => r.nodes);
  const facts = await undecidedContrastFacts(
    target,
    undecided.map((node) =>
      [node.target, ...node.any.flatMap((c) => (c.relatedNodes ?? []).map((r) => r.target))].map((t) => t.join(' ')),
    ),
  );
  undecided.forEach((node, index) => {
    const { selector, overChart, inScrollRegion, text } = facts[index] ?? { selector: '', overChart: false };
    // A one- or two-character cell (a suppression symbol "c", "x") is undecided only because axe
    // cannot tell it from an icon; such cells take their table's text colour, which axe decides elsewhere.
    if (overChart || /too short to determine if it is actual text content/.test(node.failureSummary ?? '')) return;
    // GOV.UK pagination's ellipsis ("⋯" between page numbers) is a symbol, not text, in the body's
    // text colour; axe leaves symbols undecided. Only that item is let through.
    const symbolOnly = /only non-text characters/.test(node.failureSummary ?? '');
    if (symbolOnly && node.target.join(' ').includes('govuk-pagination__item--ellipsis')) return;
    // A cell of a wide table scrolled out of its scroll region (owScrollRegion, issue 10.12) is clipped by
    // the region, which axe reads as obscured; it has its table's colours, which axe decides where visible.
    const obscured = /partially (obscured by another element|overlaps other elements)/.test(node.failureSummary ?? '');
    if (obscured && inScrollRegion) return;
    const reason = node.failureSummary?.split('\n').pop()?.trim();
    problems.push(`color-contrast undecided: ${reason} — ${selector} "${(text ?? '').replace(/\s+/g, ' ').trim()}"`);
  });
  return problems;
}

/**
 * The check's problems on the page as it is now. axe runs once per page kind × state × width ×
 * JavaScript setting, and not even then when a page of the same markup at the same width was
 * already checked in this run, whichever JavaScript setting that was, with its service navigation
 * shown as it is here (docs/adr/0040, 0049). Markup and menu are claimed only by a visit that runs
 * axe, so a skipped visit always follows a checked one.
 * Width, state and markup are read from the page itself; a scriptless page's markup is copied
 * into a scripted page only when axe runs on it.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // A locator can find text while the page is still loading; width and contrast are read once its
  // stylesheets apply (a busy CI run measured an unstyled table: 418 px wide in a 390 px viewport).
  await page.waitForLoadState('load');
  const facts = await timed('markup', () => pageFacts(page));
  const kind = pageKind(new URL(page.url()));
  const javaScript = scriptless.has(page.context()) ? 'js-off' : 'js-on';
  const width = page.viewportSize()?.width ?? 1280;
  const { documentWidth, viewportWidth } = facts;
  const problems =
    documentWidth > viewportWidth
      ? [`sideways scroll: the page is ${documentWidth} px wide in a ${viewportWidth} px viewport`]
      : [];
  const key = `kind ${kind} | ${facts.state} | ${width}px | ${javaScript}`;
  if (!claimAxeCheck(key)) addPhase('axe skipped: kind and state checked', 0);
  else if (
    !claimBoth(
      `markup ${width}px ${markupKey(facts.digest, facts.styled, javaScript)}`,
      `menu ${width}px ${facts.menuDigest}`,
    )
  )
    addPhase('axe skipped: same markup checked', 0);
  else {
    const target = await timed('scriptless copy', () => pageForAxe(page));
    problems.push(...(await timed('axe', () => axeProblems(target))));
  }
  return problems;
}

/** Claims both keys; true if either was new (both are claimed, so neither is checked again). */
function claimBoth(markup: string, menu: string): boolean {
  const newMarkup = claimAxeCheck(markup);
  const newMenu = claimAxeCheck(menu);
  return newMarkup || newMenu;
}

/** Fails on sideways scrolling, any axe violation, or undecided contrast of text not in a chart. */
export async function expectAccessible(page: Page): Promise<void> {
  assert.deepEqual(await accessibilityProblems(page), [], `accessibility problems on ${page.url()}`);
}
