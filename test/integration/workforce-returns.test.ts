import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.ts';
import { createServices } from '../../src/services.ts';
import { runCli } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { systemActor } from '../../src/auth/actor.ts';
import { censusDateProblems, validateRows } from '../../src/features/workforce/returns/validate.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { csv, leaver, organisationWithLead, TEST_PASSWORD, worker } from '../support/workforce-returns.ts';

const CENSUS = '2030-09-30';
/** The API's warnings for a census date alone: more than a year ahead of today is warned about. */
const censusWarnings = (date: string) => {
  const warnings = censusDateProblems(date).flatMap((e) =>
    e.type === 'problem' ? [{ row: e.problem.row, column: e.problem.column, message: e.problem.message }] : [],
  );
  return { warningCount: warnings.length, warnings };
};
const censusFields = { 'census-date-day': '30', 'census-date-month': '9', 'census-date-year': '2030' };

for (const engine of ENGINES) {
  describe(`workforce returns on ${engine}`, () => {
    let app: TestApp;
    let orgA: number;
    let orgB: number;
    let leadA: TestClient;
    let leadB: TestClient;
    let firstUploadId: number;
    const kysely = () => app.db.kysely;

    before(async () => {
      app = await startTestApp(engine, { WORKFORCE_UPLOAD_MAX_BYTES: String(1024 * 1024) });
      ({ organisationId: orgA } = await organisationWithLead(
        app.services,
        app.demoPartnershipId,
        'Test Nursery A',
        'lead-a@returns.example',
      ));
      ({ organisationId: orgB } = await organisationWithLead(
        app.services,
        app.demoPartnershipId,
        'Test Nursery B',
        'lead-b@returns.example',
      ));
      leadA = new TestClient(app.url);
      await leadA.signIn('lead-a@returns.example', TEST_PASSWORD);
      leadB = new TestClient(app.url);
      await leadB.signIn('lead-b@returns.example', TEST_PASSWORD);
    });
    after(async () => {
      await app?.close();
    });

    /** The organisation's current records (an upload awaiting review writes its own under a pending return). */
    const workerRows = (organisationId: number) =>
      kysely()
        .selectFrom('worker_records')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('census_date', '=', CENSUS)
        .where('return_id', 'in', (eb) =>
          eb.selectFrom('workforce_returns').select('id').where('status', '=', 'current'),
        )
        .orderBy('worker_id')
        .execute();
    const returnsOf = (organisationId: number) =>
      kysely()
        .selectFrom('workforce_returns')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('status', '!=', 'pending')
        .orderBy('id')
        .execute();
    const pendingWorkers = async (uploadId: number) =>
      (
        await kysely()
          .selectFrom('worker_records')
          .select('worker_records.id')
          .innerJoin('workforce_returns', 'workforce_returns.id', 'worker_records.return_id')
          .where('workforce_returns.upload_id', '=', uploadId)
          .execute()
      ).length;

    /** A database trigger that makes every insert into `table` fail: a crash forced mid-commit. */
    async function failInsertsInto(table: string) {
      if (engine === 'postgres') {
        await sql
          .raw(
            `create function forced_failure() returns trigger language plpgsql as $$ begin raise exception 'forced failure'; end $$`,
          )
          .execute(kysely());
        await sql
          .raw(`create trigger forced_failure before insert on ${table} for each row execute function forced_failure()`)
          .execute(kysely());
      } else {
        await sql
          .raw(
            `create trigger forced_failure before insert on ${table} begin select raise(abort, 'forced failure'); end`,
          )
          .execute(kysely());
      }
    }
    async function allowInsertsInto(table: string) {
      await sql
        .raw(engine === 'postgres' ? `drop trigger forced_failure on ${table}` : 'drop trigger forced_failure')
        .execute(kysely());
      if (engine === 'postgres') await sql.raw('drop function forced_failure').execute(kysely());
    }

    async function upload(
      client: TestClient,
      name: string,
      content: string | Uint8Array,
      fields: Record<string, string> = censusFields,
    ) {
      await client.get('/workforce/submit');
      const response = await client.postMultipart('/workforce/submit', fields, {
        field: 'file',
        name,
        content,
        type: 'text/csv',
      });
      if (response.status !== 303) return { response, page: response, uploadId: NaN };
      const uploadId = Number(/\/workforce\/uploads\/(\d+)/.exec(response.location ?? '')?.[1]);
      return { response, page: await client.get(response.location as string), uploadId };
    }

    it('checks a valid file, shows what will change, and stores it only when submitted', async () => {
      const { page, uploadId } = await upload(
        leadA,
        'first.csv',
        csv([worker('W1'), worker('W2', { fte: '0.5', contracted_hours: '18.5' }), leaver('W3')]),
      );
      firstUploadId = uploadId;
      assert.equal(page.status, 200);
      assert.match(page.text, /Check your return before submitting/);
      assert.match(page.text, /Worker records\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*3/);
      assert.match(page.text, /first return, so every record is new/);
      assert.equal((await workerRows(orgA)).length, 0, 'nothing is stored before submitting');

      const submitted = await leadA.post(`/workforce/uploads/${uploadId}/submit`);
      assert.equal(submitted.status, 303);
      const confirmation = await leadA.get(submitted.location as string);
      assert.match(confirmation.text, /Return submitted/);
      assert.match(confirmation.text, /3 records for Test Nursery A/);

      const rows = await workerRows(orgA);
      assert.deepEqual(
        rows.map((r) => r.worker_id),
        ['W1', 'W2', 'W3'],
      );
      assert.equal(rows[1]?.fte, 0.5);
      assert.equal(rows[0]?.apprentice, 0);
      assert.equal(rows[2]?.leaving_date, '2030-03-31');
      const [current] = await returnsOf(orgA);
      assert.equal(current?.status, 'current');
      assert.equal(current?.worker_count, 3);
      assert.equal(current?.fte_total, 1.5);
      assert.equal(current?.leavers_count, 1);
      assert.match(current?.file_hash ?? '', /^[0-9a-f]{64}$/);
      assert.equal(current?.source, 'upload');
    });

    it('replaces the return on re-submission, shows new, changed, left and removed, and keeps the history', async () => {
      const { page, uploadId } = await upload(
        leadA,
        'second.csv',
        csv([
          worker('W1', { fte: '0.8', contracted_hours: '29.6' }),
          leaver('W2', { fte: '0.5', contracted_hours: '18.5' }),
          worker('W4'),
        ]),
      );
      assert.match(page.text, /Compared with the return already submitted for this census date/);
      const counts = Object.fromEntries(
        [
          ...page.text.matchAll(
            /<th scope="row" class="govuk-table__header">([^<(]+?)\s*(?:\([^)]*\))?<\/th><td class="govuk-table__cell govuk-table__cell--numeric">(\d+)</g,
          ),
        ].map((m) => [m[1], Number(m[2])]),
      );
      assert.deepEqual(counts, { New: 1, Changed: 1, Left: 1, Removed: 1, Unchanged: 0 });
      assert.match(page.text, /FTE in post before\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*1.5/);
      assert.match(page.text, /FTE in post after\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*1.8/);
      await leadA.post(`/workforce/uploads/${uploadId}/submit`);

      assert.deepEqual(
        (await workerRows(orgA)).map((r) => r.worker_id),
        ['W1', 'W2', 'W4'],
      );
      const history = await returnsOf(orgA);
      assert.deepEqual(
        history.map((r) => [r.file_name, r.status]),
        [
          ['first.csv', 'replaced'],
          ['second.csv', 'current'],
        ],
      );
      const page2 = await leadA.get(`/workforce/organisations/${orgA}/returns`);
      assert.match(page2.text, /first\.csv/);
      assert.match(page2.text, /second\.csv/);
      assert.match(page2.text, new RegExp(history[0]?.file_hash ?? 'missing'));
    });

    it('reports an invalid file’s problems by row and column, stores nothing and leaves the current return alone', async () => {
      const before = await workerRows(orgA);
      const { page, uploadId } = await upload(
        leadA,
        'bad.csv',
        csv([worker('W1'), worker('W2', { ethnicity: 'Brit' }), worker('W1', { job_role: 'Secret Agent' })]),
      );
      assert.equal(page.status, 200);
      assert.match(page.text, /There is a problem/);
      assert.match(page.text, /Row 3, ethnicity &#39;Brit&#39;: use a code or label from the data standard/);
      assert.match(page.text, /href="#problem-1"/);
      assert.match(page.text, /Duplicate worker id/);
      const report = await leadA.get(`/workforce/uploads/${uploadId}/problems.csv`);
      assert.equal(report.status, 200);
      assert.match(report.headers.get('content-disposition') ?? '', /attachment/);
      assert.match(report.text, /Brit/);
      assert.doesNotMatch(
        report.text,
        /early_years_practitioner|white_british|1985/,
        'the report repeats only the offending values',
      );
      const xlsx = await leadA.get(`/workforce/uploads/${uploadId}/problems.xlsx`);
      assert.equal(xlsx.status, 200);
      assert.deepEqual(await workerRows(orgA), before);
      assert.equal(await pendingWorkers(uploadId), 0, 'an invalid upload keeps no records');
      const submit = await leadA.post(`/workforce/uploads/${uploadId}/submit`);
      assert.equal(submit.status, 303);
      assert.deepEqual(await workerRows(orgA), before, 'an invalid upload cannot be submitted');
    });

    it('refuses a file over the size limit with a clear message and stores nothing', async () => {
      const uploads = await kysely().selectFrom('return_uploads').select('id').execute();
      const big = csv(Array.from({ length: 9000 }, (_, i) => worker(`BIG${i}`)));
      assert.ok(big.length > 1024 * 1024);
      const { response } = await upload(leadA, 'big.csv', big);
      assert.equal(response.status, 400);
      assert.match(response.text, /The selected file must be smaller than 1 MB/);
      assert.equal((await kysely().selectFrom('return_uploads').select('id').execute()).length, uploads.length);
    });

    it('says plainly when a file is empty, has only a header, is an "XLSX" that is not a workbook, or the census date is not a date', async () => {
      const { page } = await upload(leadA, 'return.xlsx', 'worker_id,service\nW1,early_years\n');
      assert.match(page.text, /is not a valid Excel \.xlsx file/);
      const empty = await upload(leadA, 'empty.csv', '');
      assert.equal(empty.response.status, 400);
      assert.match(empty.response.text, /The selected file is empty/);
      const headerOnly = await upload(leadA, 'header.csv', csv([]));
      assert.match(headerOnly.page.text, /has a header row but no records/);
      assert.equal(
        (
          await kysely()
            .selectFrom('return_uploads')
            .select('status')
            .where('id', '=', headerOnly.uploadId)
            .executeTakeFirstOrThrow()
        ).status,
        'invalid',
      );
      const { response } = await upload(leadA, 'first.csv', csv([worker('W1')]), {
        'census-date-day': '31',
        'census-date-month': '2',
        'census-date-year': '2030',
      });
      assert.equal(response.status, 400);
      assert.match(response.text, /href="#census-date-day"/);
    });

    it('leaves the previous return intact when the commit fails part-way', async () => {
      const before = await workerRows(orgA);
      const returnsBefore = await returnsOf(orgA);
      const actor = systemActor(app.demoPartnershipId, 'Test');
      const staged = await app.services.workforceReturns.stage(actor, {
        organisationId: orgA,
        censusDate: CENSUS,
        fileName: 'crash.csv',
        fileHash: 'f'.repeat(64),
        source: 'api',
        events: validateRows([worker('C1'), worker('C2')], { censusDate: CENSUS }),
      });
      assert.equal(staged.status, 'valid');
      // The commit's last step (copying the profile cells) fails, after the previous return was
      // marked replaced, its records deleted and the new one made current: all of it must roll back.
      await failInsertsInto('workforce_profile_cells');
      try {
        await assert.rejects(app.services.workforceReturns.commit(actor, staged.id), /forced failure/);
      } finally {
        await allowInsertsInto('workforce_profile_cells');
      }
      assert.deepEqual(await workerRows(orgA), before);
      assert.deepEqual(await returnsOf(orgA), returnsBefore);
      assert.equal(await pendingWorkers(staged.id), 2, 'the upload keeps its records, to be submitted again');
      const upload = await kysely()
        .selectFrom('return_uploads')
        .select('status')
        .where('id', '=', staged.id)
        .executeTakeFirstOrThrow();
      assert.equal(upload.status, 'valid');
    });

    it('validates and submits through the API only for organisations the token may submit for', async () => {
      const user = await kysely()
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'lead-a@returns.example')
        .executeTakeFirstOrThrow();
      const { secret } = await app.services.tokens.createFor(systemActor(app.demoPartnershipId), user.id, 'HR system');
      const call = (organisationId: number, body: string, type: string, query = '') =>
        fetch(`${app.url}/api/v1/organisations/${organisationId}/returns/${CENSUS}${query}`, {
          method: 'POST',
          body,
          headers: { authorization: `Bearer ${secret}`, 'content-type': type },
        });
      const before = await workerRows(orgA);

      const invalid = await call(orgA, csv([worker('A1', { fte: '3' })]), 'text/csv');
      assert.equal(invalid.status, 422);
      const problems = (await invalid.json()) as {
        errors: { row: number; column: string; message: string }[];
        warnings: unknown[];
      };
      assert.equal(problems.errors[0]?.column, 'fte');
      assert.equal(typeof problems.errors[0]?.row, 'number');
      assert.ok(Array.isArray(problems.warnings));

      const valid = await call(orgA, csv([worker('A1'), worker('A2')]), 'text/csv');
      assert.equal(valid.status, 200);
      assert.deepEqual(await valid.json(), {
        status: 'valid',
        records: 2,
        vacancies: 0,
        ...censusWarnings(CENSUS),
      });
      assert.deepEqual(await workerRows(orgA), before, 'validating alone stores nothing');

      const refused = await call(orgB, csv([worker('A1')]), 'text/csv', '?commit=true');
      assert.equal(refused.status, 404);
      assert.equal((await workerRows(orgB)).length, 0);

      const committed = await call(
        orgA,
        JSON.stringify([worker('J1'), worker('J2'), worker('J3')]),
        'application/json',
        '?commit=true',
      );
      assert.equal(committed.status, 201);
      assert.equal(((await committed.json()) as { status: string }).status, 'committed');
      assert.deepEqual(
        (await workerRows(orgA)).map((r) => r.worker_id),
        ['J1', 'J2', 'J3'],
      );
      const latest = (await returnsOf(orgA)).at(-1);
      assert.equal(latest?.source, 'api');

      const openapi = (await (await fetch(`${app.url}/api/v1/openapi.json`)).json()) as {
        paths: Record<string, unknown>;
      };
      assert.ok(openapi.paths['/organisations/{organisationId}/returns/{censusDate}']);
    });

    it('keeps one data lead out of another organisation’s returns by any URL or API call', async () => {
      const paths = [
        `/workforce/uploads/${firstUploadId}`,
        `/workforce/uploads/${firstUploadId}/submitted`,
        `/workforce/uploads/${firstUploadId}/problems.csv`,
        `/workforce/organisations/${orgA}/returns`,
        `/workforce/organisations/${orgA}/returns/${CENSUS}/export.csv`,
      ];
      for (const path of paths) assert.equal((await leadB.get(path)).status, 404, path);
      const before = await returnsOf(orgA);
      await leadB.get('/workforce/submit');
      assert.equal((await leadB.post(`/workforce/uploads/${firstUploadId}/submit`)).status, 404);
      assert.equal((await leadB.post(`/workforce/uploads/${firstUploadId}/cancel`)).status, 404);
      // A data lead's form has no organisation choice; a forged one is ignored: the return is their own.
      const { uploadId } = await upload(leadB, 'mine.csv', csv([worker('B1')]), {
        ...censusFields,
        organisation: String(orgA),
      });
      const forged = await kysely()
        .selectFrom('return_uploads')
        .select('organisation_id')
        .where('id', '=', uploadId)
        .executeTakeFirstOrThrow();
      assert.equal(forged.organisation_id, orgB);
      const completeness = await leadB.get('/workforce/returns');
      assert.equal(completeness.status, 200);
      assert.match(completeness.text, /Test Nursery B/);
      assert.doesNotMatch(completeness.text, /Test Nursery A/);
      const user = await kysely()
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'lead-b@returns.example')
        .executeTakeFirstOrThrow();
      const { secret } = await app.services.tokens.createFor(systemActor(app.demoPartnershipId), user.id, 'B token');
      const api = await fetch(`${app.url}/api/v1/organisations/${orgA}/returns/${CENSUS}?commit=true`, {
        method: 'POST',
        body: csv([worker('X1')]),
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'text/csv' },
      });
      assert.equal(api.status, 404);
      assert.deepEqual(await returnsOf(orgA), before);
    });

    it('shows completeness and overdue returns to an administrator, with the deadline they set', async () => {
      const admin = new TestClient(app.url);
      await admin.signIn('admin@demoshire.example');
      await admin.get('/workforce/returns');
      const saved = await admin.post('/workforce/collections', {
        'census-date-day': '30',
        'census-date-month': '9',
        'census-date-year': '2030',
        'deadline-day': '31',
        'deadline-month': '10',
        'deadline-year': '2030',
      });
      assert.equal(saved.status, 303);
      const page = await admin.get(`/workforce/returns?census=${CENSUS}`);
      assert.match(page.text, /due by 31 October 2030/);
      assert.match(
        page.text,
        /Test Nursery A<\/a><\/th>\s*<td class="govuk-table__cell">\s*<strong class="govuk-tag govuk-tag--green">\s*Submitted/,
      );
      assert.match(page.text, /Completeness of each field: Test Nursery A/);
      const rows = await app.services.workforceCompleteness.forCensusDate(
        systemActor(app.demoPartnershipId),
        CENSUS,
        '2030-11-01',
      );
      const a = rows.find((r) => r.organisationId === orgA);
      assert.equal(a?.fields.find((f) => f.field === 'ethnicity')?.percent, 100);
      assert.equal(a?.fields.find((f) => f.field === 'gender_identity')?.percent, 0);
      assert.ok(
        rows.some((r) => !r.submitted && r.overdue),
        'organisations without a return are overdue after the deadline',
      );
    });

    it('maps a Skills for Care ASC-WDS staff file and lists the columns it could not map on the review page', async () => {
      const asc = [
        'LOCALESTID,UNIQUEWORKERID,STATUS,DOB,GENDER,ETHNICITY,NATIONALITY,DISABLED,STARTDATE,APPRENTICE,EMPLSTATUS,ZEROHRCONT,DAYSSICK,MAINJOBROLE,MAINJRDESC,CONTHOURS,AVGHOURS,SCQUAL,NONSCQUAL',
        'EST1,ASC1,NEW,14/03/1980,2,41,826,0,01/04/2015,2,1,2,3,8,,37.5,,1;3,2;',
        'EST1,ASC2,NEW,01/01/1990,1,31,826,1,01/06/2020,2,1,2,0,8,,30,,1;2,',
      ].join('\r\n');
      const { page } = await upload(leadB, 'asc-wds-staff.csv', `${asc}\r\n`);
      assert.match(page.text, /Check your return before submitting/);
      assert.match(page.text, /ASC-WDS staff file, mapped to the standard/);
      assert.match(page.text, /could not be mapped to the standard and will not be stored: [^<]*NATIONALITY/);
      assert.match(page.text, /Worker records\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*2/);
    });

    it('records every check and submission in the audit log, without worker rows', async () => {
      const events = await kysely()
        .selectFrom('audit_events')
        .selectAll()
        .where('entity_type', 'in', ['workforce_return', 'workforce_upload', 'workforce_collection'])
        .execute();
      const submits = events.filter((e) => e.action === 'submit' && e.organisation_id === orgA);
      assert.ok(submits.length >= 3);
      assert.ok(events.some((e) => e.action === 'validate'));
      assert.ok(events.some((e) => e.entity_type === 'workforce_collection'));
      for (const e of events)
        assert.doesNotMatch(
          `${e.before_json} ${e.after_json} ${e.summary}`,
          /W1|white_british|early_years_practitioner/,
        );
      assert.match(submits[0]?.after_json ?? '', /"file_hash":"[0-9a-f]{64}"/);
    });
  });
}

for (const engine of ENGINES) {
  describe(`workforce import and export commands on ${engine}`, () => {
    let database: TestDatabase;
    let partnershipId: number;
    let organisationId: number;
    let dir: string;
    before(async () => {
      database = await createTestDatabase(engine, { demo: true });
      partnershipId = database.demoPartnershipId;
      const services = createServices(database.db, loadConfig({ NODE_ENV: 'test' }));
      ({ organisationId } = await organisationWithLead(
        services,
        partnershipId,
        'CLI Nursery',
        'cli-lead@returns.example',
      ));
      dir = mkdtempSync(join(tmpdir(), 'ow-cli-returns-'));
    });
    after(async () => {
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    const cli = (...args: string[]) => runCli(database, args);
    const stored = () =>
      database.db.kysely
        .selectFrom('worker_records')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('census_date', '=', CENSUS)
        .orderBy('worker_id')
        .execute();

    it('imports a file with a report, refuses one with errors, and exports the current return so it imports unchanged', async () => {
      const file = join(dir, 'return.csv');
      writeFileSync(
        file,
        csv([
          worker('K1'),
          worker('K2', {
            job_role: 'other',
            job_role_other: 'Forest school, "outdoor" lead',
            fte: '0.6',
            contracted_hours: '22.2',
          }),
          leaver('K3', { apprentice: 'yes', manager: 'yes' }),
        ]),
      );
      const imported = await cli('import', '--organisation', String(organisationId), '--census-date', CENSUS, file);
      assert.equal(imported.code, 0, imported.stderr);
      assert.match(imported.stdout, /3 worker records, 0 vacancy records, 0 errors/);
      assert.match(imported.stdout, /Submitted return \d+ for census date 2030-09-30: 3 records/);
      const first = await stored();
      assert.equal(first.length, 3);

      const bad = join(dir, 'bad.csv');
      writeFileSync(bad, csv([worker('K1', { sex: 'robot' })]));
      const refused = await cli('import', '--organisation', String(organisationId), '--census-date', CENSUS, bad);
      assert.equal(refused.code, 1);
      assert.match(refused.stdout, /Row 2, sex 'robot'/);
      assert.match(refused.stdout, /Nothing was submitted/);

      const exported = join(dir, 'exported.csv');
      const out = await cli('export', '--organisation', String(organisationId), '--census-date', CENSUS, exported);
      assert.equal(out.code, 0, out.stderr);
      assert.match(readFileSync(exported, 'utf8'), /^\uFEFFworker_id,service,job_role/);
      const again = await cli('import', '--organisation', String(organisationId), '--census-date', CENSUS, exported);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /0 new, 0 changed, 0 left, 0 removed/);
      const strip = (rows: Awaited<ReturnType<typeof stored>>) =>
        rows.map(({ id: _i, return_id: _r, ...rest }) => rest);
      assert.deepEqual(strip(await stored()), strip(first));
      const returns = await database.db.kysely
        .selectFrom('workforce_returns')
        .select(['status', 'source'])
        .where('organisation_id', '=', organisationId)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        returns.map((r) => [r.status, r.source]),
        [
          ['replaced', 'cli'],
          ['current', 'cli'],
        ],
      );
    });
  });
}
