/*
 * Batches tasks that share a key within this process: while one batch of a key runs, the items
 * that arrive for it wait, holding nothing, and then run together as the next batch, in the order
 * they arrived; items with different keys run side by side. Used in front of a database row lock
 * that many requests want at once (a training session's places): one transaction then decides a
 * whole batch, instead of each request holding a pooled connection while it waits for the lock
 * (which starved the pool under 200 concurrent bookings) and paying the lock's round trips alone.
 */

/** One item's outcome: its value, or the error that item alone fails with. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

interface Waiting<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `run` gets a key's items in arrival order and returns one outcome per item, in the same order;
 * if it throws, every item of that batch fails with its error. At most `maxBatch` items a batch.
 * With `gatherMs`, a key's first batch starts once a turn of the event loop brings no new item (or
 * it is full, or `gatherMs` have passed): where the work completes within one turn (node:sqlite
 * answers synchronously), items never arrive while a batch runs, so without it every batch held
 * one item.
 */
export function keyedBatches<I, O>(
  run: (key: string, items: I[]) => Promise<Outcome<O>[]>,
  maxBatch = 100,
  gatherMs = 0,
) {
  const queues = new Map<string, Waiting<I, O>[]>();

  async function gather(queue: Waiting<I, O>[]): Promise<void> {
    const until = performance.now() + gatherMs;
    let seen: number;
    do {
      seen = queue.length;
      await turn();
    } while (queue.length > seen && queue.length < maxBatch && performance.now() < until);
  }

  async function drain(key: string, queue: Waiting<I, O>[]): Promise<void> {
    // Only the first batch gathers: the next ones are the items that came while a batch ran (an
    // await here without gathering would delay the first batch by a microtask).
    if (gatherMs > 0) await gather(queue);
    while (queue.length) {
      const batch = queue.splice(0, maxBatch);
      try {
        const outcomes = await run(
          key,
          batch.map((w) => w.item),
        );
        batch.forEach((w, i) => {
          const outcome = outcomes[i];
          if (!outcome) w.reject(new Error(`The batch for ${key} gave no outcome for item ${i}`));
          else if (outcome.ok) w.resolve(outcome.value);
          else w.reject(outcome.error);
        });
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    queues.delete(key);
  }

  return function submit(key: string, item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      const queue = queues.get(key);
      if (queue) return void queue.push({ item, resolve, reject });
      const fresh = [{ item, resolve, reject }];
      queues.set(key, fresh);
      void drain(key, fresh);
    });
  };
}
