import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DatabaseEngine } from '../../src/config.ts';
import type { Actor } from '../../src/auth/actor.ts';
import { loadDemo } from '../../src/features/demo/demo.ts';
import { profileToJson } from '../../src/features/workforce/profile/profile-api.ts';
import { createProfileService } from '../../src/features/workforce/profile/profile-service.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';
import { memoisedReads } from './memoised-reads.ts';
import { Attack, filterSpace, legacySuppression, score, type ProfileBody, type Score } from './disclosure-attacker.ts';

/*
 * The disclosure attacker's tests for one engine, one file per engine
 * (test/integration/disclosure-attack-<engine>.test.ts) so that the two run side by side.
 * Issue 17's "done when": the attacker harvests the profile API's JSON for the demo partnership
 * over the unfiltered profile, every single filter and every pair of filters, at both census dates,
 * and solves what it sees. With disclosure control it recovers no count of 1–4; against each table
 * suppressed on its own (the method before issue 17, from the same data) it recovers more than 100,
 * which shows the attacker works.
 */
export function describeDisclosureAttack(engine: DatabaseEngine): void {
  describe(`the disclosure attacker on ${engine}`, () => {
    let database: TestDatabase;
    let results: {
      protectedScore: Score;
      legacyScore: Score;
      queries: number;
      reads: { asked: number; answeredFromMemory: number };
    };

    before(async () => {
      database = await createTestDatabase(engine);
      const { partnershipId } = await loadDemo(database.db.kysely);
      const config = { suppressionThreshold: 5, profileCache: false };
      // Both services read the same rows, and each profile reads every census date's trend point:
      // the same query asked again within one filter's harvest is answered from memory.
      const reads = memoisedReads(database.db.kysely);
      const shown = createProfileService(reads.kysely, config);
      const open = createProfileService(reads.kysely, config, { on: false });
      const actor: Actor = {
        userId: null,
        partnershipId,
        role: 'steering_member',
        organisationId: null,
        label: 'Attacker',
        ip: null,
      };
      const organisations = await database.db.kysely
        .selectFrom('organisations')
        .select(['id', 'type'])
        .where('partnership_id', '=', partnershipId)
        .execute();
      const types = new Map(organisations.map((o) => [String(o.id), o.type]));
      const json = async (service: typeof shown, filters: object) =>
        profileToJson(await service.getProfile(actor, filters)) as unknown as ProfileBody;
      const first = await json(shown, {});
      const space = filterSpace(first);
      const attack = new Attack(space, types, 'protected');
      const truth = new Attack(space, types, 'exact');
      const legacy = new Attack(space, types, 'exact');
      let queries = 0;
      const censusDates = (first as unknown as { censusDates: string[] }).censusDates;
      for (const filters of space.filters) {
        reads.forget();
        for (const censusDate of censusDates) {
          const at = { ...filters, censusDate };
          const [p, o] = await Promise.all([json(shown, at), json(open, at)]);
          attack.read(at, p);
          truth.read(at, o);
          legacy.read(at, legacySuppression(o));
          queries += 1;
        }
      }
      attack.solve();
      legacy.solve();
      const truths = truth.bounds();
      results = {
        protectedScore: score(attack, truths),
        legacyScore: score(legacy, truths),
        queries,
        reads: reads.stats,
      };
    });
    after(async () => database?.drop());

    it('recovers no hidden count of 1–4 from the protected API, over every filter and pair, both census dates', (t) => {
      const { protectedScore, legacyScore, queries, reads } = results;
      t.diagnostic(
        `${queries} queries (${reads.asked} SQL reads, ${reads.answeredFromMemory} of them repeats answered from memory); protected: ${protectedScore.recovered} of ${protectedScore.hidden} recovered; ` +
          `tables suppressed one by one: ${legacyScore.recovered} of ${legacyScore.hidden} (e.g. ${legacyScore.examples.join('; ')})`,
      );
      assert.ok(queries > 500, `${queries} queries harvested`);
      assert.ok(protectedScore.hidden > 100, `${protectedScore.hidden} counts of 1–4 met`);
      assert.equal(protectedScore.recovered, 0, protectedScore.examples.join('; '));
    });

    it('recovers more than 100 from tables suppressed one by one (the attacker works), none wrongly', () => {
      const { legacyScore } = results;
      assert.ok(legacyScore.recovered > 100, `recovered ${legacyScore.recovered} of ${legacyScore.hidden}`);
      assert.equal(legacyScore.wrong, 0);
      assert.equal(results.protectedScore.wrong, 0);
    });
  });
}
