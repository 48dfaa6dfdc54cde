/*
 * The quarterly report's compliance movement worked out in one pass (compliance-repository.ts
 * `movementCounts`) against the matrix's per-day statuses (`personStatuses`, once per day) on the
 * demo, on both databases, for pairs of days far enough apart that people both lapse and become
 * compliant between them: the same people, counted and id-summed alike, in every organisation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  listRequirements,
  movementCounts,
  personStatuses,
  type MovementCountRow,
} from '../../src/features/training/compliance-repository.ts';
import { addDays, todayInLondon } from '../../src/lib/dates.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

/** Who met their requirement on each day by the matrix's statuses, tallied per organisation. */
async function twoPasses(database: TestDatabase, start: string, end: string): Promise<MovementCountRow[]> {
  const db = database.db.kysely;
  const pid = database.demoPartnershipId;
  const requirements = await listRequirements(db, pid);
  const atStart = await personStatuses(db, pid, requirements, start, {});
  const atEnd = new Map((await personStatuses(db, pid, requirements, end, {})).map((p) => [p.id, p.status]));
  const rows = new Map<number, MovementCountRow>();
  for (const person of atStart) {
    const none = () => ({ n: 0, ids: 0 });
    const row = rows.get(person.organisation_id) ?? {
      organisation_id: person.organisation_id,
      start: none(),
      end: none(),
      lapsed: none(),
      newly: none(),
    };
    rows.set(person.organisation_id, row);
    const endStatus = atEnd.get(person.id);
    assert.ok(endStatus, `person ${person.id} has a status on both days`);
    const [before, after] = [person.status !== 'lapsed', endStatus !== 'lapsed'];
    for (const [group, yes] of [
      [row.start, before],
      [row.end, after],
      [row.lapsed, before && !after],
      [row.newly, !before && after],
    ] as const) {
      group.n += yes ? 1 : 0;
      group.ids += yes ? person.id : 0;
    }
  }
  return [...rows.values()].sort((a, b) => a.organisation_id - b.organisation_id);
}

for (const engine of ENGINES) {
  describe(`compliance movement in one pass on ${engine}`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(engine, { demo: true });
    });
    after(async () => {
      await database?.drop();
    });

    it('counts the same people as the matrix does on each of the two days', async () => {
      const today = todayInLondon();
      const pairs = [
        [addDays(today, -91), today],
        [addDays(today, -730), addDays(today, -200)],
        [addDays(today, -400), addDays(today, -10)],
      ] as const;
      let [lapsed, newly] = [0, 0];
      for (const [start, end] of pairs) {
        const db = database.db.kysely;
        const pid = database.demoPartnershipId;
        const oneRun = await movementCounts(db, pid, await listRequirements(db, pid), start, end);
        const expected = await twoPasses(database, start, end);
        assert.ok(expected.length > 1, 'the demo has people with requirements in several organisations');
        assert.deepEqual(
          [...oneRun].sort((a, b) => a.organisation_id - b.organisation_id),
          expected,
          `${start} to ${end}`,
        );
        lapsed += expected.reduce((s, r) => s + r.lapsed.n, 0);
        newly += expected.reduce((s, r) => s + r.newly.n, 0);
      }
      assert.ok(lapsed > 0, 'someone lapses between the days compared');
      assert.ok(newly > 0, 'someone becomes compliant between the days compared');
    });
  });
}
