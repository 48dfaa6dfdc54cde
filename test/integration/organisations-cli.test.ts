import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { label, ORGANISATION_TYPES } from '../../src/features/accounts/organisation-codes.ts';
import { loadDemo } from '../../src/features/demo/demo.ts';
import { runCli } from '../support/cli.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

for (const engine of ENGINES) {
  describe(`one-workforce organisations list on ${engine}`, () => {
    let database: TestDatabase;
    let partnershipId: number;
    before(async () => {
      database = await createTestDatabase(engine);
      ({ partnershipId } = await loadDemo(database.db.kysely));
    });
    after(async () => {
      await database?.drop();
    });

    it('prints every organisation’s id, name and type', async () => {
      const organisations = await database.db.kysely
        .selectFrom('organisations')
        .select(['id', 'name', 'type'])
        .where('partnership_id', '=', partnershipId)
        .execute();
      assert.ok(organisations.length >= 9);
      const run = await runCli(database, ['organisations', 'list', '--partnership', String(partnershipId)]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`Partnership ${partnershipId}: Demoshire`));
      for (const o of organisations) {
        const line = run.stdout.split('\n').find((l) => l.trim().startsWith(`${o.id} `));
        assert.ok(line, `a line for organisation ${o.id}`);
        assert.ok(line.includes(o.name));
        assert.ok(line.trimEnd().endsWith(label(ORGANISATION_TYPES, o.type)), line);
      }
    });

    it('says clearly when the partnership does not exist', async () => {
      const run = await runCli(database, ['organisations', 'list', '--partnership', '99999']);
      assert.notEqual(run.code, 0);
      assert.match(run.stderr, /There is no partnership with id 99999/);
    });
  });
}
