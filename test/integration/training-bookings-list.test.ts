/*
 * The bookings list a page at a time (src/features/training/booking-routes.ts): a coordinator's
 * bookings still to come, 50 to a page with GOV.UK pagination, each exactly once across the pages,
 * latest session first, and their number the database's own count; a person with a few sees them
 * all on one page, with no pagination.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BOOKINGS_PAGE_SIZE } from '../../src/features/training/codes.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { renderedPage, type RenderedPage } from '../support/route-test.ts';

const bookingIds = (page: RenderedPage): number[] =>
  page.links.flatMap((l) => /^\/training\/bookings\/(\d+)$/.exec(l.href)?.slice(1).map(Number) ?? []);

for (const engine of ENGINES) {
  describe(`the bookings list a page at a time on ${engine}`, () => {
    let app: TestApp;
    let coordinator: TestClient;

    before(async () => {
      app = await startTestApp(engine);
      coordinator = new TestClient(app.url);
      await coordinator.signIn('training@demoshire.example');
    });
    after(async () => app?.close());

    it('shows every booking still to come exactly once, 50 to a page, latest session first', async () => {
      const now = new Date().toISOString();
      const expected = await app.db.kysely
        .selectFrom('training_bookings as b')
        .innerJoin('training_sessions as s', 's.id', 'b.session_id')
        .select(['b.id', 's.starts_at'])
        .where('b.partnership_id', '=', app.demoPartnershipId)
        .where('s.starts_at', '>=', now)
        .orderBy('s.starts_at', 'desc')
        .orderBy('b.id', 'desc')
        .execute();
      assert.ok(expected.length > BOOKINGS_PAGE_SIZE, `the demo has ${expected.length} bookings to come`);
      const pages = Math.ceil(expected.length / BOOKINGS_PAGE_SIZE);

      const first = renderedPage(await coordinator.get('/training/bookings'));
      assert.equal(first.status, 200);
      assert.match(first.text, new RegExp(`Showing 1 to ${BOOKINGS_PAGE_SIZE} of ${expected.length} bookings`));
      assert.ok(first.links.some((l) => l.href === '/training/bookings?page=2' && /Next/.test(l.text)));
      assert.ok(!first.links.some((l) => /Previous/.test(l.text)));

      const seen: number[] = [];
      for (let n = 1; n <= pages; n++) {
        const page = renderedPage(await coordinator.get(`/training/bookings?page=${n}`));
        const ids = bookingIds(page);
        assert.equal(ids.length, n < pages ? BOOKINGS_PAGE_SIZE : expected.length - BOOKINGS_PAGE_SIZE * (pages - 1));
        seen.push(...ids);
      }
      assert.deepEqual(
        seen,
        expected.map((b) => b.id),
      );

      const beyond = renderedPage(await coordinator.get('/training/bookings?page=99999'));
      assert.equal(beyond.status, 200, 'a page past the last shows the last');
      assert.deepEqual(bookingIds(beyond), seen.slice(BOOKINGS_PAGE_SIZE * (pages - 1)));
      assert.ok(beyond.links.some((l) => /Previous/.test(l.text)));
      assert.ok(!beyond.links.some((l) => /Next/.test(l.text)));
      const nonsense = renderedPage(await coordinator.get('/training/bookings?page=%3Cscript%3E'));
      assert.deepEqual(
        bookingIds(nonsense),
        seen.slice(0, BOOKINGS_PAGE_SIZE),
        'a page that is not a number shows the first',
      );
    });

    it('shows a person with a few bookings all of them on one page, with no pagination', async () => {
      const practitioner = new TestClient(app.url);
      await practitioner.signIn('practitioner@demoshire.example');
      const page = renderedPage(await practitioner.get('/training/bookings'));
      assert.equal(page.status, 200);
      assert.ok(bookingIds(page).length < BOOKINGS_PAGE_SIZE);
      assert.doesNotMatch(page.html, /govuk-pagination/);
      assert.doesNotMatch(page.text, /Showing \d+ to/);
    });
  });
}
