/*
 * The accessibility check itself (test/support/accessibility.ts) finds what it must: axe's
 * violations, and colour contrast axe could not decide for text outside a chart, but not inside one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axeProblems, markupHash, markupKey, menuHash, pageFacts } from '../support/accessibility.ts';
import { sharedBrowser, newContext } from '../support/browser.ts';

const PAGE = (body: string) =>
  `<!DOCTYPE html><html lang="en"><head><title>A check</title></head><body><main><h1>A check</h1>${body}</main></body></html>`;
// Text over a background image: axe cannot tell its contrast, so it is "incomplete", not a violation.
const OVER_IMAGE = `style="background-image: linear-gradient(#000, #fff); color: #777"`;

describe('the accessibility check', () => {
  let browser: Browser;
  let page: Page;
  before(async () => {
    browser = await sharedBrowser();
    page = await (await newContext(browser)).newPage();
  });
  after(async () => {});

  it('passes a plain page', async () => {
    await page.setContent(PAGE('<p>Plain text on white.</p>'));
    assert.deepEqual(await axeProblems(page), []);
  });

  it('fails on violations: an image with no alternative text and text with too little contrast', async () => {
    await page.setContent(
      PAGE('<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p style="color:#bbb">Faint.</p>'),
    );
    const problems = await axeProblems(page);
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(problems.find((p) => p.startsWith('image-alt')) ?? '', /^image-alt \(critical\): Images must have/);
    assert.match(problems.find((p) => p.startsWith('color-contrast')) ?? '', /^color-contrast \(serious\)/);
  });

  it('fails on contrast axe could not decide for text, but not for text in a chart', async () => {
    await page.setContent(PAGE(`<p ${OVER_IMAGE}>Over a picture.</p>`));
    const problems = await axeProblems(page);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0] ?? '', /^color-contrast undecided: .* "Over a picture\."$/);

    await page.setContent(
      PAGE(`<svg role="img" aria-label="A chart" width="200" height="40"><foreignObject width="200" height="40">
        <p ${OVER_IMAGE}>Label in a chart.</p></foreignObject></svg>`),
    );
    assert.deepEqual(await axeProblems(page), []);
  });

  it('keys the markup in the page as markupHash keys it in node, and reads the page state there', async () => {
    const form = (token: string) => `<form><input type="hidden" name="_csrf" value="${token}"></form>`;
    const accordion = '<div class="govuk-accordion" data-module="govuk-accordion">…</div>';
    const menu =
      '<section aria-label="Service information" class="govuk-service-navigation"><ul class="govuk-service-navigation__list" id="navigation" hidden=""><li>Home</li></ul></section>';
    for (const body of [
      `${form('abc')}<p class="govuk-body">Plain.</p>`,
      `${menu}${form('xyz')}${accordion}<svg></svg>`,
    ]) {
      await page.setContent(PAGE(`${body}<script>var unused = 1;</script>`));
      const facts = await pageFacts(page);
      const served = (await page.content()).replace(/<script[\s\S]*?<\/script>/g, '');
      for (const javaScript of ['js-on', 'js-off'] as const)
        assert.equal(markupKey(facts.digest, facts.styled, javaScript), markupHash(served, javaScript));
      assert.equal(facts.menuDigest, menuHash(served));
    }
    assert.equal((await pageFacts(page)).state, 'govuk-accordion govuk-service-navigation svg');
  });
});
