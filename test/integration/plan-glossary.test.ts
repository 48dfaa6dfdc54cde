import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/actor.ts';
import { ValidationError } from '../../src/lib/errors.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';

for (const engine of ENGINES) {
  describe(`the plan's glossary and acronyms on ${engine}`, () => {
    let app: TestApp;
    let admin: TestClient;
    before(async () => {
      app = await startTestApp(engine);
      admin = new TestClient(app.url);
      await admin.signIn('admin@demoshire.example');
    });
    after(async () => {
      await app?.close();
    });

    const termId = async (term: string) =>
      (
        await app.db.kysely
          .selectFrom('plan_glossary')
          .select('id')
          .where('partnership_id', '=', app.demoPartnershipId)
          .where('term', '=', term)
          .executeTakeFirstOrThrow()
      ).id;
    const audits = (id: number) =>
      app.db.kysely
        .selectFrom('audit_events')
        .select(['action', 'summary'])
        .where('entity_type', '=', 'plan_glossary')
        .where('entity_id', '=', String(id))
        .orderBy('id')
        .execute();

    it('lists the seeded terms A–Z, is linked from the plan, and filters with a GET search', async () => {
      const plan = await admin.get('/plan');
      assert.match(plan.text, /href="\/plan\/glossary">Glossary and acronyms</);
      const page = await admin.get('/plan/glossary');
      assert.equal(page.status, 200);
      for (const term of ['CWDC', 'OCWT', 'ECM', 'LSCB', 'CAF', 'NQSW', 'LSCP', 'SEND', 'TAC', 'EHA', 'DfE', 'CSC'])
        assert.match(page.text, new RegExp(`<dt class="govuk-summary-list__key">${term}<`));
      assert.ok(page.text.indexOf('>CAF<') < page.text.indexOf('>CWDC<'), 'CAF comes before CWDC');
      assert.match(page.text, /id="letter-C"/);
      const found = await admin.get('/plan/glossary?q=safeguarding+partnership');
      assert.equal(found.status, 200);
      assert.match(found.text, /data-testid="glossary-count">1 of \d+ terms match “safeguarding partnership”/);
      assert.match(found.text, />LSCP</);
      assert.equal(/>LSCB</.test(found.text), false);
    });

    it('adds a term, refuses the same term in other capitals, changes it and deletes it after confirming', async () => {
      await admin.get('/plan/glossary/new');
      const empty = await admin.post('/plan/glossary/new', { term: ' ', expansion: '', definition: '' });
      assert.equal(empty.status, 400);
      assert.match(empty.text, /Enter the term or acronym/);
      assert.match(empty.text, /Enter what it means in plain English/);
      const added = await admin.post('/plan/glossary/new', {
        term: 'ICB',
        expansion: 'Integrated care board',
        definition: 'The NHS body that plans local health services.',
      });
      assert.equal(added.status, 303);
      assert.equal(added.location, '/plan/glossary');
      const id = await termId('ICB');
      const duplicate = await admin.post('/plan/glossary/new', { term: ' icb ', expansion: '', definition: 'Again' });
      assert.equal(duplicate.status, 400);
      assert.match(duplicate.text, /There is a problem/);
      assert.match(duplicate.text, /ICB is already in the glossary: change that entry, or enter a different term/);
      const clash = await admin.post(`/plan/glossary/${id}/edit`, { term: 'caf', expansion: '', definition: 'x' });
      assert.equal(clash.status, 400);
      assert.match(clash.text, /CAF is already in the glossary/);

      const edit = await admin.get(`/plan/glossary/${id}/edit`);
      assert.equal(edit.status, 200);
      assert.match(edit.text, /value="Integrated care board"/);
      const changed = await admin.post(`/plan/glossary/${id}/edit`, {
        term: 'ICB',
        expansion: 'Integrated care board',
        definition: 'The NHS body that plans and pays for local health services.',
      });
      assert.equal(changed.status, 303);
      assert.match((await admin.get('/plan/glossary')).text, /plans and pays for local health services/);

      const confirm = await admin.get(`/plan/glossary/${id}/delete`);
      assert.equal(confirm.status, 200);
      assert.match(confirm.text, /Delete ICB from the glossary\?/);
      assert.equal((await termId('ICB')) === id, true, 'showing the confirmation deletes nothing');
      const deleted = await admin.post(`/plan/glossary/${id}/delete`, {});
      assert.equal(deleted.status, 303);
      const left = await app.db.kysely.selectFrom('plan_glossary').select('id').where('id', '=', id).execute();
      assert.equal(left.length, 0);
      assert.equal((await admin.get(`/plan/glossary/${id}/edit`)).status, 404);

      const trail = await audits(id);
      assert.deepEqual(
        trail.map((a) => a.action),
        ['create', 'update', 'delete'],
      );
      assert.equal(trail[2]?.summary, 'Removed ICB from the glossary');
    });

    it('escapes hostile text and neutralises formulas in the CSV download', async () => {
      await admin.get('/plan/glossary/new');
      const hostile = await admin.post('/plan/glossary/new', {
        term: '<script>alert(1)</script>',
        expansion: '=HYPERLINK("http://evil.example")',
        definition: '<img src=x onerror=alert(2)>',
      });
      assert.equal(hostile.status, 303);
      const page = await admin.get('/plan/glossary');
      assert.equal(page.text.includes('<script>alert(1)</script>'), false);
      assert.match(page.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.match(page.text, /&lt;img src=x onerror=alert\(2\)&gt;/);
      assert.match(page.text, /href="\/plan\/glossary\/download\?format=csv">CSV</);
      const csv = await admin.get('/plan/glossary/download?format=csv');
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
      assert.match(csv.text, /^\uFEFF?Term,Stands for,Meaning\r\n/);
      assert.match(csv.text, /CWDC,Children’s Workforce Development Council,/);
      assert.match(csv.text, /'=HYPERLINK/);
    });

    it('lets a viewer read the glossary but not change it', async () => {
      const viewer = new TestClient(app.url);
      await viewer.signIn('viewer@demoshire.example');
      const page = await viewer.get('/plan/glossary');
      assert.equal(page.status, 200);
      assert.equal(page.text.includes('/plan/glossary/new'), false);
      const id = await termId('CAF');
      assert.equal((await viewer.get('/plan/glossary/new')).status, 403);
      assert.equal((await viewer.get(`/plan/glossary/${id}/delete`)).status, 403);
      const refused = await viewer.post('/plan/glossary/new', { term: 'XYZ', expansion: '', definition: 'x' });
      assert.equal(refused.status, 403);
      assert.equal((await viewer.post(`/plan/glossary/${id}/delete`, {})).status, 403);
      assert.equal(await termId('CAF'), id);
    });

    it('gives the friendly error, not a 500, when the same term is added several times at once', async () => {
      const actor = systemActor(app.demoPartnershipId, 'Race test');
      const input = { term: 'RACE', expansion: 'Added at once', definition: 'A term added by six requests together' };
      const settled = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          app.services.planGlossary.create(actor, { ...input, term: i % 2 ? 'race' : 'RACE' }),
        ),
      );
      assert.equal(settled.filter((s) => s.status === 'fulfilled').length, 1);
      for (const refused of settled.filter((s) => s.status === 'rejected')) {
        assert.ok(refused.reason instanceof ValidationError, String(refused.reason));
        assert.match(refused.reason.fields.term ?? '', /is already in the glossary/);
      }
      const [web1, web2] = [new TestClient(app.url), new TestClient(app.url)];
      await Promise.all([web1.signIn('admin@demoshire.example'), web2.signIn('admin@demoshire.example')]);
      await Promise.all([web1.get('/plan/glossary/new'), web2.get('/plan/glossary/new')]);
      const posted = await Promise.all(
        [web1, web2].map((c) => c.post('/plan/glossary/new', { ...input, term: 'TWICE' })),
      );
      assert.deepEqual(posted.map((r) => r.status).sort(), [303, 400]);
      assert.match(posted.find((r) => r.status === 400)?.text ?? '', /TWICE is already in the glossary/);
      const rows = await app.db.kysely
        .selectFrom('plan_glossary')
        .select('term')
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('term_key', 'in', ['race', 'twice'])
        .execute();
      assert.equal(rows.length, 2);
    });
  });
}
