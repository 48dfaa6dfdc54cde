/*
 * The e-learning records import (issue 14, points 8 and 11) on both databases, through the web
 * page, the CLI and the API: checked, reviewed, then added all or nothing; unknown people reported
 * by row; duplicates in the file, already held, or a whole file imported twice refused; a
 * malformed file gets one clear message; nothing is ever half-imported.
 */
import assert from 'node:assert/strict';
import { writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/actor.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { runCli } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { renderedPage } from '../support/route-test.ts';

const HEADER = 'email,worker_id,course,date,hours,level';
const file = (...rows: string[]) => [HEADER, ...rows].join('\r\n') + '\r\n';

for (const engine of ENGINES) {
  describe(`training records import on ${engine}`, () => {
    let app: TestApp;
    let coordinator: TestClient;
    const count = async () =>
      Number(
        (
          await app.db.kysely
            .selectFrom('training_records')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const staged = async () =>
      (
        await app.db.kysely
          .selectFrom('training_record_imports')
          .select('id')
          .where('committed_at', 'is', null)
          .execute()
      ).length;
    const upload = async (content: string | Uint8Array, name = 'elearning.csv') => {
      await coordinator.get('/training/compliance/imports/new');
      return coordinator.postMultipart(
        '/training/compliance/imports/new',
        {},
        { field: 'file', name, content, type: 'text/csv' },
      );
    };
    /** Uploads a bad file: 400, the problems listed, and nothing stored or staged. */
    const refused = async (content: string | Uint8Array) => {
      const [before, beforeStaged] = [await count(), await staged()];
      const page = renderedPage(await upload(content));
      assert.equal(page.status, 400);
      assert.match(page.text, /Nothing has been imported/);
      assert.equal(await count(), before);
      assert.equal(await staged(), beforeStaged);
      return page.text;
    };

    before(async () => {
      app = await startTestApp(engine);
      coordinator = new TestClient(app.url);
      await coordinator.signIn('training@demoshire.example');
      await app.db.kysely
        .updateTable('training_practitioners')
        .set({ worker_id: 'EL-7' })
        .where('email', '=', 'practitioner2@demoshire.example')
        .execute();
    });
    after(async () => {
      await app?.close();
    });

    it('checks, shows every record for review, then adds them all in one go, audited', async () => {
      const before = await count();
      const response = await upload(
        file(
          'practitioner1@demoshire.example,,Prevent (e-learning),2026-05-01,1,level_1',
          ',EL-7,Neglect awareness,01/06/2026,2.5,Level 2',
        ),
      );
      assert.equal(response.status, 303);
      const review = renderedPage(await coordinator.get(response.location ?? ''));
      assert.equal(review.status, 200);
      assert.match(review.text, /2 records will be added/);
      assert.match(review.text, /Neglect awareness/);
      assert.equal(await count(), before, 'nothing is added before the review is confirmed');
      const done = await coordinator.post(response.location ?? '', {});
      assert.equal(done.status, 303);
      assert.equal(await count(), before + 2);
      const added = await app.db.kysely
        .selectFrom('training_records')
        .selectAll()
        .where('course', '=', 'Neglect awareness')
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        [added.source, added.completed_on, added.minutes, added.level],
        ['elearning', '2026-06-01', 150, 'level_2'],
      );
      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .selectAll()
        .where('entity_type', '=', 'training_record_import')
        .executeTakeFirstOrThrow();
      assert.match(audit.summary, /Imported 2 e-learning records/);
      const twice = await coordinator.post(response.location ?? '', {});
      assert.notEqual(twice.status, 303);
      assert.equal(await count(), before + 2);
    });

    it('refuses the same file a second time, and records already held', async () => {
      const again = await refused(
        file(
          'practitioner1@demoshire.example,,Prevent (e-learning),2026-05-01,1,level_1',
          ',EL-7,Neglect awareness,01/06/2026,2.5,Level 2',
        ),
      );
      assert.match(again, /This file was imported on/);
      const held = await refused(
        file(
          'practitioner3@demoshire.example,,FGM awareness,2026-05-01,1,level_1',
          'practitioner1@demoshire.example,,prevent (E-learning),2026-05-01,1,level_1',
        ),
      );
      assert.match(held, /Row 3: .* already has prevent \(E-learning\) on 1 May 2026 recorded/);
    });

    it('reports unknown people and every bad value by row, and adds none of the good rows', async () => {
      const text = await refused(
        file(
          'practitioner4@demoshire.example,,Good row,2026-05-01,1,level_1',
          'nobody@nowhere.example,,Course,2026-05-01,1,level_1',
          ',NO-SUCH-ID,Course,2026-05-01,1,level_1',
          'practitioner4@demoshire.example,,Course,31/02/2026,one,level 7',
          'practitioner4@demoshire.example,,Good row,2026-05-01,1,level_1',
        ),
      );
      assert.match(text, /Row 3: no practitioner in this partnership has the email address nobody@nowhere.example/);
      assert.match(text, /Row 4: no practitioner in this partnership has the worker_id NO-SUCH-ID/);
      assert.match(text, /Row 5: the date "31\/02\/2026" is not a date/);
      assert.match(text, /Row 5: the hours "one" must be a number/);
      assert.match(text, /Row 5: the level "level 7" is not one of/);
      assert.match(text, /Row 6: repeats row 2/);
    });

    it('gives a malformed file one clear message', async () => {
      const empty = renderedPage(await upload(''));
      assert.equal(empty.status, 400);
      assert.deepEqual(empty.errors, ['The selected file is empty']);
      assert.match(await refused(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0])), /not a CSV file .* Save it as CSV/);
      assert.match(
        await refused('name,course\r\nA,B\r\n'),
        /must name the columns .* it has no email or worker_id, date, hours, level column/,
      );
      assert.match(await refused(`${HEADER}\r\n`), /a header row but no records/);
      assert.match(
        await refused(`${HEADER}\r\n"practitioner1@demoshire.example,x,2026-01-01,1,level_1\r\n`),
        /could not be read as CSV/,
      );
    });

    it('imports through the API, all or nothing, with the problems by row', async () => {
      const user = await app.db.kysely
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'training@demoshire.example')
        .executeTakeFirstOrThrow();
      const { secret } = await app.services.tokens.createFor(systemActor(app.demoPartnershipId), user.id, 'LMS');
      const call = (body: string, commit: boolean) =>
        fetch(`${app.url}/api/v1/training/records/import${commit ? '?commit=true' : ''}`, {
          method: 'POST',
          body,
          headers: { authorization: `Bearer ${secret}`, 'content-type': 'text/csv' },
        });
      const before = await count();
      const good = file('practitioner5@demoshire.example,,API course,2026-04-01,2,level_2');
      const checked = await call(good, false);
      assert.equal(checked.status, 200);
      assert.deepEqual(await checked.json(), { status: 'valid', records: 1 });
      assert.equal(await count(), before);
      const bad = await call(
        file(
          'practitioner5@demoshire.example,,API course 2,2026-04-01,2,level_2',
          'ghost@demoshire.example,,X,2026-04-01,1,level_1',
        ),
        true,
      );
      assert.equal(bad.status, 422);
      const body = (await bad.json()) as { status: string; problems: string[] };
      assert.equal(body.status, 'invalid');
      assert.deepEqual(body.problems, [
        'Row 3: no practitioner in this partnership has the email address ghost@demoshire.example',
      ]);
      assert.equal(await count(), before);
      const committed = await call(good, true);
      assert.equal(committed.status, 201);
      assert.equal(((await committed.json()) as { records: number }).records, 1);
      assert.equal(await count(), before + 1);
    });
  });

  describe(`training import-records command on ${engine}`, () => {
    let database: TestDatabase;
    const dir = join(tmpdir(), `records-${process.pid}-${engine}`);
    before(async () => {
      database = await createTestDatabase(engine, { demo: true });
      await rm(dir, { recursive: true, force: true });
      await (await import('node:fs/promises')).mkdir(dir, { recursive: true });
    });
    after(async () => {
      await database?.drop();
      await rm(dir, { recursive: true, force: true });
    });
    const count = async () =>
      Number(
        (
          await database.db.kysely
            .selectFrom('training_records')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('checks a file, adds it with --commit, and refuses a bad one with its problems and exit code 1', async () => {
      const partnership = String(database.demoPartnershipId);
      const good = join(dir, 'good.csv');
      await writeFile(good, file('practitioner6@demoshire.example,,CLI course,2026-03-01,3,level_3'));
      const before = await count();
      const checked = await runCli(database, ['training', 'import-records', good, '--partnership', partnership]);
      assert.equal(checked.code, 0, checked.stderr);
      assert.match(checked.stdout, /1 records, no problems\. Run again with --commit/);
      assert.equal(await count(), before);
      const committed = await runCli(database, [
        'training',
        'import-records',
        good,
        '--partnership',
        partnership,
        '--commit',
      ]);
      assert.equal(committed.code, 0, committed.stderr);
      assert.match(committed.stdout, /imported 1 records/);
      assert.equal(await count(), before + 1);
      const bad = join(dir, 'bad.csv');
      await writeFile(
        bad,
        file(
          'practitioner6@demoshire.example,,CLI course 2,2026-03-01,3,level_3',
          'who@demoshire.example,,X,2026-03-01,1,level_1',
        ),
      );
      const refused = await runCli(database, [
        'training',
        'import-records',
        bad,
        '--partnership',
        partnership,
        '--commit',
      ]);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /1 problem\(s\); nothing was imported\.\n {2}Row 3: no practitioner/);
      assert.equal(await count(), before + 1);
      const nowhere = await runCli(database, ['training', 'import-records', good, '--partnership', '999999']);
      assert.equal(nowhere.code, 1);
      assert.match(nowhere.stderr, /There is no partnership with id 999999/);
    });
  });
}
