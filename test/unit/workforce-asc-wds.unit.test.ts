import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ASC_JOB_ROLES } from '../../src/features/workforce/standard/asc-wds.ts';
import { censusDateProblems, validateReturn } from '../../src/features/workforce/returns/validate.ts';
import type { ValidationEvent } from '../../src/features/workforce/returns/validate.ts';

// Built from ASC-WDS's published worker bulk-upload columns and codes: blank hours, 999s, a year-only
// STARTDATE, the job roles added in 2023–24, GENDER 4, bank, agency, other and zero-hours staff.
const FIXTURE = 'test/fixtures/asc-wds-staff.csv';
const CENSUS = '2026-09-30';

async function read(fullTimeHours?: number) {
  const events: ValidationEvent[] = [];
  for await (const e of validateReturn({ path: FIXTURE, fileName: 'staff.csv', censusDate: CENSUS, fullTimeHours }))
    events.push(e);
  const problems = events.flatMap((e) => (e.type === 'problem' ? [e.problem] : []));
  const workers = new Map(events.flatMap((e) => (e.type === 'worker' ? [[e.record.worker_id, e.record]] : [])));
  return {
    workers,
    errors: problems.filter((p) => p.severity === 'error'),
    warnings: problems.filter((p) => p.severity === 'warning' && p.kind !== 'personal_data_column'),
  };
}

describe('ASC-WDS staff files as providers send them (issue 10.18)', () => {
  it('accepts every row of a file with blanks, 999s and year-only dates, warning where ASC-WDS warns', async () => {
    const r = await read();
    assert.deepEqual(r.errors, []);
    assert.equal(r.workers.size, 13, 'every row but the DELETE row');
    assert.deepEqual(
      r.warnings.map((p) => [p.row, p.column, p.value, p.kind]),
      [
        [3, 'CONTHOURS', null, 'hours_not_known'],
        [4, 'AVGHOURS', '999', 'hours_not_known'],
        [6, 'STARTDATE', '2019', 'start_date_ignored'],
        [10, 'CONTHOURS', '999', 'hours_not_known'],
      ],
    );
    assert.match(r.warnings[1]!.message, /^Row 4, AVGHOURS '999': AVGHOURS is 999 \("don't know"\)/);
    assert.match(r.warnings[2]!.message, /only a year, so it was ignored/);
    assert.equal(r.workers.get('SFC02')!.fte, 0);
    assert.equal(r.workers.get('SFC03')!.fte, 0);
    assert.equal(r.workers.get('SFC05')!.start_date, null);
    assert.equal(r.workers.get('SFC01')!.start_date, '2015-04-01');
  });

  it('maps the current job-role list, with the manager flag, and keeps GENDER 4 as other', async () => {
    const r = await read();
    const role = (id: string) => {
      const w = r.workers.get(id)!;
      return [w.job_role, w.job_role_other, w.manager];
    };
    assert.deepEqual(role('SFC04'), ['service_manager', null, true]);
    assert.deepEqual(role('SFC05'), ['care_worker', null, true]);
    assert.deepEqual(role('SFC06'), ['care_worker', null, false]);
    assert.deepEqual(role('SFC07'), ['other', 'Learning and development lead', false]);
    assert.deepEqual(role('SFC09'), ['other', 'Data governance manager', true]);
    assert.deepEqual(role('SFC13'), ['other', 'Software developer', false]);
    for (const code of [43, 44, 45, 46, 47, 48, 49, 50, 51, 52]) assert.ok(ASC_JOB_ROLES[code], `job role ${code}`);
    assert.equal(r.workers.get('SFC06')!.sex, 'other');
    assert.equal(r.workers.get('SFC01')!.sex, 'female');
  });

  it('stores contracted hours only for contracted staff, and works out FTE at the organisation’s full-time hours', async () => {
    const at37 = await read();
    const hours = (id: string) => [at37.workers.get(id)!.contracted_hours, at37.workers.get(id)!.fte];
    assert.deepEqual(hours('SFC04'), [40, 1.08], '40 hours is above full time: FTE above 1');
    assert.deepEqual(hours('SFC07'), [null, 0.43], 'zero-hours: average hours are not contracted hours');
    assert.deepEqual(hours('SFC08'), [null, 0.81], 'agency: average hours');
    assert.deepEqual(hours('SFC13'), [null, 0.54], 'other: average hours');
    const at40 = await read(40);
    assert.deepEqual([at40.workers.get('SFC04')!.fte, at40.workers.get('SFC01')!.fte], [1, 0.94]);
    assert.deepEqual(at40.errors, []);
  });
});

describe('census date (issue 10.7)', () => {
  it('warns about a census date more than a year ahead of today in London', () => {
    const now = new Date('2026-12-07T00:30:00Z');
    assert.deepEqual(censusDateProblems('2027-12-07', now), []);
    const [event] = censusDateProblems('2027-12-08', now);
    assert.ok(event?.type === 'problem');
    assert.equal(event.problem.severity, 'warning');
    assert.equal(event.problem.kind, 'census_date_ahead');
    assert.match(event.problem.message, /2027-12-08 is more than a year after today/);
    assert.deepEqual(censusDateProblems('2026-09-30', now), []);
  });
});
