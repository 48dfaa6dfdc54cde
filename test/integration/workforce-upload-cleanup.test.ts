import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/actor.ts';
import { validateRows } from '../../src/features/workforce/returns/validate.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { csv, organisationWithLead, type Row, TEST_PASSWORD, worker } from '../support/workforce-returns.ts';

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

for (const engine of ENGINES) {
  describe(`clean-up of unsubmitted workforce uploads on ${engine}`, () => {
    let app: TestApp;
    let organisationId: number;
    const kysely = () => app.db.kysely;

    before(async () => {
      app = await startTestApp(engine);
      ({ organisationId } = await organisationWithLead(
        app.services,
        app.demoPartnershipId,
        'Cleanup Nursery',
        'cleanup-lead@returns.example',
      ));
    });
    after(async () => {
      await app?.close();
    });

    const stage = (censusDate: string, rows: Row[]) =>
      app.services.workforceReturns.stage(systemActor(app.demoPartnershipId, 'Test'), {
        organisationId,
        censusDate,
        fileName: `return-${censusDate}.csv`,
        fileHash: 'a'.repeat(64),
        source: 'api',
        events: validateRows(rows, { censusDate }),
      });
    const count = async (table: 'upload_problems', uploadId: number) =>
      (await kysely().selectFrom(table).select('id').where('upload_id', '=', uploadId).execute()).length;
    /** The records an upload wrote under its pending return (kept until it is submitted or discarded). */
    const pendingWorkers = async (uploadId: number) =>
      (
        await kysely()
          .selectFrom('worker_records')
          .select('worker_records.id')
          .innerJoin('workforce_returns', 'workforce_returns.id', 'worker_records.return_id')
          .where('workforce_returns.upload_id', '=', uploadId)
          .where('workforce_returns.status', '=', 'pending')
          .execute()
      ).length;
    const uploadExists = async (id: number) =>
      (await kysely().selectFrom('return_uploads').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

    it('discards uploads not submitted within 24 hours when a new upload starts, and never a submitted return or a younger upload', async () => {
      // "Jane Smith" as a worker ID is a warning: the submitted return keeps a problem row of its own.
      const committed = await stage('2030-03-31', [worker('Jane Smith'), worker('W2')]);
      assert.ok(committed.warning_count > 0);
      const submitted = await app.services.workforceReturns.commit(systemActor(app.demoPartnershipId), committed.id);
      const oldValid = await stage('2030-04-30', [worker('W1'), worker('W2')]);
      const oldInvalid = await stage('2030-05-31', [worker('W1', { fte: 'lots' })]);
      const oldCancelled = await stage('2030-06-30', [worker('W1', { fte: 'lots' })]);
      await app.services.workforceReturns.abandon(systemActor(app.demoPartnershipId), oldCancelled.id);
      // An upload whose check never finished (the server stopped part-way): staged rows, status still validating.
      const oldUnfinished = await stage('2030-07-31', [worker('W1')]);
      await kysely()
        .updateTable('return_uploads')
        .set({ status: 'validating' })
        .where('id', '=', oldUnfinished.id)
        .execute();
      const recent = await stage('2030-08-31', [worker('Jane Smith')]);
      const old = [oldValid, oldInvalid, oldCancelled, oldUnfinished];
      for (const upload of [committed, ...old]) {
        await kysely()
          .updateTable('return_uploads')
          .set({ created_at: hoursAgo(25) })
          .where('id', '=', upload.id)
          .execute();
      }
      await kysely()
        .updateTable('return_uploads')
        .set({ created_at: hoursAgo(23) })
        .where('id', '=', recent.id)
        .execute();
      assert.ok((await pendingWorkers(oldValid.id)) > 0 && (await count('upload_problems', oldInvalid.id)) > 0);
      assert.equal(
        await count('upload_problems', oldCancelled.id),
        0,
        'a cancelled upload’s problems go with it: nobody can see its report again',
      );
      const workersBefore = await kysely()
        .selectFrom('worker_records')
        .selectAll()
        .where('return_id', '=', submitted.id)
        .orderBy('id')
        .execute();

      // A data lead starts a new upload through the web page.
      const lead = new TestClient(app.url);
      await lead.signIn('cleanup-lead@returns.example', TEST_PASSWORD);
      await lead.get('/workforce/submit');
      const response = await lead.postMultipart(
        '/workforce/submit',
        { 'census-date-day': '30', 'census-date-month': '9', 'census-date-year': '2030' },
        { field: 'file', name: 'new.csv', content: csv([worker('W1')]), type: 'text/csv' },
      );
      assert.equal(response.status, 303);

      for (const upload of old) {
        assert.equal(await uploadExists(upload.id), false, `upload ${upload.id} (${upload.status}) is discarded`);
        assert.equal(await pendingWorkers(upload.id), 0);
        assert.equal(await count('upload_problems', upload.id), 0);
      }
      assert.equal(await uploadExists(committed.id), true);
      assert.ok((await count('upload_problems', committed.id)) > 0, 'the submitted return’s problems stay');
      const stillCommitted = await kysely()
        .selectFrom('return_uploads')
        .select(['status', 'return_id'])
        .where('id', '=', committed.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual({ ...stillCommitted }, { status: 'committed', return_id: submitted.id });
      assert.equal(
        (
          await kysely()
            .selectFrom('workforce_returns')
            .select('status')
            .where('id', '=', submitted.id)
            .executeTakeFirstOrThrow()
        ).status,
        'current',
      );
      assert.deepEqual(
        await kysely()
          .selectFrom('worker_records')
          .selectAll()
          .where('return_id', '=', submitted.id)
          .orderBy('id')
          .execute(),
        workersBefore,
      );
      assert.equal(await uploadExists(recent.id), true, 'an upload younger than 24 hours stays');
      assert.equal(await pendingWorkers(recent.id), 1);
      assert.ok((await count('upload_problems', recent.id)) > 0);
      // Its review page still works.
      assert.match((await lead.get(`/workforce/uploads/${recent.id}`)).text, /Check your return before submitting/);

      const audit = await kysely()
        .selectFrom('audit_events')
        .select(['entity_id', 'organisation_id', 'actor_label', 'summary'])
        .where('action', '=', 'discard')
        .where('entity_type', '=', 'workforce_upload')
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audit.map((a) => Number(a.entity_id)),
        old.map((u) => u.id),
      );
      assert.ok(
        audit.every(
          (a) =>
            a.organisation_id === organisationId &&
            /clean-up/i.test(a.actor_label) &&
            /not submitted within 24 hours/.test(a.summary),
        ),
      );
    });

    it('answers a discarded upload’s page with page not found', async () => {
      const stale = await stage('2031-03-31', [worker('W1')]);
      await kysely()
        .updateTable('return_uploads')
        .set({ created_at: hoursAgo(30) })
        .where('id', '=', stale.id)
        .execute();
      await stage('2031-09-30', [worker('W1')]);
      const admin = new TestClient(app.url);
      await admin.signIn('admin@demoshire.example');
      assert.equal((await admin.get(`/workforce/uploads/${stale.id}`)).status, 404);
      assert.equal((await admin.post(`/workforce/uploads/${stale.id}/submit`)).status, 404);
    });
  });
}
