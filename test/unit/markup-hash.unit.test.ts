import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markupHash } from '../support/accessibility.ts';

const page = (body: string, attributes = '') =>
  `<html><body class="govuk-template__body${attributes}"><form><input type="hidden" name="_csrf" value="abc"></form>${body}</body></html>`;
const navigation = (init: string) =>
  `<section class="govuk-service-navigation" data-module="govuk-service-navigation"${init}><ul id="navigation">…</ul></section>`;

describe('the markup hash that lets axe check a page state once', () => {
  it('is the same with JavaScript on and off when the scripts only mark their components and the body', () => {
    const off = page(navigation(''));
    const on = page(
      navigation(' data-govuk-service-navigation-init=""'),
      ' js-enabled govuk-frontend-supported',
    ).replace('value="abc"', 'value="xyz"');
    assert.equal(markupHash(on, 'js-on'), markupHash(off, 'js-off'));
  });

  it('differs when the scripts change what is shown (the menu hidden behind its button at 390 px)', () => {
    const off = page(navigation(''));
    const on = page(navigation(' data-govuk-service-navigation-init=""').replace('<ul id', '<ul hidden="" id'));
    assert.notEqual(markupHash(on, 'js-on'), markupHash(off, 'js-off'));
  });

  it('keeps the JavaScript setting apart for components the stylesheets style only with JavaScript', () => {
    const accordion = page('<div class="govuk-accordion" data-module="govuk-accordion">…</div>');
    assert.notEqual(markupHash(accordion, 'js-on'), markupHash(accordion, 'js-off'));
    assert.equal(markupHash(accordion, 'js-off'), markupHash(accordion, 'js-off'));
  });

  it('differs for different content', () => {
    assert.notEqual(markupHash(page('<h1>One</h1>'), 'js-off'), markupHash(page('<h1>Two</h1>'), 'js-off'));
  });
});
