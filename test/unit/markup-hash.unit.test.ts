import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markupHash, menuHash } from '../support/accessibility.ts';

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

  it('checks the page once whichever state its menu is in at 390 px, and the menu in each state', () => {
    // As govuk-frontend's service navigation leaves it: the server's markup (JavaScript off, or a wide
    // screen), and at phone widths with JavaScript on, the list hidden behind a Menu button.
    const menu = (button: string, list: string) =>
      `<section aria-label="Service information" class="govuk-service-navigation" data-module="govuk-service-navigation"><nav>` +
      `<button type="button" class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle" aria-controls="navigation"${button}>Menu</button>` +
      `<ul class="govuk-service-navigation__list" id="navigation"${list}><li>Home</li></ul></nav></section>`;
    const off = page(menu(' hidden="" aria-hidden="true"', '') + '<h1>Rounds</h1>');
    const on = page(menu(' aria-expanded="false"', ' hidden=""') + '<h1>Rounds</h1>', ' js-enabled');
    assert.equal(markupHash(on, 'js-on'), markupHash(off, 'js-off'));
    assert.notEqual(menuHash(on), menuHash(off));
    const otherPage = page(menu(' hidden="" aria-hidden="true"', '') + '<h1>Results</h1>');
    assert.equal(menuHash(otherPage), menuHash(off));
    assert.notEqual(markupHash(otherPage, 'js-off'), markupHash(off, 'js-off'));
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
