import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadDemo } from '../../src/features/demo/demo.ts';
import { sumReturnCells } from '../../src/db/migrations/0009-workforce-profile-cells.ts';
import { CELL_COLUMNS, rebuildProfileCells } from '../../src/features/workforce/profile/profile-cells.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

const SUMS = ['n', 'fte', 'sick', 'starters', 'starters_fte', 'apprentices', 'retired_fte'] as const;
// 0009 knew no record keys (0015 added them): its cells are compared without the key sums.
const KEY_SUMS = ['key_sum', 'starters_key_sum', 'apprentices_key_sum'];
const KEY = CELL_COLUMNS.filter((c) => !(SUMS as readonly string[]).includes(c) && !KEY_SUMS.includes(c));

type Row = Record<(typeof CELL_COLUMNS)[number], unknown>;
const sorted = (rows: Row[]) =>
  rows
    .map((row) => ({
      key: KEY.map((k) => String(row[k] ?? '')).join('|'),
      sums: SUMS.map((k) => Number(row[k])),
    }))
    .sort((a, b) => a.key.localeCompare(b.key));

for (const engine of ENGINES) {
  describe(`migration 0009's frozen summing on ${engine}`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(engine);
      await loadDemo(database.db.kysely);
    });
    after(async () => {
      await database?.drop();
    });

    it('sums every current return into the same cells as the app', async () => {
      const kysely = database.db.kysely;
      const returns = await kysely
        .selectFrom('workforce_returns')
        .select('id')
        .where('status', '=', 'current')
        .execute();
      assert.ok(returns.length > 0, 'the demo holds current returns');
      const cellsOf = (id: number) =>
        kysely.selectFrom('workforce_profile_cells').selectAll().where('return_id', '=', id).execute();
      let compared = 0;
      for (const { id } of returns) {
        await rebuildProfileCells(kysely, id);
        const app = sorted(await cellsOf(id));
        await kysely.deleteFrom('workforce_profile_cells').where('return_id', '=', id).execute();
        await sumReturnCells(kysely, id);
        const frozen = sorted(await cellsOf(id));
        assert.deepEqual(
          frozen.map((c) => c.key),
          app.map((c) => c.key),
        );
        frozen.forEach((cell, i) =>
          cell.sums.forEach((value, j) => assert.ok(Math.abs(value - (app[i]?.sums[j] ?? NaN)) < 1e-9, cell.key)),
        );
        compared += app.length;
      }
      assert.ok(compared > 100, `only ${compared} cells compared`);
    });
  });
}
