/*
 * A small, bounded least-recently-used map, one per worker process, for computations keyed by
 * their data's version (the workforce profile: the current returns' ids; a round's results: its
 * responses' count and ids). A key that carries the version is never stale: a change makes a new
 * key, and the old entries age out unused. Nothing in it matters: a miss recomputes.
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
