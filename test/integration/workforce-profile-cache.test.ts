import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/actor.ts';
import { createProfileService } from '../../src/features/workforce/profile/profile-service.ts';
import { ENGINES, startTestApp, type TestApp } from '../support/app.ts';
import { csv, worker } from '../support/workforce-returns.ts';

/** Issue 12: a repeated profile is a cache lookup, and a committed return is seen at once. */
for (const engine of ENGINES) {
  describe(`workforce profile cache (${engine})`, () => {
    let app: TestApp;
    let secret: string;
    let target: { organisation_id: number; census_date: string };
    before(async () => {
      app = await startTestApp(engine);
      const actor = systemActor(app.demoPartnershipId);
      const admin = await app.db.kysely
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'admin@demoshire.example')
        .executeTakeFirstOrThrow();
      ({ secret } = await app.services.tokens.createFor(actor, admin.id, 'cache test'));
      // The organisation with the most people at the latest census date: replacing its return moves the totals.
      target = await app.db.kysely
        .selectFrom('workforce_returns')
        .select(['organisation_id', 'census_date'])
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('status', '=', 'current')
        .orderBy('census_date', 'desc')
        .orderBy('worker_count', 'desc')
        .executeTakeFirstOrThrow();
    });
    after(() => app.close());

    const profileApi = async () => {
      const res = await fetch(`${app.url}/api/v1/profile`, { headers: { authorization: `Bearer ${secret}` } });
      assert.equal(res.status, 200);
      return (await res.json()) as { measures: Record<string, unknown> };
    };

    it('answers a repeated profile from the cache, and a new return replaces it at once', async () => {
      const actor = systemActor(app.demoPartnershipId);
      const profiles = app.services.profile;
      const first = await profiles.getProfile(actor, {});
      const misses = profiles.cacheStats().misses;
      const again = await profiles.getProfile(actor, {});
      assert.equal(again, first, 'the same filters and data: the cached profile');
      assert.equal(profiles.cacheStats().misses, misses);
      assert.ok(profiles.cacheStats().hits >= 1);
      const filtered = await profiles.getProfile(actor, { service: 'early_years' });
      assert.notEqual(filtered, first, 'other filters: another entry');

      const servedBefore = await profileApi();
      assert.equal(servedBefore.measures.workforceHeadcount, first.measures.workforceHeadcount);
      const committed = await fetch(
        `${app.url}/api/v1/organisations/${target.organisation_id}/returns/${target.census_date}?commit=true`,
        {
          method: 'POST',
          body: csv([worker('CACHE1'), worker('CACHE2')]),
          headers: { authorization: `Bearer ${secret}`, 'content-type': 'text/csv' },
        },
      );
      assert.ok(committed.status >= 200 && committed.status < 300, `commit answered ${committed.status}`);

      const after = await profiles.getProfile(actor, {});
      assert.notEqual(after, first, 'a committed return changes the data version');
      const fresh = await createProfileService(app.db.kysely, {
        suppressionThreshold: 5,
        profileCache: false,
      }).getProfile(actor, {});
      assert.deepEqual(after, fresh, 'the cached profile is the one built afresh');
      assert.notEqual(after.measures.workforceHeadcount, first.measures.workforceHeadcount);
      const servedAfter = await profileApi();
      assert.equal(servedAfter.measures.workforceHeadcount, fresh.measures.workforceHeadcount);
    });

    it('keeps partnerships and scopes apart', async () => {
      const lead = await app.db.kysely
        .selectFrom('users')
        .select(['organisation_id'])
        .where('email', '=', 'datalead@demoshire.example')
        .executeTakeFirstOrThrow();
      const partnership = await app.services.profile.getProfile(systemActor(app.demoPartnershipId), {});
      const own = await app.services.profile.getProfile(
        { ...systemActor(app.demoPartnershipId), role: 'data_lead', organisationId: lead.organisation_id },
        {},
      );
      assert.equal(own.scope.kind, 'organisation');
      assert.equal(partnership.scope.kind, 'partnership');
      assert.notEqual(own, partnership);
    });
  });
}
