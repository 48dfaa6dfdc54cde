import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/actor.ts';
import { DEMO_USERS } from '../../src/features/demo/demo.ts';
import { isCountUnit } from '../../src/features/reports/theme-figures.ts';
import { parseAppendices, workOutAppendices } from '../../src/features/strategy/document-appendices.ts';
import { strategyReport } from '../../src/features/strategy/document-blocks.ts';
import { documentFile } from '../../src/features/strategy/document-service.ts';
import { currentFigures } from '../../src/features/strategy/figures.ts';
import { todayInLondon } from '../../src/lib/dates.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { flatten, readTaggedPdf } from '../support/pdf-structure.ts';
import { assertDocxTables, assertPdfFontsCover, blockText, docxImageAlts, readDocx } from '../support/report-files.ts';
import { demoSlug } from '../support/reports.ts';
import { textOf } from '../support/route-test.ts';

/** The document itself on its page, without the layout around it. */
const documentOf = (html: string) =>
  /<div class="ow-pack" data-testid="strategy-document">([\s\S]*?)<\/main>/.exec(html)?.[1] ?? '';

/** Everything the document shows changes: an action's RAG, a priority, every risk, the glossary, a group's members. */
async function changeEverything(app: TestApp, boardId: number): Promise<void> {
  const reader = systemActor(app.demoPartnershipId, 'Test');
  const db = app.db.kysely;
  const pid = app.demoPartnershipId;
  const green = (await app.services.planActions.list(reader)).find((a) => a.status.rag === 'green');
  assert.ok(green);
  await app.services.planActions.overrideRag(reader, green.id, { rag: 'red', reason: 'The lead has left' });
  const at = new Date().toISOString();
  await db
    .insertInto('plan_priorities')
    .values({
      partnership_id: pid,
      rank: 99,
      title: 'Added after approval',
      description: '',
      themes: '[]',
      source_assessment_priority_id: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db.updateTable('plan_risks').set({ likelihood: 1, impact: 1 }).where('partnership_id', '=', pid).execute();
  await db
    .updateTable('plan_glossary')
    .set({ definition: 'Changed after approval' })
    .where('partnership_id', '=', pid)
    .execute();
  await db
    .insertInto('gov_members')
    .values({
      partnership_id: pid,
      group_id: boardId,
      name: 'Added Later',
      organisation: 'Demoshire Police',
      role: 'Member',
    })
    .execute();
}

for (const engine of ENGINES) {
  describe(`the strategy document on ${engine}`, () => {
    let app: TestApp;
    let admin: TestClient;
    let published = 0;
    let draft = 0;
    before(async () => {
      app = await startTestApp(engine);
      admin = new TestClient(app.url);
      await admin.signIn('admin@demoshire.example');
      const versions = await app.db.kysely
        .selectFrom('strategy_versions')
        .select(['id', 'status'])
        .where('partnership_id', '=', app.demoPartnershipId)
        .orderBy('number')
        .execute();
      published = versions.find((v) => v.status === 'published')?.id ?? 0;
      draft = versions.find((v) => v.status === 'draft')?.id ?? 0;
    });
    after(async () => {
      await app?.close();
    });
    const reader = () => systemActor(app.demoPartnershipId, 'Test');
    const versionRow = (id: number) =>
      app.db.kysely.selectFrom('strategy_versions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    it('makes an approved version’s document as a page, a DOCX and a PDF, linked from the version and reports', async () => {
      const version = await admin.get(`/plan/versions/${published}`);
      assert.match(version.text, new RegExp(`href="/plan/versions/${published}/document"`));
      assert.match((await admin.get('/reports')).text, new RegExp(`href="/plan/versions/${published}/document"`));

      const page = await admin.get(`/plan/versions/${published}/document`);
      assert.equal(page.status, 200);
      const text = textOf(documentOf(page.text));
      assert.match(text, /Version 1, approved by Demoshire Children’s Trust board on/);
      const frozen = JSON.parse((await versionRow(published)).frozen_figures ?? '{}') as Record<string, string>;
      assert.ok(text.includes(`partners’ returns counted ${frozen['workforce.headcount']} employees`));
      for (const appendix of ['A: the action plan', 'B: the risk register', 'C: success indicators', 'D: governance'])
        assert.ok(text.includes(`Appendix ${appendix}`), appendix);
      assert.match(text, /Alex Morgan/, 'the partnership’s own document names its members');

      const refused = await admin.get(`/plan/versions/${draft}/document`);
      assert.equal(refused.status, 409);
      assert.match(refused.text, /Version 2 is a draft: its document is made once it is approved/);
    });

    it('writes the DOCX and PDF with headings, header rows, alt text and an embedded font, and audits each download', async () => {
      const found = await app.services.strategyDocuments.forVersion(reader(), published);
      const { source } = found;
      const docx = await admin.get(`/plan/versions/${published}/document/download?format=docx`);
      assert.equal(docx.status, 200);
      assert.match(docx.headers.get('content-type') ?? '', /wordprocessingml/);
      assert.match(
        docx.headers.get('content-disposition') ?? '',
        /attachment; filename="children-s-workforce-strategy-2026-29-v1\.docx"/,
      );
      // The test client reads answers as text, so the bytes checked are the same document's, made directly.
      const { document, styles } = await readDocx(await documentFile(found, 'docx'));
      const report = strategyReport(source, 'field');
      assertDocxTables(document, report.blocks.filter((b) => b.kind === 'table').length);
      assert.deepEqual(
        docxImageAlts(document).map((alt) => /^\d+ risks by residual likelihood/.test(alt)),
        [true],
      );
      assert.match(styles, /<w:lang w:val="en-GB"\/>/);

      const pdf = await admin.get(`/plan/versions/${published}/document/download?format=pdf`);
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers.get('content-type'), 'application/pdf');
      const bytes = await documentFile(found, 'pdf');
      const tagged = readTaggedPdf(bytes);
      assert.equal(tagged.lang, 'en-GB');
      const list = strategyReport(source, 'list').blocks;
      assert.equal(
        flatten(tagged.structure ?? []).filter((n) => n.type === 'Table').length,
        list.filter((b) => b.kind === 'table').length,
      );
      assertPdfFontsCover(bytes, blockText(list));

      const audits = await app.db.kysely
        .selectFrom('audit_events')
        .select(['summary', 'actor_label'])
        .where('entity_type', '=', 'strategy_version')
        .where('entity_id', '=', String(published))
        .where('action', '=', 'download')
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audits.map((a) => a.summary),
        [
          'Downloaded the document of version 1 of Children’s Workforce Strategy as DOCX',
          'Downloaded the document of version 1 of Children’s Workforce Strategy as PDF',
        ],
      );
      assert.equal(audits[0]?.actor_label, 'Alex Morgan <admin@demoshire.example>');
    });

    it('publishes a document that names no one and shows no count of people under the threshold', async () => {
      const slug = await demoSlug(app);
      const anonymous = new TestClient(app.url);
      const strategy = await anonymous.get(`/p/${slug}/strategy`);
      assert.match(strategy.text, new RegExp(`href="/p/${slug}/strategy/document"`));
      const page = await anonymous.get(`/p/${slug}/strategy/document`);
      assert.equal(page.status, 200);
      const text = textOf(documentOf(page.text));
      assert.match(text, /Appendix D: governance/);
      assert.match(text, /Chair \(Director of Children’s Services\)/, 'lead roles are shown');
      const members = await app.db.kysely.selectFrom('gov_members').select('name').execute();
      const leads = await app.db.kysely.selectFrom('plan_actions').select('lead_name').distinct().execute();
      for (const name of [
        ...DEMO_USERS.map((u) => u.name),
        ...members.map((m) => m.name),
        ...leads.map((l) => l.lead_name),
      ])
        assert.equal(text.includes(name), false, `${name} is not named`);

      const appendices = parseAppendices((await versionRow(published)).frozen_appendices);
      assert.ok(appendices && appendices.indicators.length > 0);
      const threshold = app.config.suppressionThreshold;
      for (const i of appendices.indicators.filter((x) => isCountUnit(x.unit)))
        for (const value of [i.latest, i.baseline])
          assert.ok(
            value === null || value === 'c' || !Number.isInteger(value) || value === 0 || value >= threshold,
            `${i.name}: ${value}`,
          );

      const pdf = await anonymous.get(`/p/${slug}/strategy/document/download?format=pdf`);
      assert.equal(pdf.status, 200);
      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .select(['summary', 'actor_label'])
        .where('action', '=', 'download')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        { ...audit },
        {
          summary: 'Downloaded the public document of version 1 of Children’s Workforce Strategy as PDF',
          actor_label: 'Public strategy page',
        },
      );
      assert.equal((await anonymous.get('/p/no-such-partnership/strategy/document')).status, 404);
      assert.equal((await anonymous.get(`/plan/versions/${published}/document`)).status, 303, 'sign in first');
    });

    it('freezes the appendices at approval: the document does not move when the data changes', async () => {
      const board = await app.db.kysely
        .selectFrom('gov_groups')
        .select('id')
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('kind', '=', 'board')
        .executeTakeFirstOrThrow();
      const [year, month, day] = todayInLondon().split('-');
      await admin.get(`/plan/versions/${draft}`);
      const approved = await admin.post(`/plan/versions/${draft}/approve`, {
        groupId: String(board.id),
        'approvedOn-day': String(Number(day)),
        'approvedOn-month': String(Number(month)),
        'approvedOn-year': year ?? '',
      });
      assert.equal(approved.status, 303);
      assert.ok(parseAppendices((await versionRow(draft)).frozen_appendices), 'the appendices are frozen with it');
      const before = documentOf((await admin.get(`/plan/versions/${draft}/document`)).text);
      // docx numbers its bookmarks and drawings from a counter shared by every file the process writes.
      const docxOf = async () =>
        (
          await readDocx(await documentFile(await app.services.strategyDocuments.forVersion(reader(), draft), 'docx'))
        ).document
          .replace(/_Toc\d+/g, '_Toc')
          .replace(/ (?:w:)?id="\d+"/g, '');
      const docxBefore = await docxOf();
      const frozen = JSON.parse((await versionRow(draft)).frozen_figures ?? '{}') as Record<string, string>;

      await changeEverything(app, board.id);
      const pid = app.demoPartnershipId;
      const db = app.db.kysely;
      const live = await currentFigures(app.services.strategies.sources, pid);
      assert.equal(
        Number(live['plan.priorityCount']),
        Number(frozen['plan.priorityCount']) + 1,
        'the live figures moved',
      );
      assert.notEqual(live['plan.actionsByRag'], frozen['plan.actionsByRag']);
      const liveAppendices = await workOutAppendices(db, app.services.strategies.appendixSources, pid);
      assert.ok(
        liveAppendices.priorities.some((p) => p.title === 'Added after approval'),
        'the live appendices moved',
      );

      const after = documentOf((await admin.get(`/plan/versions/${draft}/document`)).text);
      assert.ok(before.length > 10_000);
      assert.equal(after, before, 'the page’s document is unchanged');
      const docxAfter = await docxOf();
      const differsAt = [...docxAfter].findIndex((c, i) => c !== docxBefore[i]);
      assert.ok(
        docxAfter === docxBefore,
        `the DOCX’s document.xml is unchanged; it differs at ${differsAt}: ${docxAfter.slice(differsAt - 80, differsAt + 80)}`,
      );
      assert.equal(/Changed after approval|Added Later|Added after approval/.test(textOf(after)), false);
      const nowVersion = await admin.get(`/plan/versions/${draft}`);
      assert.equal(nowVersion.status, 200);
    });
  });
}
