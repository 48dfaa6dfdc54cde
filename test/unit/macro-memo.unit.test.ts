/*
 * govuk-frontend's macros memoised by their parameters (src/web/middleware/macro-memo.ts,
 * docs/adr/0047): the same HTML as rendered afresh, a `{% call %}` body never reused, bounded.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import nunjucks from 'nunjucks';
import { GOVUK_DIST } from '../../src/web/middleware/views.ts';
import { keyOf, memoiseGovukMacros } from '../../src/web/middleware/macro-memo.ts';

const environment = () => new nunjucks.Environment(new nunjucks.FileSystemLoader(GOVUK_DIST), { autoescape: true });

const PAGE = `{% from "govuk/components/select/macro.njk" import govukSelect %}
{% from "govuk/components/input/macro.njk" import govukInput %}
{% from "govuk/components/fieldset/macro.njk" import govukFieldset %}
{{ govukSelect({ id: "cell", name: "cell", label: { text: "Theme or cell" }, items: items, errorMessage: { text: error } if error }) }}
{{ govukInput({ id: "name", name: "name", label: { text: label }, value: value }) }}
{% call govukFieldset({ legend: { text: "Where" } }) %}<p>{{ body }}</p>{% endcall %}`;

const items = (chosen: number) =>
  Array.from({ length: 72 }, (_, i) => ({ value: String(i), text: `Theme ${i} <&>`, selected: i === chosen }));

const cases = [
  { items: items(3), error: '', label: 'Name', value: 'A & B', body: 'first' },
  { items: items(3), error: 'Select a cell', label: 'Name', value: 'A & B', body: 'second' },
  { items: items(7), error: '', label: '<b>Name</b>', value: '"quoted"', body: 'third' },
  { items: items(3), error: '', label: 'Name', value: 'A & B', body: 'fourth' },
];

describe('govuk-frontend macros memoised by their parameters', () => {
  it('renders exactly what the macros render afresh, twice over, and never reuses a call body', () => {
    const plain = environment();
    const memoised = environment();
    const cache = memoiseGovukMacros(memoised, 50);
    for (const round of [1, 2])
      for (const locals of cases) {
        const expected = plain.renderString(PAGE, locals);
        const actual = memoised.renderString(PAGE, locals);
        assert.equal(actual, expected, `round ${round}: ${locals.body}`);
        assert.match(actual, new RegExp(`<p>${locals.body}</p>`));
      }
    assert.ok(cache.hits >= 8, `repeated calls served from the cache (${cache.hits} hits)`);
    // Three different selects and two different inputs; the fieldset's {% call %} body is never kept.
    assert.equal(cache.size, 5, 'three selects, two inputs, no fieldset');
  });

  it('keeps at most its limit of entries', () => {
    const env = environment();
    const cache = memoiseGovukMacros(env, 3);
    for (let i = 0; i < 10; i++) env.renderString(PAGE, { ...cases[0], label: `Label ${i}` });
    assert.equal(cache.size, 3);
  });

  it('makes no key of parameters holding a function, or too long to be worth one', () => {
    assert.equal(keyOf([{ text: 'a' }]), '[{"text":"a"}]');
    assert.equal(keyOf([{ text: 'a' }, { caller: () => 'body', __keywords: true }]), undefined);
    assert.equal(keyOf([{ text: 'x'.repeat(20_000) }]), undefined);
    const cyclic: Record<string, unknown> = { text: 'a' };
    cyclic.self = cyclic;
    assert.equal(keyOf([cyclic]), undefined);
  });
});
