/* The compliance rule (docs/adr/0028) at its boundaries: the rolling window, 90 days, levels, month ends. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addMonths, complianceOf, countsFor, cutoffOn } from '../../src/features/training/compliance-rules.ts';
import { checkImportRows, dateOf, levelOf, minutesOf } from '../../src/features/training/compliance-forms.ts';

const level3 = { level: 'level_3', minutes: 360, periodMonths: 36 };
const entry = (on: string, minutes = 360, level = 'level_3') => ({ on, minutes, level });

describe('compliance status', () => {
  it('counts training while it is within the rolling period, and not on the day the period ends', () => {
    assert.equal(complianceOf(level3, [entry('2023-12-08')], '2026-12-07').status, 'due');
    assert.equal(complianceOf(level3, [entry('2023-12-07')], '2026-12-07').status, 'lapsed');
    assert.equal(complianceOf(level3, [entry('2023-12-07')], '2026-12-06').status, 'due');
  });

  it('is due when the training drops out within 90 days, compliant from 91', () => {
    const today = '2026-01-01';
    // Lapses on 2026-04-01 (90 days after 1 January 2026): due.
    const due = complianceOf(level3, [entry('2023-04-01')], today);
    assert.deepEqual([due.status, due.lapsesOn], ['due', '2026-04-01']);
    // Lapses on 2026-04-02 (91 days): compliant.
    const fine = complianceOf(level3, [entry('2023-04-02')], today);
    assert.deepEqual([fine.status, fine.lapsesOn], ['compliant', '2026-04-02']);
  });

  it('needs the full hours: one minute short is lapsed', () => {
    assert.equal(complianceOf(level3, [entry('2026-06-01', 359)], '2026-12-07').status, 'lapsed');
    const sum = complianceOf(level3, [entry('2026-06-01', 180), entry('2026-01-01', 180)], '2026-12-07');
    assert.deepEqual([sum.status, sum.minutes], ['compliant', 360]);
  });

  it('lapses when the older of two sessions drops out and the rest is too little', () => {
    const result = complianceOf(level3, [entry('2024-01-10', 180), entry('2026-01-01', 180)], '2026-12-07');
    assert.deepEqual([result.status, result.lapsesOn], ['due', '2027-01-10']);
  });

  it('counts higher safeguarding levels for lower ones, and Working Together only for itself', () => {
    assert.equal(countsFor('level_3', 'level_4'), true);
    assert.equal(countsFor('level_3', 'level_2'), false);
    assert.equal(countsFor('level_2', 'working_together'), false);
    assert.equal(countsFor('working_together', 'working_together'), true);
    assert.equal(complianceOf(level3, [entry('2026-06-01', 360, 'level_2')], '2026-12-07').status, 'lapsed');
    assert.equal(complianceOf(level3, [entry('2026-06-01', 360, 'level_4')], '2026-12-07').status, 'compliant');
  });

  it('ignores training dated after today', () => {
    assert.equal(complianceOf(level3, [entry('2026-12-08')], '2026-12-07').status, 'lapsed');
  });

  it('moves months with the day clamped to the month’s end', () => {
    assert.equal(addMonths('2026-03-31', -1), '2026-02-28');
    assert.equal(addMonths('2024-02-29', 12), '2025-02-28');
    assert.equal(addMonths('2026-12-07', -36), '2023-12-07');
    assert.equal(cutoffOn('2027-02-28', 12), '2026-02-28');
  });
});

describe('import rows', () => {
  const people = {
    byEmail: (e: string) => (e === 'a@x.example' ? { id: 1, organisation_id: 7, name: 'A' } : undefined),
    byWorkerId: (w: string) =>
      w === 'W1'
        ? [{ id: 2, organisation_id: 7, name: 'B' }]
        : w === 'W2'
          ? [
              { id: 3, organisation_id: 7, name: 'C' },
              { id: 4, organisation_id: 8, name: 'D' },
            ]
          : [],
  };
  const header = ['email', 'worker_id', 'course', 'date', 'hours', 'level'];

  it('reads good rows by email or worker_id', () => {
    const { rows, problems } = checkImportRows(
      [
        header,
        ['A@x.example', '', 'Safe', '2026-01-02', '1.5', 'Level 3'],
        ['', 'W1', 'Safe', '02/01/2026', '2', 'level_1'],
      ],
      people,
      '2026-12-07',
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(
      rows.map((r) => [r.row, r.practitionerId, r.completedOn, r.minutes, r.level]),
      [
        [2, 1, '2026-01-02', 90, 'level_3'],
        [3, 2, '2026-01-02', 120, 'level_1'],
      ],
    );
  });

  it('reports each bad row by number: unknown people, ambiguous ids, bad values, repeats', () => {
    const { problems } = checkImportRows(
      [
        header,
        ['nobody@x.example', '', 'Safe', '2026-01-02', '1', 'level_1'],
        ['', 'W2', 'Safe', '2026-01-02', '1', 'level_1'],
        ['a@x.example', '', 'Safe', '2026-02-30', 'x', 'level 9'],
        ['a@x.example', '', 'Safe', '2026-01-02', '1', 'level_1'],
        ['a@x.example', '', 'safe', '2026-01-02', '1', 'level_1'],
        ['a@x.example', '', 'Safe', '2027-01-02', '1', 'level_1'],
      ],
      people,
      '2026-12-07',
    );
    assert.match(problems[0] ?? '', /^Row 2: no practitioner .* nobody@x.example/);
    assert.match(problems[1] ?? '', /^Row 3: worker_id W2 belongs to practitioners in more than one organisation/);
    assert.equal(problems.filter((p) => p.startsWith('Row 4:')).length, 3);
    assert.ok(problems.includes('Row 6: repeats row 5 (the same person, course and date)'));
    assert.ok(problems.includes('Row 7: the date 2027-01-02 is in the future'));
  });

  it('refuses a file without the columns it needs, with one message', () => {
    const { problems } = checkImportRows([['name', 'course']], people, '2026-12-07');
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /no email or worker_id, date, hours, level column/);
  });

  it('reads hours, levels and dates as people write them', () => {
    assert.equal(minutesOf('0.25'), 15);
    assert.equal(minutesOf('0'), null);
    assert.equal(minutesOf('201'), null);
    assert.equal(levelOf('L2'), 'level_2');
    assert.equal(levelOf('Working Together'), 'working_together');
    assert.equal(levelOf('level 5'), null);
    assert.equal(dateOf('7/1/2026'), '2026-01-07');
    assert.equal(dateOf('2026-13-01'), null);
  });
});
