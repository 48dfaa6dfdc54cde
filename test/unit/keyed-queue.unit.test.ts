import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyedBatches, type Outcome } from '../../src/lib/keyed-queue.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A batcher that records its batches and answers each item with itself. */
function recording(gatherMs: number) {
  const batches: number[][] = [];
  const submit = keyedBatches<number, number>(
    async (_key, items) => {
      batches.push(items);
      return items.map((n) => ({ ok: true, value: n }));
    },
    100,
    gatherMs,
  );
  return { batches, submit };
}

describe('keyedBatches', () => {
  it('runs the first item at once and the items that arrive meanwhile as one batch, in arrival order', async () => {
    const batches: string[][] = [];
    let finish: () => void = () => {};
    const submit = keyedBatches<string, string>(async (_key, items) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((resolve) => (finish = resolve));
      return items.map((item) => ({ ok: true, value: item.toUpperCase() }));
    });
    const results = [submit('s', 'a'), submit('s', 'b'), submit('s', 'c'), submit('s', 'd')];
    await tick();
    assert.deepEqual(batches, [['a']]);
    finish();
    assert.deepEqual(await Promise.all(results), ['A', 'B', 'C', 'D']);
    assert.deepEqual(batches, [['a'], ['b', 'c', 'd']]);
  });

  it('runs different keys side by side', async () => {
    const running = new Set<string>();
    let most = 0;
    const submit = keyedBatches<number, number>(async (key, items) => {
      running.add(key);
      most = Math.max(most, running.size);
      await tick();
      running.delete(key);
      return items.map((n) => ({ ok: true, value: n * 2 }));
    });
    assert.deepEqual(await Promise.all([submit('x', 1), submit('y', 2)]), [2, 4]);
    assert.equal(most, 2);
  });

  it('fails only the items whose outcome is an error, and every item of a batch that throws', async () => {
    const submit = keyedBatches<number, number>(async (_key, items) => {
      if (items.includes(13)) throw new Error('unlucky batch');
      return items.map((n): Outcome<number> =>
        n % 2 ? { ok: false, error: new Error(`odd ${n}`) } : { ok: true, value: n },
      );
    });
    const settled = await Promise.allSettled([submit('k', 2), submit('k', 3), submit('k', 4)]);
    assert.equal(settled[0]!.status, 'fulfilled');
    assert.equal((settled[1] as PromiseRejectedResult).reason.message, 'odd 3');
    assert.deepEqual((settled[2] as PromiseFulfilledResult<number>).value, 4);
    const thrown = await Promise.allSettled([submit('k', 1), submit('k', 13), submit('k', 6)]);
    assert.equal((thrown[0] as PromiseRejectedResult).reason.message, 'odd 1');
    assert.deepEqual(
      thrown.slice(1).map((t) => (t as PromiseRejectedResult).reason.message),
      ['unlucky batch', 'unlucky batch'],
    );
    // The key keeps working after a failed batch.
    assert.equal(await submit('k', 8), 8);
  });

  it('takes at most maxBatch items a batch', async () => {
    const sizes: number[] = [];
    const submit = keyedBatches<number, number>(async (_key, items) => {
      sizes.push(items.length);
      await tick();
      return items.map((n) => ({ ok: true, value: n }));
    }, 3);
    const all = await Promise.all(Array.from({ length: 8 }, (_, i) => submit('k', i)));
    assert.deepEqual(all, [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(sizes, [1, 3, 3, 1]);
  });

  it('with gatherMs, waits while items keep arriving turn by turn, then runs them as one batch', async () => {
    const { batches, submit } = recording(1_000);
    // As the request queue starts requests: one a turn, the next turn's start scheduled first.
    const results: Promise<number>[] = [];
    const start = (i: number) => {
      if (i < 4) setImmediate(() => start(i + 1));
      results.push(submit('k', i));
    };
    start(0);
    while (results.length < 5) await tick();
    assert.deepEqual(await Promise.all(results), [0, 1, 2, 3, 4]);
    assert.deepEqual(batches, [[0, 1, 2, 3, 4]], 'one batch, in arrival order');
    const started = performance.now();
    assert.equal(await submit('k', 9), 9);
    assert.ok(performance.now() - started < 500, 'a lone item waits one turn, not gatherMs');
    assert.deepEqual(batches.at(-1), [9]);
  });

  it('with gatherMs, stops waiting at gatherMs though items keep coming', async () => {
    const { batches, submit } = recording(30);
    const results: Promise<number>[] = [];
    const until = performance.now() + 200;
    for (let i = 0; performance.now() < until; i++) {
      results.push(submit('k', i));
      await new Promise((r) => setTimeout(r, 2));
    }
    const all = await Promise.all(results);
    assert.deepEqual(all, [...all.keys()], 'every item answered, in order');
    assert.ok(batches.length >= 3, `${batches.length} batches in 200 ms of arrivals, at most 30 ms of gathering each`);
  });

  it('with gatherMs, runs the items that came while a batch ran at once, without gathering again', async () => {
    const batches: number[][] = [];
    let finish: () => void = () => {};
    const submit = keyedBatches<number, number>(
      async (_key, items) => {
        batches.push(items);
        if (batches.length === 1) await new Promise<void>((resolve) => (finish = resolve));
        return items.map((n) => ({ ok: true, value: n }));
      },
      100,
      1_000,
    );
    const first = submit('k', 0);
    while (!batches.length) await tick();
    const later = [submit('k', 1), submit('k', 2)];
    const started = performance.now();
    finish();
    assert.deepEqual(await Promise.all([first, ...later]), [0, 1, 2]);
    assert.ok(performance.now() - started < 500, 'the second batch did not wait gatherMs');
    assert.deepEqual(batches, [[0], [1, 2]]);
  });
});
