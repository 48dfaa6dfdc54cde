import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pageKind } from '../support/accessibility.ts';
import { axeCheckClaimed, claimAxeCheck, claimedKeys } from '../support/axe-registry.ts';
import { knownDefect } from '../support/known-layout-defects.ts';
import { renderedPage } from '../support/route-test.ts';

describe('the test harness', () => {
  it('lets exactly one claimant run each axe check in a run, and counts the kinds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ow-axe-'));
    const before = process.env.TEST_AXE_REGISTRY;
    process.env.TEST_AXE_REGISTRY = join(dir, 'axe');
    try {
      assert.equal(axeCheckClaimed('kind /a | x | 390px | js-on'), false);
      assert.equal(claimAxeCheck('kind /a | x | 390px | js-on'), true);
      assert.equal(claimAxeCheck('kind /a | x | 390px | js-on'), false);
      assert.equal(claimAxeCheck('kind /a | x | 1280px | js-on'), true);
      assert.equal(claimAxeCheck('markup 390px abc'), true);
      assert.equal(axeCheckClaimed('kind /a | x | 390px | js-on'), true);
      assert.deepEqual(claimedKeys(join(dir, 'axe'), 'kind '), [
        'kind /a | x | 1280px | js-on',
        'kind /a | x | 390px | js-on',
      ]);
    } finally {
      if (before === undefined) delete process.env.TEST_AXE_REGISTRY;
      else process.env.TEST_AXE_REGISTRY = before;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names page kinds without ids, tokens or query values', () => {
    assert.equal(
      pageKind(new URL('http://x/assessment/rounds/12/results?by=sector')),
      '/assessment/rounds/:id/results?by',
    );
    assert.equal(pageKind(new URL('http://x/invite/abcdefghijklmnopqrstuvwxyz')), '/invite/:token');
  });

  it('matches a known layout defect only at its width', () => {
    const problem = 'sideways scroll: the page is 774 px wide in a 390 px viewport';
    assert.equal(knownDefect('/assessment', 390, problem)?.issue, '10.12');
    assert.equal(knownDefect('/assessment', 1280, problem), undefined);
  });

  it('reads a served page: heading, text, links and error summary', () => {
    const page = renderedPage({
      status: 400,
      location: null,
      text: `<header><a href="/">Home</a></header><main><h1 class="govuk-heading-l">Add a user</h1>
        <div class="govuk-error-summary" data-module="govuk-error-summary"><ul class="govuk-list">
        <li><a href="#email">Enter an email address</a></li></ul></div><p>Fill in &amp; send</p></main>`,
    });
    assert.equal(page.status, 400);
    assert.equal(page.heading, 'Add a user');
    assert.deepEqual(page.errors, ['Enter an email address']);
    assert.deepEqual(page.links, [{ href: '#email', text: 'Enter an email address' }]);
    assert.match(page.text, /Fill in & send/);
  });
});
