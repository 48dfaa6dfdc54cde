import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cellStatus,
  createCellAccumulator,
  type CellRecord,
} from '../../src/features/workforce/profile/profile-cells.ts';

const CENSUS = '2026-09-30'; // the year runs from 2025-09-30 (exclusive) to 2026-09-30
const KEYS = (workerId: string) => Number(workerId.slice(1));
const person = (over: Partial<CellRecord>): CellRecord => ({
  worker_id: 'W1',
  service: 'social_care',
  job_role: 'childrens_social_worker',
  workforce_group: 'core',
  employment_type: 'employee',
  manager: false,
  apprentice: false,
  fte: 1,
  sickness_days: 0,
  start_date: '2015-01-01',
  leaving_date: null,
  leaving_reason: null,
  birth_year: 1980,
  sex: 'female',
  ethnicity: 'white_british',
  qualification_level: '6',
  disability: 'no',
  ...over,
});

describe('the workforce profile cells', () => {
  it('places a record by its status at the census date, as the DfE measures count it', () => {
    const status = (over: Partial<CellRecord>) => cellStatus(person(over), CENSUS, '2025-09-30');
    assert.equal(status({}), 'current');
    assert.equal(status({ employment_type: 'agency' }), 'current');
    assert.equal(status({ start_date: '2026-10-01' }), 'other', 'starts after the census date');
    assert.equal(status({ leaving_date: '2026-03-01' }), 'leaver');
    assert.equal(status({ leaving_date: '2026-09-30' }), 'leaver', 'leaving on the census date counts as a leaver');
    assert.equal(status({ leaving_date: '2026-10-01' }), 'current', 'leaves after the census date: still in post');
    assert.equal(status({ leaving_date: '2025-09-30' }), 'other', 'left before the year began');
    assert.equal(
      status({ leaving_date: '2026-03-01', employment_type: 'agency' }),
      'other',
      'only employees are leavers',
    );
    assert.equal(status({ leaving_date: '' }), 'current', 'a blank leaving date is no leaving date');
  });

  it('sums a group cell and counts the breakdowns for people in post only', () => {
    const cells = createCellAccumulator(CENSUS, KEYS);
    cells.add(person({ worker_id: 'W1', fte: 0.5, sickness_days: 3, start_date: '2026-01-05', apprentice: true }));
    cells.add(person({ worker_id: 'W2', fte: 1, sickness_days: 2, manager: 1, ethnicity: 'asian_indian' }));
    cells.add(person({ worker_id: 'W4', fte: 0.8, sickness_days: 1, sex: 'male', birth_year: 1960 }));
    cells.add(
      person({ worker_id: 'W8', fte: 0.6, leaving_date: '2026-05-31', leaving_reason: 'retired', birth_year: 1959 }),
    );
    const all = cells.cells();
    const find = (kind: string, where: Record<string, unknown> = {}) =>
      all.filter((c) => c.kind === kind && Object.entries(where).every(([k, v]) => c[k as keyof typeof c] === v));

    const current = find('group', { status: 'current', manager: 0 });
    assert.equal(current.length, 1);
    assert.deepEqual(
      {
        n: current[0]!.n,
        fte: current[0]!.fte,
        sick: current[0]!.sick,
        starters: current[0]!.starters,
        starters_fte: current[0]!.starters_fte,
        apprentices: current[0]!.apprentices,
      },
      { n: 2, fte: 1.3, sick: 4, starters: 1, starters_fte: 0.5, apprentices: 1 },
    );
    const leaver = find('group', { status: 'leaver' });
    assert.deepEqual(
      leaver.map((c) => [c.leaving_reason, c.n, c.fte, c.retired_fte]),
      [['retired', 1, 0.6, 0.6]],
    );
    assert.equal(find('group', { manager: 1 })[0]?.n, 1, 'managers are a dimension of their own');

    // The leaver is in no breakdown: breakdowns describe the people in post.
    assert.equal(
      find('age_sex').reduce((s, c) => s + c.n, 0),
      3,
    );
    assert.deepEqual(
      find('age_sex', { code: 'male' }).map((c) => [c.birth_year, c.n, c.fte]),
      [[1960, 1, 0.8]],
    );
    assert.equal(
      find('ethnicity', { code: 'white_british' }).reduce((s, c) => s + c.n, 0),
      2,
    );
    assert.equal(find('ethnicity', { code: 'asian_indian', manager: 1 })[0]?.n, 1);
    assert.equal(
      find('qualification', { code: '6' }).reduce((s, c) => s + c.n, 0),
      3,
    );
    assert.equal(
      find('disability', { code: 'no' }).reduce((s, c) => s + c.n, 0),
      3,
    );

    // Key sums (keys 1, 2, 4, 8): each cell carries its own people's keys, and no one else's.
    assert.deepEqual(
      [current[0]!.key_sum, current[0]!.starters_key_sum, current[0]!.apprentices_key_sum],
      [1 + 4, 1, 1],
    );
    assert.equal(leaver[0]!.key_sum, 8);
    assert.equal(find('group', { manager: 1 })[0]?.key_sum, 2);
    for (const kind of ['age_sex', 'ethnicity', 'qualification', 'disability'])
      assert.equal(
        find(kind).reduce((s, c) => s + c.key_sum, 0),
        1 + 2 + 4,
        `${kind}: the people in post`,
      );
    assert.equal(find('ethnicity', { code: 'asian_indian' })[0]?.key_sum, 2);
  });

  it('keeps unknown values as blanks, so the profile reports them as not known', () => {
    const cells = createCellAccumulator(CENSUS, KEYS);
    cells.add(
      person({
        service: null,
        sex: null,
        birth_year: null,
        ethnicity: null,
        qualification_level: null,
        disability: null,
        fte: null,
      }),
    );
    const all = cells.cells();
    assert.ok(all.every((c) => c.service === ''));
    assert.deepEqual(
      all.filter((c) => c.kind === 'age_sex').map((c) => [c.code, c.birth_year, c.fte]),
      [['', null, 0]],
    );
    assert.deepEqual(
      all.filter((c) => c.kind !== 'group' && c.kind !== 'age_sex').map((c) => c.code),
      ['', '', ''],
    );
  });
});
