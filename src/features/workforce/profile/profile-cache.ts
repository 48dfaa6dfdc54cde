/*
 * A small least-recently-used map for the profile's caches. Every key carries the data version
 * (profile-repository.ts `returnsVersion`: the partnership's current returns), so an entry is never
 * stale: a committed return changes the version, and the old entries age out unused.
 */
export class LruCache<V> {
  readonly #entries = new Map<string, V>();
  readonly #limit: number;
  hits = 0;
  misses = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get(key: string): V | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.#entries.delete(key);
    this.#entries.set(key, value); // most recently used last
    return value;
  }

  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.#limit) this.#entries.delete(this.#entries.keys().next().value!);
  }

  get size(): number {
    return this.#entries.size;
  }
}
