import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/actor.ts';
import { createAssessmentResultsService } from '../../src/features/assessment/results-service.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { answerEverything, createRound, downloadLinks, themeAnswers } from '../support/assessment-collection.ts';

interface ApiResults {
  cells: { theme: number; stage: number; mean: number | null; n: number | null }[];
  evidence: { theme: number; note: string }[];
}

/** Issue 12: a round's results are computed once per data version, and a submission is seen at once. */
for (const engine of ENGINES) {
  describe(`self-assessment results cache (${engine})`, () => {
    let app: TestApp;
    let admin: TestClient;
    let steering: TestClient;
    let secret: string;
    let roundId: number;
    let openLink: string;

    before(async () => {
      app = await startTestApp(engine);
      admin = new TestClient(app.url);
      await admin.signIn('admin@demoshire.example');
      steering = new TestClient(app.url);
      await steering.signIn('steering@demoshire.example');
      const user = await app.db.kysely
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'admin@demoshire.example')
        .executeTakeFirstOrThrow();
      ({ secret } = await app.services.tokens.createFor(systemActor(app.demoPartnershipId), user.id, 'cache test'));
      roundId = await createRound(admin, { name: 'Cache round' });
      await admin.get(`/assessment/rounds/${roundId}`);
      assert.equal((await admin.post(`/assessment/rounds/${roundId}/open-links`)).status, 303);
      assert.equal((await admin.post(`/assessment/rounds/${roundId}/open`)).status, 303);
      openLink = (await downloadLinks(admin, roundId)).find((l) => l.kind === 'Open link')?.path ?? '';
      assert.ok(openLink, 'the round has an open link');
    });
    after(() => app.close());

    const respond = async (score: string, evidence = '') => {
      const respondent = new TestClient(app.url);
      const start = await respondent.get(openLink);
      assert.equal(start.status, 200);
      const started = await respondent.post(`${openLink}/start`, { respondentType: 'leader' });
      const base = started.location?.replace(/\/theme\/1$/, '') ?? '';
      assert.match(base, /^\/respond\//, `the open link starts a response: ${started.status} ${started.location}`);
      await answerEverything(respondent, base, (theme) => themeAnswers(score, {}, theme === 1 ? evidence : ''));
    };
    const apiResults = async (): Promise<ApiResults> => {
      const res = await fetch(`${app.url}/api/v1/assessment/rounds/${roundId}/results`, {
        headers: { authorization: `Bearer ${secret}` },
      });
      assert.equal(res.status, 200);
      return (await res.json()) as ApiResults;
    };
    const firstCell = async () => (await apiResults()).cells.find((c) => c.theme === 1 && c.stage === 1);

    it('shows a new submission at once, on the page and in the API, after the results were cached', async () => {
      await respond('5', 'First evidence note');
      assert.deepEqual(await firstCell(), { theme: 1, stage: 1, mean: 5, median: 5, n: 1 });
      assert.deepEqual(await firstCell(), { theme: 1, stage: 1, mean: 5, median: 5, n: 1 }, 'served again');
      const pageBefore = await admin.get(`/assessment/rounds/${roundId}/results`);
      assert.equal(pageBefore.status, 200);
      assert.match(pageBefore.text, /data-testid="response-count">1 submitted response,/);
      const rendered = await admin.get(`/assessment/rounds/${roundId}/results`);
      assert.equal(rendered.text.match(/Heat map/g)?.length, pageBefore.text.match(/Heat map/g)?.length);

      await respond('1', 'Second evidence note');
      assert.deepEqual(await firstCell(), { theme: 1, stage: 1, mean: 3, median: 3, n: 2 });
      assert.deepEqual(
        (await apiResults()).evidence.map((e) => e.note),
        ['First evidence note', 'Second evidence note'],
      );
      const pageAfter = await admin.get(`/assessment/rounds/${roundId}/results`);
      assert.equal(pageAfter.status, 200);
      assert.match(pageAfter.text, /data-testid="response-count">2 submitted responses,/);
      const cell = await admin.get(`/assessment/rounds/${roundId}/results/cells/1/1`);
      assert.equal(cell.status, 200);
      assert.match(cell.text, /Second evidence note/);
    });

    it('answers a repeated view from the cache and agrees with the results computed afresh', async () => {
      const actor = systemActor(app.demoPartnershipId);
      const results = app.services.assessmentResults;
      const first = await results.results(actor, roundId);
      const { misses, hits } = results.cacheStats();
      const again = await results.results(actor, roundId);
      assert.deepEqual(results.cacheStats().misses, misses, 'no recomputation');
      assert.equal(results.cacheStats().hits, hits + 1);
      assert.equal(again.cells, first.cells, 'the cached cells themselves');
      const fresh = await createAssessmentResultsService(app.db.kysely, app.config.suppressionThreshold).results(
        actor,
        roundId,
      );
      assert.deepEqual(again, fresh);
    });

    it('never shows one role’s page to another: each gets its own forms and token', async () => {
      const forAdmin = await admin.get(`/assessment/rounds/${roundId}/results`);
      const forSteering = await steering.get(`/assessment/rounds/${roundId}/results`);
      const againForAdmin = await admin.get(`/assessment/rounds/${roundId}/results`);
      for (const page of [forAdmin, forSteering, againForAdmin]) assert.equal(page.status, 200);
      const markPriority = /action="\/assessment\/rounds\/\d+\/priorities"/;
      assert.match(forAdmin.text, markPriority);
      assert.match(againForAdmin.text, markPriority);
      assert.equal(markPriority.test(forSteering.text), false, 'the steering member may not mark priorities');
      const token = (text: string) => /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
      assert.ok(token(forAdmin.text) && token(forSteering.text));
      assert.notEqual(token(forAdmin.text), token(forSteering.text));
      assert.equal(token(forAdmin.text), token(againForAdmin.text), 'the admin’s own session token');
    });

    it('keeps no more rounds than its limit', async () => {
      const actor = systemActor(app.demoPartnershipId);
      const rounds = await app.db.kysely
        .selectFrom('assessment_rounds')
        .select('id')
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('kind', '=', 'live')
        .execute();
      assert.ok(rounds.length >= 3, `the demo and this test hold ${rounds.length} live rounds`);
      const bounded = createAssessmentResultsService(app.db.kysely, app.config.suppressionThreshold, 2);
      for (const round of rounds) await bounded.results(actor, round.id);
      assert.equal(bounded.cacheStats().entries, 2);
      assert.equal(bounded.cacheStats().misses, rounds.length);
      await bounded.results(actor, rounds.at(-1)!.id);
      assert.equal(bounded.cacheStats().hits, 1, 'the latest round is still held');
      await bounded.results(actor, rounds[0]!.id);
      assert.equal(bounded.cacheStats().misses, rounds.length + 1, 'the first round was evicted');
    });
  });
}
