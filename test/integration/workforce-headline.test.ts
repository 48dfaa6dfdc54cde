import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { headlineSql, headlineSums } from '../../src/features/workforce/profile/headline.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

const CENSUS = '2026-09-30';
type Rec = { employment_type: string; start_date: string | null; leaving_date: string | null; fte: number };
const rec = (employment_type: string, start_date: string | null, leaving_date: string | null, fte: number): Rec => ({
  employment_type,
  start_date,
  leaving_date,
  fte,
});
// Every kind of record: in post, starters, not yet started, leavers in and before the year, agency, volunteers.
const RECORDS: Rec[] = [
  rec('employee', null, null, 1),
  rec('employee', '2026-01-05', null, 0.5),
  rec('employee', '2026-10-01', null, 0.8),
  rec('employee', '2019-04-01', '2026-03-31', 0.6),
  rec('employee', '2019-04-01', '2025-09-30', 0.7),
  rec('employee', '2019-04-01', '2026-09-30', 0.9),
  rec('employee', '2019-04-01', '2026-12-01', 0.4),
  rec('agency', '2025-01-01', null, 1),
  rec('agency', '2025-01-01', '2026-05-01', 1),
  rec('volunteer', null, null, 0.2),
  rec('self_employed', null, null, 0.3),
];

const literal = (v: string | number | null) => (v === null ? 'null' : typeof v === 'number' ? String(v) : `'${v}'`);

for (const engine of ENGINES) {
  describe(`headline figures in SQL and in TypeScript on ${engine}`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(engine);
    });
    after(async () => {
      await database?.drop();
    });

    it('classifies every kind of record the same way, so a return and the profile agree', async () => {
      const values = RECORDS.map(
        (r) => `(${[r.employment_type, r.start_date, r.leaving_date, r.fte].map(literal).join(', ')})`,
      ).join(', ');
      const is = headlineSql(CENSUS);
      const { rows } = await sql<{ fte: number; headcount: number; leavers: number }>`
        with worker_records(employment_type, start_date, leaving_date, fte) as (values ${sql.raw(values)})
        select sum(case when ${is.inPost} then fte else 0 end) as fte,
          sum(case when ${is.inPost} then 1 else 0 end) as headcount,
          sum(case when ${is.leaver} then 1 else 0 end) as leavers
        from worker_records`.execute(database.db.kysely);
      const expected = headlineSums(RECORDS, CENSUS);
      assert.deepEqual(expected, {
        headcount: 3,
        fteInPost: 1.9,
        agencyHeadcount: 1,
        agencyFte: 1,
        leaversHeadcount: 2,
        leaversFte: 1.5,
      });
      assert.equal(Math.round(Number(rows[0]!.fte) * 10) / 10, expected.fteInPost);
      assert.equal(Number(rows[0]!.headcount), expected.headcount);
      assert.equal(Number(rows[0]!.leavers), expected.leaversHeadcount);
    });
  });
}
