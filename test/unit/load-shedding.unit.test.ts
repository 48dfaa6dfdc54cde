import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { pino } from 'pino';
import { loadShedding, type LoadState } from '../../src/web/middleware/load-shedding.ts';
import { startupGate } from '../../src/web/middleware/startup.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// The machine may be busy: wait for the server to have seen the requests, not a fixed time.
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await sleep(10);
  assert.ok(condition(), 'the server never reached the expected state');
}

/** Serves `app` on a free port of 127.0.0.1. */
async function listen(app: express.Express): Promise<{ url: string; close(): void }> {
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

const wait: express.RequestHandler = async (req, res) => {
  await sleep(Number(req.params.ms));
  if (!res.headersSent) res.send('done');
};

describe('the request queue', () => {
  let served: { url: string; close(): void };
  let url: string;
  let state: LoadState;
  before(async () => {
    const app = express();
    const shedding = loadShedding({ maxConcurrent: 1, queueLimit: 1, timeoutMs: 600 });
    state = shedding.state;
    app.use(shedding.middleware);
    // Under /api/ the 503 is JSON, so this app needs no view engine.
    app.get('/api/wait/:ms', wait);
    app.post('/api/upload/:ms', wait);
    // As a template render does: the response is written from a callback, outside any promise.
    app.get('/api/late/:ms', async (req, res) => {
      await sleep(Number(req.params.ms));
      setImmediate(() => res.set('X-Late', '1').send('too late'));
    });
    served = await listen(app);
    url = served.url;
  });
  after(() => served.close());

  it('runs a queued request when the slot frees', async () => {
    const first = fetch(`${url}/api/wait/250`);
    await until(() => state.active === 1);
    const second = fetch(`${url}/api/wait/10`);
    await until(() => state.queued === 1);
    assert.equal((await first).status, 200);
    assert.equal((await second).status, 200);
    assert.equal(state.active, 0);
    assert.equal(state.queued, 0);
  });

  it('cuts off a slow request at the time limit with 503 + Retry-After', async () => {
    const started = performance.now();
    const slow = await fetch(`${url}/api/wait/1500`);
    assert.equal(slow.status, 503);
    assert.equal(slow.headers.get('retry-after'), '5');
    const ms = performance.now() - started;
    assert.ok(ms >= 550 && ms < 1400, `cut off after ${ms} ms`);
  });

  it('answers 503 to a request still queued at half the time limit, and frees its place', async () => {
    // An upload has no time limit (its size and parser bound it), so it holds the slot throughout.
    const upload = fetch(`${url}/api/upload/1200`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: '--x--',
    });
    await until(() => state.active === 1);
    const started = performance.now();
    const queued = await fetch(`${url}/api/wait/10`);
    assert.equal(queued.status, 503);
    assert.equal(queued.headers.get('retry-after'), '5');
    assert.ok(performance.now() - started < 1000);
    assert.equal(state.queued, 0);
    assert.equal((await upload).status, 200, 'the upload is not cut off');
    await sleep(50);
    assert.equal(state.queued, 0);
    assert.equal(state.active, 0);
    assert.equal((await fetch(`${url}/api/wait/1`)).status, 200);
  });

  it('drops what a handler writes after its 503, without throwing', async () => {
    const late = await fetch(`${url}/api/late/800`);
    assert.equal(late.status, 503);
    assert.equal(late.headers.get('x-late'), null);
    await sleep(400);
    assert.equal((await fetch(`${url}/api/wait/1`)).status, 200, 'still serving');
  });

  it('answers 503 at once past the queue limit', async () => {
    const first = fetch(`${url}/api/wait/200`);
    await until(() => state.active === 1);
    const second = fetch(`${url}/api/wait/1`);
    await until(() => state.queued === 1);
    const third = await fetch(`${url}/api/wait/1`);
    assert.equal(third.status, 503);
    assert.equal((await first).status, 200);
    assert.equal((await second).status, 200);
  });
});

describe('the request queue and the event loop', () => {
  // A page on node:sqlite runs to its end without yielding: here, a handler that holds the loop.
  const fakeResponse = () => {
    const handlers: Record<string, () => void> = {};
    return {
      once: (event: string, fn: () => void) => (handlers[event] = fn),
      end: () => handlers.finish?.(),
    };
  };

  it('starts one request per turn, so a health check or a timer gets a turn between pages', async () => {
    const { middleware } = loadShedding({ maxConcurrent: 4, queueLimit: 10, timeoutMs: 10_000 });
    const ran: string[] = [];
    const page = (name: string) => () => {
      const until = performance.now() + 20;
      while (performance.now() < until); // synchronous work, as a page on SQLite
      ran.push(name);
    };
    const timer = new Promise<number>((resolve) => setTimeout(() => resolve(ran.length), 0));
    const responses = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => {
      const res = fakeResponse();
      middleware({ method: 'GET', is: () => false, originalUrl: '/' } as never, res as never, () => {
        page(name)();
        res.end();
      });
      return res;
    });
    const pagesBeforeTimer = await timer;
    assert.ok(pagesBeforeTimer <= 1, `${pagesBeforeTimer} pages ran before a timer due at once got its turn`);
    for (let i = 0; i < 500 && ran.length < 6; i++) await sleep(10);
    assert.deepEqual(ran, ['a', 'b', 'c', 'd', 'e', 'f'], 'every request still runs, in order');
    assert.equal(responses.length, 6);
  });
});

describe('the reason of each 503, logged', () => {
  const lines: { status: number; reason: string; path: string; queued: number }[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  let served: { url: string; close(): void };
  let url: string;
  before(async () => {
    const app = express();
    app.use(loadShedding({ maxConcurrent: 1, queueLimit: 1, timeoutMs: 600 }, logger).middleware);
    app.get('/api/wait/:ms', wait);
    served = await listen(app);
    url = served.url;
  });
  after(() => served.close());

  it('says which: the queue full, a request timed out waiting in it, or one timed out running', async () => {
    const running = fetch(`${url}/api/wait/1500`);
    await sleep(100);
    const queued = fetch(`${url}/api/wait/1`);
    await sleep(100);
    const full = await fetch(`${url}/api/wait/2`);
    assert.equal(full.status, 503);
    assert.equal((await queued).status, 503);
    assert.equal((await running).status, 503);
    assert.deepEqual(
      lines.map((l) => [l.status, l.reason, l.path]),
      [
        [503, 'queue full', '/api/wait/2'],
        [503, 'queue timeout', '/api/wait/1'],
        [503, 'timeout', '/api/wait/1500'],
      ],
    );
    assert.equal(lines[0]?.queued, 1, 'the queue was full when the request came');
  });

  it('says so while the app waits for its database at start', async () => {
    const app = express();
    app.use(startupGate({ ready: false }, logger));
    const starting = await listen(app);
    try {
      const response = await fetch(`${starting.url}/api/x`);
      assert.equal(response.status, 503);
      assert.deepEqual(lines.map((l) => [l.reason, l.path]).at(-1), ['starting', '/api/x']);
    } finally {
      starting.close();
    }
  });
});
