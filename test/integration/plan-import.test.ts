import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { LEICESTERSHIRE_HEADER, LEICESTERSHIRE_ROWS, leicestershireWorkbook } from '../support/leicestershire-plan.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

for (const engine of ENGINES) {
  describe(`importing an action plan on ${engine}`, () => {
    let app: TestApp;
    let admin: TestClient;
    let priorityId: number;
    before(async () => {
      app = await startTestApp(engine);
      admin = new TestClient(app.url);
      await admin.signIn('admin@demoshire.example');
      priorityId = (
        await app.db.kysely
          .selectFrom('plan_priorities')
          .select('id')
          .where('partnership_id', '=', app.demoPartnershipId)
          .orderBy('rank')
          .executeTakeFirstOrThrow()
      ).id;
    });
    after(async () => {
      await app?.close();
    });

    const counts = async () => ({
      actions: (
        await app.db.kysely
          .selectFrom('plan_actions')
          .select('id')
          .where('partnership_id', '=', app.demoPartnershipId)
          .execute()
      ).length,
      imports: (
        await app.db.kysely
          .selectFrom('plan_imports')
          .select('id')
          .where('partnership_id', '=', app.demoPartnershipId)
          .execute()
      ).length,
    });
    const upload = async (content: Buffer, fields: Record<string, string> = {}) => {
      await admin.get('/plan/actions/import');
      return admin.postMultipart(
        '/plan/actions/import',
        { priorityId: String(priorityId), organisation: 'Demoshire County Council', ...fields },
        { field: 'file', name: 'leicestershire.xlsx', content, type: XLSX },
      );
    };

    it('imports Leicestershire’s table after a review, all at once', async () => {
      const before = await counts();
      const checked = await upload(await leicestershireWorkbook());
      assert.equal(checked.status, 303);
      const review = await admin.get(checked.location ?? '');
      assert.equal(review.status, 200);
      assert.match(review.text, /3 actions from the file/);
      assert.match(
        review.text,
        /Develop &amp; implement a programme of Multi-Agency training[\s\S]*?High quality, appropriately trained workforce[\s\S]*?1 April 2010 to 1 April 2010[\s\S]*?Tim Woodward, Demoshire County Council[\s\S]*?£1,000/,
      );
      assert.match(
        review.text,
        /1 September 2009 to 31 March 2010[\s\S]*?Jordan Lee, Little Acorns Nurseries Ltd[\s\S]*?£2,500/,
      );
      assert.equal((await counts()).actions, before.actions, 'nothing is added before the review');
      const committed = await admin.post(checked.location ?? '', {});
      assert.equal(committed.status, 303);
      assert.equal((await counts()).actions, before.actions + 3);
      const third = await app.db.kysely
        .selectFrom('plan_actions')
        .selectAll()
        .where('title', 'like', 'Develop & implement a Common Induction%')
        .executeTakeFirstOrThrow();
      assert.deepEqual(JSON.parse(third.themes), [1, 2, 3, 4, 5, 6, 7]);
      const lead = await app.db.kysely
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'datalead@demoshire.example')
        .executeTakeFirstOrThrow();
      assert.equal(third.lead_user_id, lead.id);
      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .selectAll()
        .where('entity_type', '=', 'plan_import')
        .execute();
      assert.equal(audit.length, 1);
      assert.match(audit[0]?.summary ?? '', /Imported 3 actions from leicestershire.xlsx/);
      const again = await admin.post(checked.location ?? '', {});
      assert.notEqual(again.status, 303);
      assert.equal((await counts()).actions, before.actions + 3, 'a second commit adds nothing');
    });

    it('refuses a table with missing columns, naming them, and stages nothing', async () => {
      const before = await counts();
      const header = LEICESTERSHIRE_HEADER.filter((h) => h !== 'Timescale' && h !== 'Lead Officer');
      const rows = LEICESTERSHIRE_ROWS.map((r) => r.filter((_c, i) => i !== 3 && i !== 4));
      const refused = await upload(await leicestershireWorkbook(header, rows));
      assert.equal(refused.status, 400);
      assert.match(refused.text, /The table is missing the columns Timescale, Lead Officer \(header on row 2\)/);
      assert.deepEqual(await counts(), before);
    });

    it('refuses leads it cannot resolve, negative costs and timescales without a date, by row and column', async () => {
      const before = await counts();
      const rows = LEICESTERSHIRE_ROWS.map((r) => [...r]);
      rows[1]![5] = '-£200';
      rows[2]![3] = 'Ongoing';
      const refused = await upload(await leicestershireWorkbook(LEICESTERSHIRE_HEADER, rows), { organisation: '' });
      assert.equal(refused.status, 400);
      assert.match(refused.text, /Row 3, column E \(Lead Officer\): “Tim Woodward” is not a user of this partnership/);
      assert.match(refused.text, /Row 4, column F \(Resources\): the cost cannot be negative/);
      assert.match(refused.text, /Row 6, column D \(Timescale\): no date found in “Ongoing”/);
      assert.doesNotMatch(refused.text, /Row 6, column E/, 'Jordan Lee is a user');
      assert.deepEqual(await counts(), before);
    });

    it('lets only a plan editor import', async () => {
      const steering = new TestClient(app.url);
      await steering.signIn('steering@demoshire.example');
      assert.equal((await steering.get('/plan/actions/import')).status, 403);
    });
  });
}
