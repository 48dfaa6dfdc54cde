/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/* Checks shared by the layout and narrow-screen browser tests (issue 10 points 10–12). */
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { scriptedCopy } from '../support/accessibility.ts';

/**
 * A page opened with JavaScript off runs no script, not even ours: run the check on a copy of its
 * markup, without scripts, in a scripted page of the same size and origin.
 */
export async function withScriptedCopy<T>(page: Page, check: (target: Page) => Promise<T>): Promise<T> {
  const scriptsRan = await page.evaluate(() => document.body.classList.contains('js-enabled')).catch(() => false);
  return check(scriptsRan ? page : await scriptedCopy(page));
}

/**
 * axe reports text whose background it cannot work out as "incomplete", not as a violation, so
 * white-on-white text passed unnoticed. Fail on those too, except for text drawn over a chart.
 */
export async function expectNoUncertainContrast(page: Page): Promise<void> {
  assert.deepEqual(await uncertainContrast(page), [], `colour contrast axe could not check on ${page.url()}`);
}

export async function uncertainContrast(page: Page): Promise<string[]> {
  return withScriptedCopy(page, async (target) => {
    const results = await new AxeBuilder({ page: target }).withRules(['color-contrast']).setLegacyMode(true).analyze();
    const found = results.incomplete
      .flatMap((result) => result.nodes)
      .map((node) => ({ selector: String(node.target[0]), why: node.any.map((check) => check.message).join('; ') }))
      // Too short to be text (a "6" in a table) says nothing about its colours.
      .filter(({ why }) => !/too short/i.test(why));
    const unclear: string[] = [];
    for (const { selector, why } of found) {
      const excused = await target.evaluate(
        ([css, reason]) => {
          const element = document.querySelector(css);
          if (!element || element.closest('svg, .ow-chart, .ow-rainbow')) return true;
          // Text scrolled out of sight inside a wide table's own scroll region is "obscured" by it.
          return /obscured/i.test(reason) && element.closest('.ow-scroll-region') !== null;
        },
        [selector, why] as const,
      );
      if (!excused) unclear.push(`${selector}: ${why}`);
    }
    return unclear;
  });
}

/** The contrast ratio of an element's text against the first opaque background behind it. */
export async function contrastOf(locator: Locator): Promise<number> {
  return locator.evaluate((element) => {
    const rgb = (value: string) => (value.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const channel = (c: number) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r!) + 0.7152 * channel(g!) + 0.0722 * channel(b!);
    };
    let background = [255, 255, 255];
    for (let node: Element | null = element; node; node = node.parentElement) {
      const colour = rgb(getComputedStyle(node).backgroundColor);
      if (colour.length === 3 || (colour.length === 4 && colour[3] === 1)) {
        background = colour.slice(0, 3);
        break;
      }
    }
    const text = luminance(rgb(getComputedStyle(element).color));
    const back = luminance(background);
    return (Math.max(text, back) + 0.05) / (Math.min(text, back) + 0.05);
  });
}
