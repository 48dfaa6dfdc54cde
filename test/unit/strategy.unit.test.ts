import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderMarkdown } from '../../src/features/strategy/markdown.ts';
import { fillTokens, parseFrozen, tokensIn, unknownTokens } from '../../src/features/strategy/tokens.ts';
import { checkSectionBody, checkStrategy, periodLabel, refusedMove } from '../../src/features/strategy/versions.ts';
import { ValidationError } from '../../src/lib/errors.ts';

describe('strategy figure tokens', () => {
  it('finds tokens with any spacing, once each, and names the unknown ones', () => {
    const text = 'A {{workforce.headcount}} b {{  plan.nope }} c {{ workforce.headcount }}';
    assert.deepEqual(tokensIn(text), ['workforce.headcount', 'plan.nope']);
    assert.deepEqual(unknownTokens(text), ['plan.nope']);
  });

  it('fills known tokens, leaves unknown ones as written, and reads a missing value as not available', () => {
    assert.equal(
      fillTokens('{{ workforce.turnoverRate }} / {{ plan.nope }} / {{ plan.priorityCount }}', {
        'workforce.turnoverRate': '14.2%',
      }),
      '14.2% / {{ plan.nope }} / not available',
    );
  });

  it('reads back only known tokens with text values from a frozen copy', () => {
    assert.deepEqual(parseFrozen('{"plan.priorityCount":"8","plan.nope":"1","workforce.headcount":3}'), {
      'plan.priorityCount': '8',
    });
    assert.deepEqual(parseFrozen(null), {});
  });

  it('refuses a section with unknown tokens, naming each', () => {
    assert.equal(
      checkSectionBody('{{ a.b }} and {{ c }}', 'Vision').error,
      'Vision uses unknown figure tokens {{ a.b }}, {{ c }}: use one of the tokens listed beside the text box',
    );
    assert.equal(checkSectionBody('  {{ plan.priorityCount }}\r\n', 'Vision').body, '{{ plan.priorityCount }}');
  });
});

describe('strategy Markdown', () => {
  it('shows raw HTML as text and drops unsafe links', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) [y](vbscript:z) [z](data:text/html,1)',
    );
    assert.equal(html.includes('<script'), false);
    assert.equal(/<img/i.test(html), false);
    assert.equal(/<a /.test(html), false);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  it('keeps web, mail and site links, and shifts headings below the section title', () => {
    const html = renderMarkdown('# Aim\n\n[a](https://example.org) [b](mailto:x@example.org) [c](/plan/risks)');
    assert.match(html, /<h3 class="govuk-heading-m">Aim<\/h3>/);
    assert.match(html, /href="https:\/\/example.org" class="govuk-link"/);
    assert.match(html, /href="mailto:x@example.org"/);
    assert.match(html, /href="\/plan\/risks"/);
    assert.equal(renderMarkdown('[p](//evil.example)').includes('<a '), false);
  });
});

describe('strategy versions', () => {
  it('moves only draft → approved → published', () => {
    assert.equal(refusedMove('draft', 'approved', 1), null);
    assert.equal(refusedMove('approved', 'published', 1), null);
    assert.equal(refusedMove('draft', 'published', 2), 'Version 2 is draft: only an approved version can be published');
    assert.equal(refusedMove('published', 'approved', 1), 'Version 1 is published: only a draft can be approved');
    assert.equal(
      refusedMove('published', 'published', 1),
      'Version 1 is published: only an approved version can be published',
    );
  });

  it('reads periods as councils write them and checks them', () => {
    assert.equal(periodLabel(2026, 2029), '2026–29');
    assert.equal(periodLabel(2098, 2101), '2098–2101');
    assert.equal(periodLabel(2026, 2026), '2026');
    assert.throws(
      () => checkStrategy({ title: 'S', startYear: '2026', endYear: '2040' }),
      (e: unknown) =>
        e instanceof ValidationError && e.fields.endYear === 'A strategy can cover at most 10 years after its first',
    );
    assert.throws(
      () => checkStrategy({ title: '', startYear: '26', endYear: '2029' }),
      (e: unknown) => e instanceof ValidationError && Boolean(e.fields.title) && Boolean(e.fields.startYear),
    );
  });
});
