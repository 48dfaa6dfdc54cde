/*
 * Runs tasks that share a key one after another within this process, in the order they arrive;
 * tasks with different keys run side by side. Used in front of a database row lock that many
 * requests want at once (a training session's places): the requests of one process wait here,
 * holding nothing, instead of each holding a pooled connection while it waits for the lock — which
 * starved the pool (503s) and every other page of connections under 200 concurrent bookings.
 */
export function keyedQueue() {
  const tails = new Map<string, Promise<void>>();
  return async function inTurn<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    let release: () => void = () => {};
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => done);
    tails.set(key, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
