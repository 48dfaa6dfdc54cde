import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { loadDemo } from '../../src/features/demo/demo.ts';
import { createServices } from '../../src/services.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { runCli } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { organisationWithLead, TEST_PASSWORD } from '../support/workforce-returns.ts';

const CENSUS = '2026-09-30';
const FIXTURE = readFileSync('test/fixtures/asc-wds-staff.csv', 'utf8');

for (const engine of ENGINES) {
  describe(`an organisation's full-time hours on ${engine}`, () => {
    let app: TestApp;
    let orgA: number;
    let orgB: number;
    let leadA: TestClient;
    let leadB: TestClient;
    before(async () => {
      app = await startTestApp(engine);
      ({ organisationId: orgA } = await organisationWithLead(
        app.services,
        app.demoPartnershipId,
        'Hours Home A',
        'hours-a@asc.example',
      ));
      ({ organisationId: orgB } = await organisationWithLead(
        app.services,
        app.demoPartnershipId,
        'Hours Home B',
        'hours-b@asc.example',
      ));
      leadA = new TestClient(app.url);
      await leadA.signIn('hours-a@asc.example', TEST_PASSWORD);
      leadB = new TestClient(app.url);
      await leadB.signIn('hours-b@asc.example', TEST_PASSWORD);
    });
    after(async () => {
      await app?.close();
    });
    const stored = async (id: number) =>
      (
        await app.db.kysely
          .selectFrom('organisations')
          .select('full_time_hours')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).full_time_hours;

    it('starts at 37, is set by the data lead with a clear error for a bad value, and is audited', async () => {
      const path = `/workforce/organisations/${orgA}/full-time-hours`;
      const page = await leadA.get(path);
      assert.equal(page.status, 200);
      assert.match(page.text, /<h1 class="govuk-heading-l">Full-time hours<\/h1>/);
      assert.match(page.text, /name="fullTimeHours"[^>]*value="37"/);
      assert.match(page.text, /40 hours a week is 1.08 FTE/);

      const bad = await leadA.post(path, { fullTimeHours: '100' });
      assert.equal(bad.status, 400);
      assert.match(bad.text, /Enter full-time hours a week as a number from 20 to 48/);
      assert.equal(await stored(orgA), 37);

      const saved = await leadA.post(path, { fullTimeHours: '37.5' });
      assert.equal(saved.status, 303);
      assert.equal(await stored(orgA), 37.5);
      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .select(['summary', 'before_json', 'after_json'])
        .where('entity_type', '=', 'organisation')
        .where('entity_id', '=', String(orgA))
        .where('action', '=', 'update')
        .execute();
      assert.equal(audit.length, 1);
      assert.match(audit[0]!.summary, /Set the full-time hours of Hours Home A to 37.5 a week \(was 37\)/);

      const history = await leadA.get(`/workforce/organisations/${orgA}/returns`);
      assert.equal(history.status, 200);
      assert.match(history.text, /at 37.5 full-time hours a week/);
    });

    it("is not shown or changed for another organisation's data lead", async () => {
      const path = `/workforce/organisations/${orgA}/full-time-hours`;
      assert.equal((await leadB.get(path)).status, 404);
      assert.equal((await leadB.post(path, { fullTimeHours: '40' })).status, 404);
      assert.equal(await stored(orgB), 37);
    });
  });

  describe(`ASC-WDS staff files through the command line on ${engine}`, () => {
    let database: TestDatabase;
    let organisationId: number;
    let dir: string;
    before(async () => {
      database = await createTestDatabase(engine);
      const { partnershipId } = await loadDemo(database.db.kysely);
      const services = createServices(database.db, loadConfig({ NODE_ENV: 'test' }));
      ({ organisationId } = await organisationWithLead(services, partnershipId, 'ASC Home', 'asc-cli@asc.example'));
      dir = mkdtempSync(join(tmpdir(), 'ow-asc-'));
    });
    after(async () => {
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    });
    const cli = (...args: string[]) => runCli(database, args);

    it('imports the whole file at the organisation’s full-time hours, and says what it left out', async () => {
      await database.db.kysely
        .updateTable('organisations')
        .set({ full_time_hours: 40 })
        .where('id', '=', organisationId)
        .execute();
      const file = join(dir, 'staff.csv');
      writeFileSync(file, FIXTURE);
      const run = await cli('import', '--organisation', String(organisationId), '--census-date', CENSUS, file);
      assert.equal(run.code, 0, run.stderr);
      assert.match(
        run.stdout,
        /staff\.csv: 13 worker records, 0 vacancy records, 0 errors, 7 warnings; 0 rows rejected\./,
      );
      assert.match(run.stdout, /Read as an ASC-WDS staff file and mapped to the data standard\./);
      assert.match(run.stdout, /Columns not mapped to the data standard \(ignored\): [^\n]*NATIONALITY[^\n]*SALARY/);
      assert.match(run.stdout, /Fields of the standard this file does not give: leaving_date, leaving_reason/);
      assert.match(run.stdout, /Row 4, AVGHOURS '999'/);
      const rows = await database.db.kysely
        .selectFrom('worker_records')
        .select(['worker_id', 'fte', 'contracted_hours', 'sex', 'job_role', 'manager', 'start_date'])
        .where('organisation_id', '=', organisationId)
        .where('worker_id', 'in', ['SFC04', 'SFC05', 'SFC06', 'SFC07'])
        .orderBy('worker_id')
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.worker_id, Number(r.fte), r.contracted_hours === null ? null : Number(r.contracted_hours)]),
        [
          ['SFC04', 1, 40],
          ['SFC05', 0.93, 37],
          ['SFC06', 0.93, 37],
          ['SFC07', 0.4, null],
        ],
      );
      assert.equal(rows.find((r) => r.worker_id === 'SFC06')?.sex, 'other');
      assert.equal(rows.find((r) => r.worker_id === 'SFC05')?.start_date, null);
    });

    it('counts the rows it rejected', async () => {
      const file = join(dir, 'bad.csv');
      const [header, ...rows] = FIXTURE.trimEnd().split('\r\n');
      writeFileSync(
        file,
        [header, ...rows, rows[0]!.replace('SFC01', 'SFC99').replace(',8,,37.5,', ',,,37.5,')].join('\r\n'),
      );
      const run = await cli('import', '--organisation', String(organisationId), '--census-date', CENSUS, file);
      assert.equal(run.code, 1);
      assert.match(
        run.stdout,
        /bad\.csv: 13 worker records, 0 vacancy records, 1 errors, 7 warnings; 1 row rejected\./,
      );
      assert.match(run.stdout, /Nothing was submitted/);
    });
  });
}
