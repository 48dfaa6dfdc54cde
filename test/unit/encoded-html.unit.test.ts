/*
 * A page's kept fragments sent as the bytes they were kept as (src/web/kit/render.ts EncodedHtml,
 * docs/adr/0048): the page reads exactly as if the fragment's HTML had been rendered in place, and a
 * fragment a template would escape or lose is an error, never a page without it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import express, { type NextFunction, type Request, type Response } from 'express';
import nunjucks from 'nunjucks';
import { EncodedHtml, renderPage } from '../../src/web/kit/render.ts';

const PAGE = `<h1>{{ title }}</h1><p>{{ name }} – before</p>{{ figures | safe }}<p>between ’</p>{{ tables | safe }}<p>after</p>`;
const ESCAPING = `<h1>{{ title }}</h1>{{ figures }}`;
const FIGURES = '<svg><title>Shared identity × Define what’s needed: 3.7</title></svg>';
const TABLES = '<table><tr><td>Capacity · 2.5 – “low”</td></tr></table>';

describe('kept fragments sent as their bytes', () => {
  let dir: string;
  let server: ReturnType<express.Express['listen']>;
  let base: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ow-encoded-'));
    writeFileSync(join(dir, 'page.njk'), PAGE);
    writeFileSync(join(dir, 'escaping.njk'), ESCAPING);
    const app = express();
    nunjucks.configure(dir, { autoescape: true, express: app });
    app.set('view engine', 'njk');
    const locals = (encoded: boolean) => ({
      name: 'Ann <O’Brien>',
      figures: encoded ? new EncodedHtml(FIGURES) : FIGURES,
      tables: encoded ? new EncodedHtml(TABLES) : TABLES,
    });
    app.get('/plain', (_req, res) => renderPage(res, 'page.njk', 'Results', locals(false)));
    app.get('/encoded', (_req, res) => renderPage(res, 'page.njk', 'Results', locals(true)));
    app.get('/escaping', (_req, res) => renderPage(res, 'escaping.njk', 'Results', locals(true)));
    app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
      res.status(500).send(err.message);
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads exactly as the page rendered with the fragments in place, as UTF-8 HTML', async () => {
    const plain = await fetch(`${base}/plain`);
    const encoded = await fetch(`${base}/encoded`);
    assert.equal(encoded.status, 200);
    assert.equal(encoded.headers.get('content-type'), 'text/html; charset=utf-8');
    const body = await encoded.text();
    assert.equal(body, await plain.text());
    assert.ok(body.includes(`${FIGURES}<p>between ’</p>${TABLES}`));
    assert.ok(body.includes('Ann &lt;O’Brien&gt;'), 'the page around the fragments is escaped as ever');
    assert.equal(Number(encoded.headers.get('content-length')), Buffer.byteLength(body));
  });

  it('refuses a fragment the template would escape, rather than send a page without it', async () => {
    const response = await fetch(`${base}/escaping`);
    assert.equal(response.status, 500);
    assert.match(await response.text(), /exactly once, with `\| safe`/);
  });
});
