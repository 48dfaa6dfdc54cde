/*
 * Issue 10 points 13 (self-assessment rough edges) and 4 (evidence notes), on both databases.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { systemActor } from '../../src/auth/actor.ts';
import { addDays, formatDate, todayInLondon } from '../../src/lib/dates.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createRound, downloadLinks } from '../support/assessment-collection.ts';

const BASE_URL = 'https://workforce.demoshire.example';
const TABLE = ['Theme,1,2,3,4,5,6,7,8', ...[1, 2, 3, 4, 5, 6, 7, 8].map((t) => `${t},3,3,3,3,3,3,3,3`)].join('\n');

for (const engine of ENGINES) {
  describe(`self-assessment rough edges and evidence notes on ${engine}`, () => {
    let app: TestApp;
    let admin: TestClient;
    let rounds: Record<string, number>;
    before(async () => {
      app = await startTestApp(engine, { BASE_URL, SECURE_COOKIES: 'false' });
      admin = new TestClient(app.url);
      await admin.signIn('admin@demoshire.example');
      const rows = await app.db.kysely.selectFrom('assessment_rounds').select(['id', 'name']).execute();
      rounds = Object.fromEntries(rows.map((r) => [r.name, r.id]));
    });
    after(async () => {
      await app?.close();
    });

    const importRound = (name: string, heldOn: string) =>
      fetch(`${app.url}/api/v1/assessment/rounds/import?name=${encodeURIComponent(name)}&heldOn=${heldOn}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'text/csv' },
        body: TABLE,
      });
    let apiToken = '';

    it('answers compare with nothing chosen, or the same round twice, with an error summary', async () => {
      const empty = await admin.get('/assessment/compare?from=&to=');
      assert.equal(empty.status, 400);
      assert.match(empty.text, /There is a problem/);
      assert.match(empty.text, /href="#from">Select the earlier round to compare/);
      assert.match(empty.text, /href="#to">Select the later round to compare/);
      const id = rounds['Baseline 2025'];
      const same = await admin.get(`/assessment/compare?from=${id}&to=${id}`);
      assert.equal(same.status, 400);
      assert.match(same.text, /Select a later round that is not the same as the earlier round/);
      assert.doesNotMatch(same.text, /data-testid="compare-summary"/);
      assert.equal((await admin.get('/assessment/compare')).status, 200);
    });

    it('shows the differences between two rounds as a heat map', async () => {
      const [from, to] = [rounds['Baseline 2025'] ?? 0, rounds['Re-assessment 2026'] ?? 0];
      const page = await admin.get(`/assessment/compare?from=${from}&to=${to}`);
      assert.equal(page.status, 200);
      const map = /data-testid="difference-map"[\s\S]*?<\/table>/.exec(page.text)?.[0] ?? '';
      const shown = [...map.matchAll(/class="govuk-table__cell ow-diff ow-diff--(\w+)">([^<]+)</g)];
      assert.equal(shown.length, 64);
      const compared = await app.services.assessmentResults.compare(systemActor(app.demoPartnershipId), from, to);
      compared.cells.forEach((cell, i) => {
        const [, direction, text] = shown[i] ?? [];
        assert.equal(direction, cell.direction === 'not comparable' ? 'none' : cell.direction);
        if (cell.change !== null)
          assert.equal(
            text,
            `${cell.change > 0 ? '+' : cell.change < 0 ? '−' : ''}${Math.abs(cell.change).toFixed(1)}`,
          );
      });
      assert.ok(shown.some(([, direction]) => direction === 'improved'));
    });

    it('imports a past round from the rounds list, asks when it was held and lists rounds newest first', async () => {
      const landing = await admin.get('/assessment');
      assert.match(landing.text, /href="\/assessment\/rounds\/import"[^>]*>\s*Import a past round/);
      const form = await admin.get('/assessment/rounds/import');
      assert.match(form.text, /When the round was held/);
      const missing = await admin.postMultipart(
        '/assessment/rounds/import',
        { name: 'No date' },
        { field: 'file', name: 'table.csv', content: TABLE, type: 'text/csv' },
      );
      assert.equal(missing.status, 400);
      assert.match(missing.text, /href="#heldOn-day">Enter the date the round was held/);
      const future = await admin.postMultipart(
        '/assessment/rounds/import',
        { name: 'Future', 'heldOn-day': '1', 'heldOn-month': '1', 'heldOn-year': '2099' },
        { field: 'file', name: 'table.csv', content: TABLE, type: 'text/csv' },
      );
      assert.equal(future.status, 400);
      assert.match(future.text, /must be today or in the past/);
      const done = await admin.postMultipart(
        '/assessment/rounds/import',
        { name: 'Summer 2025', 'heldOn-day': '30', 'heldOn-month': '6', 'heldOn-year': '2025' },
        { field: 'file', name: 'table.csv', content: TABLE, type: 'text/csv' },
      );
      assert.equal(done.status, 303);
      const old = await admin.postMultipart(
        '/assessment/rounds/import',
        { name: 'Herefordshire 2009', 'heldOn-day': '15', 'heldOn-month': '6', 'heldOn-year': '2009' },
        { field: 'file', name: 'table.csv', content: TABLE, type: 'text/csv' },
      );
      assert.equal(old.status, 303);
      const list = await admin.get('/assessment');
      const order = [...list.text.matchAll(/href="\/assessment\/rounds\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]);
      assert.deepEqual(order, ['Re-assessment 2026', 'Summer 2025', 'Baseline 2025', 'Herefordshire 2009']);
      assert.match(list.text, /Held 30 June 2025/);
      assert.match(list.text, /Held 15 June 2009/);
    });

    it('shows no empty results page for a draft round with no responses', async () => {
      const id = await createRound(admin, { name: 'Draft with nobody' });
      const landing = await admin.get('/assessment');
      assert.match(landing.text, /Draft with nobody<\/a>[\s\S]*?None yet<\/td>/);
      const results = await admin.get(`/assessment/rounds/${id}/results`);
      assert.equal(results.status, 200);
      assert.match(results.text, /Nobody has submitted a response to this round yet/);
      assert.doesNotMatch(results.text, /data-testid="heat-map"/);
    });

    it('says how answers are used and that they are anonymous, and when a round not open yet opens', async () => {
      const openRound = rounds['Re-assessment 2026'] ?? 0;
      await admin.get(`/assessment/rounds/${openRound}`);
      assert.equal((await admin.post(`/assessment/rounds/${openRound}/open-links`)).status, 303);
      const [link] = await downloadLinks(admin, openRound);
      assert.ok(link?.link.startsWith(`${BASE_URL}/respond/`), link?.link);
      const start = await new TestClient(app.url).get(link?.path ?? '');
      assert.equal(start.status, 200);
      assert.match(start.text, /How your answers are used/);
      assert.match(start.text, /Your answers are anonymous/);

      const later = addDays(todayInLondon(), 9);
      const scheduled = await createRound(admin, { name: 'Next spring', opens: later, closes: addDays(later, 20) });
      await admin.get(`/assessment/rounds/${scheduled}`);
      await admin.post(`/assessment/rounds/${scheduled}/open-links`);
      const [early] = await downloadLinks(admin, scheduled);
      const notYet = await new TestClient(app.url).get(early?.path ?? '');
      assert.equal(notYet.status, 403);
      assert.match(notYet.text, new RegExp(`It opens on ${formatDate(later)}`));

      const stalled = await createRound(admin, { name: 'Never opened', opens: addDays(todayInLondon(), -2) });
      await admin.get(`/assessment/rounds/${stalled}`);
      await admin.post(`/assessment/rounds/${stalled}/open-links`);
      const [late] = await downloadLinks(admin, stalled);
      const due = await new TestClient(app.url).get(late?.path ?? '');
      assert.equal(due.status, 403);
      assert.match(due.text, new RegExp(`It was due to open on ${formatDate(addDays(todayInLondon(), -2))}`));
    });

    it('puts priorities in the CSV and XLSX, and gives the rainbow a key', async () => {
      const id = rounds['Baseline 2025'] ?? 0;
      await admin.get(`/assessment/rounds/${id}/results`);
      const added = await admin.post(`/assessment/rounds/${id}/priorities`, { cell: '2:3', note: 'Shared induction' });
      assert.equal(added.status, 303);
      const csv = await admin.get(`/assessment/rounds/${id}/results.csv`);
      assert.equal(csv.status, 200);
      const lines = csv.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/);
      assert.match(lines[0] ?? '', /,Priority$/);
      const row = lines.find((l) => /^2,("[^"]*"|[^,]*),3,/.test(l)) ?? '';
      assert.match(row, /,Shared induction$/);
      const xlsx = await fetch(`${app.url}/assessment/rounds/${id}/results.xlsx`, {
        headers: { cookie: cookieOf(admin) },
      });
      assert.equal(xlsx.status, 200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(await xlsx.arrayBuffer());
      const priorities = book.getWorksheet('Priorities');
      assert.ok(priorities, 'a Priorities sheet');
      assert.equal(priorities.getRow(2).getCell(4).value, 'Shared induction');
      const results = await admin.get(`/assessment/rounds/${id}/results`);
      const key = /data-testid="rainbow-key"[\s\S]*?<\/ul>/.exec(results.text)?.[0] ?? '';
      assert.match(key, /Outermost arc: Shared identity, purpose and vision/);
      assert.equal([...key.matchAll(/<li>/g)].length, 9);
    });

    it('shows evidence notes on each cell’s page, in the exports and the API, never naming a small organisation', async () => {
      const id = rounds['Baseline 2025'] ?? 0;
      const results = await admin.get(`/assessment/rounds/${id}/results`);
      assert.match(results.text, new RegExp(`href="/assessment/rounds/${id}/results/cells/1/1"`));
      const found = await app.services.assessmentResults.results(systemActor(app.demoPartnershipId), id);
      const evidence = found.evidence;
      assert.ok(evidence.length >= 4);
      const counts = new Map(found.organisations.map((o) => [o.name, o.submitted]));
      for (const note of evidence) if (note.organisation) assert.ok((counts.get(note.organisation) ?? 0) >= 5);
      assert.ok(evidence.some((n) => n.organisation === null));
      assert.ok(evidence.some((n) => n.organisation !== null));
      const small = evidence.find((n) => n.organisation === null);
      const cell = await admin.get(`/assessment/rounds/${id}/results/cells/${small?.theme}/2`);
      assert.equal(cell.status, 200);
      assert.match(cell.text, /data-testid="cell-statistics"/);
      assert.ok(cell.text.includes(escapeHtml(small?.note ?? '')));
      assert.match(cell.text, /Not named \(fewer than 5 respondents from the organisation\)/);
      for (const [name, submitted] of counts)
        if (name && submitted < 5) assert.ok(!cell.text.includes(escapeHtml(name)), `${name} is not named`);
      assert.equal((await admin.get(`/assessment/rounds/${id}/results/cells/9/1`)).status, 404);
      const csv = await admin.get(`/assessment/rounds/${id}/evidence.csv`);
      assert.equal(csv.status, 200);
      const csvLines = csv.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/);
      assert.equal(csvLines[0], 'Theme number,Theme,Organisation,Evidence');
      assert.equal(csvLines.length, evidence.length + 1, 'one line per note');
      assert.ok(csv.text.includes('Not named (fewer than 5 respondents from the organisation)'));
      for (const [name, submitted] of counts)
        if (name && submitted < 5) assert.ok(!csv.text.includes(name), `${name} is not named in the CSV`);

      const viewer = new TestClient(app.url);
      await viewer.signIn('viewer@demoshire.example');
      assert.equal((await viewer.get(`/assessment/rounds/${id}/results/cells/1/1`)).status, 403);

      const user = await app.db.kysely
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'admin@demoshire.example')
        .executeTakeFirstOrThrow();
      apiToken = (await app.services.tokens.createFor(systemActor(app.demoPartnershipId), user.id, 'evidence')).secret;
      const api = await fetch(`${app.url}/api/v1/assessment/rounds/${id}/results`, {
        headers: { authorization: `Bearer ${apiToken}` },
      });
      assert.equal(api.status, 200);
      const body = (await api.json()) as { evidence: { theme: number; note: string; organisation: string | null }[] };
      assert.deepEqual(body.evidence, evidence);
      assert.equal((await importRound('Via API', '2010-01-31')).status, 201);
    });
  });
}

function cookieOf(client: TestClient): string {
  return [...(client as unknown as { cookies: Map<string, string> }).cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
