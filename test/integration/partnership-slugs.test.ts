import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_PARTNERSHIP, loadDemo } from '../../src/features/demo/demo.ts';
import { findPartnershipBySlug, insertPartnership } from '../../src/features/partnerships/repository.ts';
import { nowIso } from '../../src/lib/time.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

for (const engine of ENGINES) {
  describe(`partnership slugs on ${engine}`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(engine);
    });
    after(async () => {
      await database?.drop();
    });

    it('gives a new partnership the first free slug from its name', async () => {
      const kysely = database.db.kysely;
      const first = await insertPartnership(kysely, 'Northtown Partnership', null, nowIso());
      const second = await insertPartnership(kysely, 'Northtown: Partnership!', null, nowIso());
      assert.equal(first.slug, 'northtown-partnership');
      assert.equal(second.slug, 'northtown-partnership-2');
      assert.equal((await findPartnershipBySlug(kysely, 'northtown-partnership-2'))?.id, second.id);
      assert.equal(await findPartnershipBySlug(kysely, 'nowhere'), undefined);
    });

    it('moves the demo slug to the reloaded demo and leaves the archived one without', async () => {
      const kysely = database.db.kysely;
      await loadDemo(kysely);
      const firstDemo = await findPartnershipBySlug(kysely, 'demoshire-childrens-trust');
      assert.equal(firstDemo?.name, DEMO_PARTNERSHIP);
      await loadDemo(kysely);
      const secondDemo = await findPartnershipBySlug(kysely, 'demoshire-childrens-trust');
      assert.equal(secondDemo?.name, DEMO_PARTNERSHIP);
      assert.notEqual(secondDemo?.id, firstDemo?.id);
      const archived = await kysely
        .selectFrom('partnerships')
        .select('slug')
        .where('id', '=', firstDemo?.id ?? 0)
        .executeTakeFirstOrThrow();
      assert.equal(archived.slug, null);
    });
  });
}
