import assert from 'node:assert/strict';
import { mkdir, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/actor.ts';
import { recoverInterruptedUploads } from '../../src/features/workforce/returns/upload-lock.ts';
import { cleanTempFiles } from '../../src/lib/temp-files.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { HOSTILE_CSV, HOSTILE_JSON, HOSTILE_XLSX, sparseXlsx, validXlsx } from '../support/hostile-files.ts';
import { csv, organisationWithLead, TEST_PASSWORD, worker } from '../support/workforce-returns.ts';

const LIMIT = 200;
const openHandles = async () => (await readdir('/proc/self/fd')).length;
const tempFiles = async () =>
  (await readdir(tmpdir())).filter(
    (n) => n.startsWith(`tmp-${process.pid}-`) || new RegExp(`^ow-(upload|api)-${process.pid}-`).test(n),
  ).length;
const DEAD_PID = 2 ** 22 + 12345; // above Linux's pid_max: never a running process

for (const engine of ENGINES) {
  describe(`upload limits on ${engine}: bounded reports, hostile files, one upload at a time`, () => {
    let app: TestApp;
    let organisationId: number;
    let lead: TestClient;
    let token: string;
    const census = '2031-09-30';

    before(async () => {
      app = await startTestApp(engine, { WORKFORCE_PROBLEM_LIMIT: String(LIMIT) });
      const made = await organisationWithLead(
        app.services,
        app.demoPartnershipId,
        'Limits Nursery',
        'limits@r.example',
      );
      organisationId = made.organisationId;
      lead = new TestClient(app.url);
      await lead.signIn('limits@r.example', TEST_PASSWORD);
      token = (await app.services.tokens.createFor(systemActor(app.demoPartnershipId), made.user.id, 'fuzz')).secret;
    });
    after(async () => {
      await app?.close();
    });

    const upload = async (name: string, content: Uint8Array | string, date = census) => {
      await lead.get('/workforce/submit');
      const [year, month, day] = date.split('-');
      return lead.postMultipart(
        '/workforce/submit',
        { 'census-date-day': day, 'census-date-month': month, 'census-date-year': year },
        { field: 'file', name, content },
      );
    };
    const api = (body: string | Uint8Array, type: string, date = census) =>
      fetch(`${app.url}/api/v1/organisations/${organisationId}/returns/${date}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': type },
        body,
      });
    const problemRows = async (uploadId: number) =>
      (await app.db.kysely.selectFrom('upload_problems').select('id').where('upload_id', '=', uploadId).execute())
        .length;

    it('refuses a sparse 20,000-row workbook early, stores only the first problems, and counts them by column', async () => {
      const started = Date.now();
      const response = await upload('sparse.xlsx', sparseXlsx(20_000));
      assert.equal(response.status, 303);
      assert.ok(Date.now() - started < 5000, `answered in ${Date.now() - started} ms`);
      const uploadId = Number(/\/uploads\/(\d+)/.exec(response.location ?? '')?.[1]);
      const stored = await problemRows(uploadId);
      assert.ok(stored > 0 && stored <= 2 * LIMIT + 1, `${stored} problem rows stored`);
      const page = await lead.get(`/workforce/uploads/${uploadId}`);
      assert.equal(page.status, 200);
      assert.match(page.text, /more than 200 errors, so it was not checked to the end/);
      assert.match(page.text, /Problems by column/);
      const download = await lead.get(`/workforce/uploads/${uploadId}/problems.csv`);
      assert.equal(download.status, 200);
      assert.equal(download.text.trim().split('\r\n').length, stored + 1);
      const xlsx = await lead.get(`/workforce/uploads/${uploadId}/problems.xlsx`);
      assert.equal(xlsx.status, 200);
      assert.match(xlsx.headers.get('content-type') ?? '', /spreadsheetml/);
    });

    it('answers hostile workbooks, CSV and JSON with clear problems, quickly, leaving no handles or temp files', async () => {
      const handles = await openHandles();
      const temps = await tempFiles();
      const cases: [string, Buffer][] = [];
      for (let seed = 0; seed < 40; seed++) cases.push([`flip-${seed}.xlsx`, HOSTILE_XLSX.bitFlip(seed)]);
      for (let seed = 0; seed < 8; seed++) cases.push([`cut-${seed}.xlsx`, HOSTILE_XLSX.truncated(seed)]);
      for (const [kind, build] of Object.entries(HOSTILE_XLSX))
        if (kind !== 'sharedStringBomb') cases.push([`${kind}.xlsx`, build(3)]);
      cases.push(['strings.xlsx', HOSTILE_XLSX.sharedStringBomb()]);
      for (const [kind, build] of Object.entries(HOSTILE_CSV)) cases.push([`${kind}.csv`, build(5)]);
      for (const [name, content] of cases) {
        const started = Date.now();
        const response = await upload(name, content);
        assert.ok([303, 400].includes(response.status), `${name}: ${response.status}`);
        assert.ok(Date.now() - started < 10_000, `${name} answered in ${Date.now() - started} ms`);
        if (response.status === 303) {
          const page = await lead.get(response.location ?? '');
          assert.equal(page.status, 200, name);
          assert.doesNotMatch(page.text, /\b0 errors stop/, name);
          assert.match(page.text, /There are problems with your file|Check your return/, name);
        }
      }
      for (const [kind, build] of Object.entries(HOSTILE_JSON)) {
        const response = await api(build(7), 'application/json');
        assert.ok(response.status >= 400 && response.status < 500, `${kind}: ${response.status}`);
        const body = (await response.json()) as { message?: string; errors?: unknown[] };
        assert.ok(body.message || body.errors?.length, `${kind} says what is wrong`);
      }
      const answer = await api(HOSTILE_CSV.sparse(1), 'text/csv');
      assert.equal(answer.status, 422);
      const invalid = (await answer.json()) as { errorCount: number; errors: { message: string }[] };
      assert.ok(invalid.errors.length <= LIMIT + 1 && invalid.errorCount > LIMIT);
      assert.match(invalid.errors[0]?.message ?? '', /more than 200 errors/);
      assert.ok((await openHandles()) <= handles + 2, `open handles ${handles} → ${await openHandles()}`);
      assert.equal(await tempFiles(), temps);
    });

    it('lets one upload at a time check a file per organisation and census date: 409, never a 500', async () => {
      const date = '2031-10-31';
      const body = csv(Array.from({ length: 3000 }, (_, i) => worker(`W${i}`)));
      const small = csv([worker('S1')]);
      const first = api(body, 'text/csv', date);
      await new Promise((resolve) => setTimeout(resolve, 30));
      const statuses = [(await api(small, 'text/csv', date)).status, (await first).status];
      assert.ok(
        statuses.every((s) => [200, 409].includes(s)),
        `statuses ${statuses.join(', ')}`,
      );
      // A check in progress, held by this (live) process: the second is told to wait.
      const at = new Date().toISOString();
      const held = await app.db.kysely
        .insertInto('return_uploads')
        .values({
          partnership_id: app.demoPartnershipId,
          organisation_id: organisationId,
          census_date: date,
          uploaded_by_label: 'Test',
          source: 'api',
          file_name: 'held.csv',
          file_hash: 'h',
          status: 'validating',
          checked_by: `${(await import('node:os')).hostname()}/${process.pid}`,
          columns_json: '{}',
          worker_count: 0,
          vacancy_count: 0,
          error_count: 0,
          warning_count: 0,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const refused = await api(small, 'text/csv', date);
      assert.equal(refused.status, 409);
      assert.match(((await refused.json()) as { message: string }).message, /held\.csv\) is being checked/);
      const web = await upload('again.csv', small, date);
      assert.equal(web.status, 409);
      assert.match(web.text, /is being checked\. Wait for it to finish/);
      const page = await lead.get(`/workforce/uploads/${held.id}`);
      assert.equal(page.status, 200);
      assert.match(page.text, /Your file is being checked/);
      // Its process dies (kill -9): the page says so, and the next upload takes over.
      await app.db.kysely
        .updateTable('return_uploads')
        .set({ checked_by: `${(await import('node:os')).hostname()}/${DEAD_PID}` })
        .where('id', '=', held.id)
        .execute();
      const stopped = await lead.get(`/workforce/uploads/${held.id}`);
      assert.match(stopped.text, /Checking your file stopped before it finished/);
      assert.doesNotMatch(stopped.text, /0 errors stop/);
      assert.equal((await api(small, 'text/csv', date)).status, 200);
      const status = await app.db.kysely
        .selectFrom('return_uploads')
        .select('status')
        .where('id', '=', held.id)
        .executeTakeFirstOrThrow();
      assert.equal(status.status, 'abandoned');
    });

    it('at start-up, discards uploads of dead processes and removes their temp files, never a live one’s', async () => {
      const xlsx = await upload('ok.xlsx', validXlsx(3), '2031-11-30');
      assert.equal(xlsx.status, 303);
      const uploadId = Number(/\/uploads\/(\d+)/.exec(xlsx.location ?? '')?.[1]);
      await app.db.kysely
        .updateTable('return_uploads')
        .set({ status: 'validating', checked_by: `${(await import('node:os')).hostname()}/${DEAD_PID}` })
        .where('id', '=', uploadId)
        .execute();
      assert.equal(await recoverInterruptedUploads(app.db.kysely), 1);
      const pending = await app.db.kysely
        .selectFrom('workforce_returns')
        .select('id')
        .where('upload_id', '=', uploadId)
        .execute();
      assert.equal(pending.length, 0);
      const dir = join(tmpdir(), `ow-clean-test-${process.pid}-${engine}`);
      await mkdir(join(dir, `ow-api-${DEAD_PID}-abc`), { recursive: true });
      await mkdir(join(dir, `ow-upload-${process.pid}-abc`), { recursive: true });
      await mkdir(join(dir, `tmp-${DEAD_PID}-xyz`), { recursive: true });
      assert.equal(await cleanTempFiles(dir), 2);
      assert.deepEqual(await readdir(dir), [`ow-upload-${process.pid}-abc`]);
    });
  });
}
