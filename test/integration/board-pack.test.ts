import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/actor.ts';
import { addDays, todayInLondon } from '../../src/lib/dates.ts';
import { NotFoundError } from '../../src/lib/errors.ts';
import { previousQuarterEnd, quarterEndOf } from '../../src/features/reports/pack-compare.ts';
import { draftDuePacks } from '../../src/features/reports/pack-service.ts';
import type { BoardPack } from '../../src/features/reports/pack-types.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';

const current = quarterEndOf(todayInLondon());
const previous = previousQuarterEnd(current);
const idOf = (location: string | null) => Number(/\/reports\/board-packs\/(\d+)$/.exec(location ?? '')?.[1]);

for (const engine of ENGINES) {
  describe(`the quarterly board pack on ${engine}`, () => {
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
    const reader = () => systemActor(app.demoPartnershipId, 'Test');

    let id = 0;
    let frozen: BoardPack;

    it('drafts a pack, takes its narrative, and issues it', async () => {
      const index = await admin.get('/reports/board-packs');
      assert.equal(index.status, 200);
      assert.match(index.text, /Draft a pack now/);
      const drafted = await admin.post('/reports/board-packs/draft', { quarterEnd: previous });
      assert.equal(drafted.status, 303);
      id = idOf(drafted.location);
      assert.ok(id > 0);

      const draft = (await app.services.boardPacks.get(reader(), id)).pack;
      const exception = draft.figures.exceptions[0];
      assert.ok(exception, 'the demo has red, amber or stale actions');
      await admin.get(`/reports/board-packs/${id}/narrative`);
      const saved = await admin.post(`/reports/board-packs/${id}/narrative`, {
        'section-summary': 'Turnover is **down** ≤ 15%.',
        'section-decisions': 'Agree the recruitment campaign.',
        [`corrective-${exception.id}`]: 'A recruiter starts in July.',
        [`ask-${exception.id}`]: 'Approve £40,000',
      });
      assert.equal(saved.status, 303);
      const page = await admin.get(`/reports/board-packs/${id}`);
      assert.equal(page.status, 200);
      assert.match(page.text, /<strong>down<\/strong> ≤ 15%/);
      assert.match(page.text, /A recruiter starts in July\./);
      assert.match(page.text, /Approve £40,000/);

      const tooLong = await admin.post(`/reports/board-packs/${id}/narrative`, { 'section-risks': 'x'.repeat(20_001) });
      assert.equal(tooLong.status, 400);
      assert.match(tooLong.text, /Risks must be 20,000 characters or fewer/);

      await admin.get(`/reports/board-packs/${id}/issue`);
      const issued = await admin.post(`/reports/board-packs/${id}/issue`);
      assert.equal(issued.status, 303);
      frozen = (await app.services.boardPacks.get(reader(), id)).pack;
      assert.equal(frozen.status, 'issued');
      assert.equal(frozen.issuedBy, 'Alex Morgan', 'the pack names who issued it, without their email address');
    });

    it('keeps the issued pack unchanged, and the next quarter’s pack shows its direction of travel against it', async () => {
      const red = frozen.figures.rag.find((r) => r.key === 'red')?.now;
      assert.equal(typeof red, 'number');

      // Something changes after the pack is issued: a green action is overridden to red.
      const green = (await app.services.planActions.list(reader())).find((a) => a.status.rag === 'green');
      assert.ok(green);
      await app.services.planActions.overrideRag(reader(), green.id, { rag: 'red', reason: 'Lead has left' });

      const again = (await app.services.boardPacks.get(reader(), id)).pack;
      assert.deepEqual(again.figures, frozen.figures, 'the issued pack’s figures never change');
      assert.deepEqual(again.narrative, frozen.narrative);
      const reopened = await admin.get(`/reports/board-packs/${id}/narrative`);
      assert.equal(reopened.status, 303, 'an issued pack has no narrative form');
      assert.equal(reopened.location, `/reports/board-packs/${id}`);
      const refused = await admin.post(`/reports/board-packs/${id}/narrative`, { 'section-summary': 'Changed' });
      assert.equal(refused.status, 409);
      assert.equal((await admin.post(`/reports/board-packs/${id}/issue`)).status, 409);

      const next = await admin.post('/reports/board-packs/draft', { quarterEnd: current });
      assert.equal(next.status, 303);
      const nextPack = (await app.services.boardPacks.get(reader(), idOf(next.location))).pack;
      assert.deepEqual(nextPack.figures.comparedWith, { quarterEnd: previous, asAt: frozen.figures.asAt });
      const nextRed = nextPack.figures.rag.find((r) => r.key === 'red');
      assert.deepEqual(nextRed, {
        key: 'red',
        label: 'Red',
        now: (red as number) + 1,
        before: red,
        direction: 'worse',
      });
      const nextPage = await admin.get(next.location ?? '');
      assert.match(nextPage.text, new RegExp(`Worse ↓ \\(was ${red}\\)`));

      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .select(['action', 'summary'])
        .where('entity_type', '=', 'board_pack')
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audit.map((a) => a.action),
        ['create', 'update', 'update', 'create'],
      );
      assert.match(audit[2]?.summary ?? '', /^Issued the board pack/);
    });

    it('shows counts of people only when they pass suppression', async () => {
      const { packs } = await app.services.boardPacks.list(reader());
      const { pack } = await app.services.boardPacks.get(reader(), packs[0]!.id);
      const counts = pack.figures.training.filter(
        (t) => !['sessions', 'compliantStart', 'compliantEnd'].includes(t.key),
      );
      assert.ok(
        counts.some((t) => t.key === 'complianceLapsed'),
        'the training quarter has compliance movement',
      );
      for (const row of counts)
        assert.ok(row.now === 'c' || (typeof row.now === 'number' && (row.now === 0 || row.now >= 5)), row.label);
      const submitted = pack.figures.assessment?.submitted;
      assert.ok(submitted === null || submitted === 'c' || submitted === 0 || (submitted ?? 0) >= 5);
    });

    it('drafts each partnership’s pack on schedule, once, within the days before the quarter ends', async () => {
      const nextEnd = quarterEndOf(addDays(current, 1));
      assert.equal(await draftDuePacks(app.db.kysely, addDays(nextEnd, -30), 14), 0, 'not yet');
      assert.equal(await draftDuePacks(app.db.kysely, addDays(nextEnd, -10), 14), 1);
      assert.equal(await draftDuePacks(app.db.kysely, addDays(nextEnd, -9), 14), 0, 'only once');
      const row = await app.db.kysely
        .selectFrom('board_packs')
        .select(['status', 'drafted_by'])
        .where('quarter_end', '=', nextEnd)
        .executeTakeFirstOrThrow();
      assert.deepEqual({ ...row }, { status: 'draft', drafted_by: 'Board pack schedule' });
    });

    it('lets a viewer read and download packs but not draft or issue them', async () => {
      const viewer = new TestClient(app.url);
      await viewer.signIn('viewer@demoshire.example');
      const { packs } = await app.services.boardPacks.list(reader());
      const id = packs[0]!.id;
      assert.equal((await viewer.get(`/reports/board-packs/${id}`)).status, 200);
      const pdf = await viewer.get(`/reports/board-packs/${id}/download?format=pdf`);
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers.get('content-type'), 'application/pdf');
      assert.match(
        pdf.headers.get('content-disposition') ?? '',
        /attachment; filename="board-pack-\d{4}-\d{2}-\d{2}(-draft)?\.pdf"/,
      );
      const docx = await viewer.get(`/reports/board-packs/${id}/download?format=docx`);
      assert.equal(docx.status, 200);
      assert.match(docx.headers.get('content-type') ?? '', /wordprocessingml/);
      const downloads = await app.db.kysely
        .selectFrom('audit_events')
        .select(['entity_id', 'summary'])
        .where('entity_type', '=', 'board_pack')
        .where('action', '=', 'download')
        .orderBy('id')
        .execute();
      assert.deepEqual(
        downloads.slice(-2).map((d) => [d.entity_id, /as (PDF|DOCX)$/.exec(d.summary)?.[1]]),
        [
          [String(id), 'PDF'],
          [String(id), 'DOCX'],
        ],
        'each download is in the audit log',
      );
      assert.equal((await viewer.get(`/reports/board-packs/${id}/issue`)).status, 403);
      const other = await app.db.kysely
        .insertInto('partnerships')
        .values({ name: 'Elsewhere', local_authority_code: null, created_at: new Date().toISOString() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await assert.rejects(app.services.boardPacks.get(systemActor(other.id), id), NotFoundError);
      assert.deepEqual((await app.services.boardPacks.list(systemActor(other.id))).packs, []);
      await viewer.get('/reports/board-packs');
      assert.equal((await viewer.post('/reports/board-packs/draft', { quarterEnd: current })).status, 403);
    });
  });
}
