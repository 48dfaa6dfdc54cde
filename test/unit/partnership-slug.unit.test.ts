import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstFreeSlug, slugFor } from '../../src/features/partnerships/slug.ts';

test('a slug is the name in lower case with words joined by hyphens', () => {
  assert.equal(slugFor("Demoshire Children's Trust"), 'demoshire-childrens-trust');
  assert.equal(slugFor('  Brent & Harrow — Partnership '), 'brent-harrow-partnership');
  assert.equal(slugFor('Côte Town'), 'cote-town');
  assert.equal(slugFor('!!!'), 'partnership');
  assert.equal(slugFor('a'.repeat(80)).length, 60);
  assert.equal(slugFor(`${'a'.repeat(59)} b`), 'a'.repeat(59));
});

test('a taken slug gets the first free number', () => {
  assert.equal(firstFreeSlug('x', new Set()), 'x');
  assert.equal(firstFreeSlug('x', new Set(['x'])), 'x-2');
  assert.equal(firstFreeSlug('x', new Set(['x', 'x-2', 'x-3'])), 'x-4');
});
