import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import express from 'express';
import nunjucks from 'nunjucks';
import { configureViews, trimFilter } from '../../src/web/middleware/views.ts';

describe('the trim filter (docs/adr/0042)', () => {
  it('trims what Nunjucks trimmed, and keeps markup marked safe', () => {
    assert.equal(trimFilter(' \n\t a  b \r\n\u00a0'), 'a  b');
    assert.equal(trimFilter(''), '');
    const safe = trimFilter(new nunjucks.runtime.SafeString('  <p>kept</p>\n  '));
    assert.ok(safe instanceof nunjucks.runtime.SafeString);
    assert.equal(String(safe), '<p>kept</p>');
  });

  it('is the filter the views use, so a macro body is not escaped by trimming it', () => {
    const env = configureViews(express(), false);
    assert.equal(env.renderString('[{{ x | trim }}]', { x: '  &  ' }), '[&amp;]');
    assert.equal(env.renderString('[{{ x | safe | trim }}]', { x: '  <b>a</b>  ' }), '[<b>a</b>]');
  });

  it('takes time in proportion to the text, whatever its runs of white space', () => {
    const page = `<main>${'x \n        '.repeat(20_000)}${' '.repeat(200_000)}y</main>`;
    const started = performance.now();
    assert.equal(trimFilter(`  ${page}  `), page);
    // Nunjucks' own /^\s*|\s*$/g takes seconds over this text (each space starts a scan of the run).
    assert.ok(performance.now() - started < 100, `took ${performance.now() - started} ms`);
  });
});
