import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/actor.ts';
import { exportSheets } from '../../src/features/workforce/returns/returns-export.ts';
import { toXlsx } from '../../src/lib/spreadsheet.ts';
import { ENGINES, startTestApp, type TestApp } from '../support/app.ts';
import { csv, organisationWithLead, worker } from '../support/workforce-returns.ts';

const CENSUS = '2031-09-30';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

for (const engine of ENGINES) {
  describe(`workforce returns API (vacancies, XLSX, history, records) on ${engine}`, () => {
    let app: TestApp;
    let org: number;
    let secret: string;
    before(async () => {
      app = await startTestApp(engine);
      const { organisationId, user } = await organisationWithLead(
        app.services,
        app.demoPartnershipId,
        'API Nursery',
        'api-lead@returns.example',
      );
      org = organisationId;
      ({ secret } = await app.services.tokens.createFor(systemActor(app.demoPartnershipId), user.id, 'HR system'));
    });
    after(async () => {
      await app?.close();
    });

    const call = (path: string, init: { method?: string; body?: string | Uint8Array; type?: string } = {}) =>
      fetch(`${app.url}/api/v1/organisations/${org}/returns${path}`, {
        method: init.method ?? 'GET',
        body: typeof init.body === 'string' || !init.body ? init.body : new Uint8Array(init.body),
        headers: { authorization: `Bearer ${secret}`, ...(init.type ? { 'content-type': init.type } : {}) },
      });

    it('takes a whole return as XLSX, vacancies alone as CSV or JSON, and gives back history and records', async () => {
      const workbook = await toXlsx(
        exportSheets(
          [{ ...worker('X1'), fte: 1, contracted_hours: 37 }, { ...worker('=1+1') }],
          [{ job_role: 'early_years_practitioner', service: 'early_years', vacant_fte: 2, agency_cover_fte: 1 }],
        ),
      );
      const whole = await call(`/${CENSUS}?commit=true`, { method: 'POST', body: workbook, type: XLSX });
      assert.equal(whole.status, 201, await whole.clone().text());
      assert.deepEqual(
        [(await whole.json()) as { records: number; vacancies: number }].map((b) => [b.records, b.vacancies]),
        [[2, 1]],
      );

      const wrong = await call(`/${CENSUS}/vacancies`, { method: 'POST', body: csv([worker('X9')]), type: 'text/csv' });
      assert.equal(wrong.status, 422);
      assert.match(JSON.stringify(await wrong.json()), /for vacancies only, but it has 1 worker records/);

      const vacanciesCsv = 'job_role,service,vacant_fte,agency_cover_fte\r\nearly_years_teacher,early_years,1.5,\r\n';
      const viaCsv = await call(`/${CENSUS}/vacancies?commit=true`, {
        method: 'POST',
        body: vacanciesCsv,
        type: 'text/csv',
      });
      assert.equal(viaCsv.status, 201, await viaCsv.clone().text());
      const viaJson = await call(`/${CENSUS}/vacancies?commit=true`, {
        method: 'POST',
        body: JSON.stringify([{ job_role: 'early_years_teacher', service: 'early_years', vacant_fte: 3 }]),
        type: 'application/json',
      });
      assert.equal(viaJson.status, 201, await viaJson.clone().text());

      const history = (await (await call('')).json()) as {
        returns: {
          status: string;
          workerRecords: number;
          vacancyRecords: number;
          fileHash: string;
          fileName: string;
        }[];
      };
      assert.deepEqual(
        history.returns.map((r) => [r.fileName, r.status, r.workerRecords, r.vacancyRecords]),
        [
          ['api-vacancies.json', 'current', 2, 1],
          ['api-vacancies.csv', 'replaced', 2, 1],
          ['api-return.xlsx', 'replaced', 2, 1],
        ],
      );
      assert.ok(history.returns.every((r) => /^[0-9a-f]{64}$/.test(r.fileHash)));

      const records = (await (await call(`/${CENSUS}/records`)).json()) as {
        workers: Record<string, string | number>[];
        vacancies: Record<string, string | number>[];
      };
      assert.deepEqual(
        records.workers.map((w) => w.worker_id),
        ['X1', "'=1+1"],
      );
      assert.deepEqual(records.vacancies, [
        { job_role: 'early_years_teacher', service: 'early_years', vacant_fte: 3, agency_cover_fte: '' },
      ]);
      const asCsv = await call(`/${CENSUS}/records?format=csv`);
      assert.equal(asCsv.status, 200);
      assert.match(await asCsv.text(), /^\uFEFF?worker_id,service[\s\S]*\r\n'=1\+1,early_years/);

      // The records posted back as JSON review as no change.
      const again = await call(`/${CENSUS}`, {
        method: 'POST',
        body: JSON.stringify(records.workers),
        type: 'application/json',
      });
      assert.equal(again.status, 200);
      assert.equal(((await again.json()) as { records: number }).records, 2);
    });

    it('documents the operations in OpenAPI, with the submit capabilities', async () => {
      const doc = (await (await fetch(`${app.url}/api/v1/openapi.json`)).json()) as {
        paths: Record<string, Record<string, { description: string; requestBody?: { content: object } }>>;
      };
      const post = doc.paths['/organisations/{organisationId}/returns/{censusDate}']?.post;
      assert.match(post?.description ?? '', /workforce:submit-own`? or `?workforce:submit-any/);
      assert.doesNotMatch(post?.description ?? '', /view-own/);
      assert.ok(Object.keys(post?.requestBody?.content ?? {}).includes(XLSX));
      assert.ok(doc.paths['/organisations/{organisationId}/returns/{censusDate}/vacancies']?.post);
      assert.ok(doc.paths['/organisations/{organisationId}/returns']?.get);
      assert.ok(doc.paths['/organisations/{organisationId}/returns/{censusDate}/records']?.get);
    });
  });
}
