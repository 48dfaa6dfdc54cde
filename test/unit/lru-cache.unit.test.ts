import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LruCache } from '../../src/lib/lru-cache.ts';

describe('LruCache', () => {
  it('holds at most its limit, evicting the least recently used', () => {
    const cache = new LruCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    assert.equal(cache.get('a'), 1, 'a is now the most recently used');
    cache.set('c', 3);
    assert.equal(cache.size, 2);
    assert.equal(cache.get('b'), undefined, 'b was the least recently used');
    assert.equal(cache.get('a'), 1);
    assert.equal(cache.get('c'), 3);
    assert.deepEqual({ hits: cache.hits, misses: cache.misses }, { hits: 3, misses: 1 });
  });

  it('replaces a key without growing', () => {
    const cache = new LruCache<string>(2);
    cache.set('a', 'one');
    cache.set('a', 'two');
    assert.equal(cache.size, 1);
    assert.equal(cache.get('a'), 'two');
  });
});
