import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  absenceRate,
  ageAt,
  ageBand,
  agencyRate,
  belowMinimum,
  censusYear,
  difference,
  isStarter,
  percent,
  recordStatus,
  representationRatio,
  turnoverRate,
  vacancyRate,
} from '../../src/features/workforce/profile/measures.ts';
import { project } from '../../src/features/workforce/profile/projections.ts';
import { buildComparison } from '../../src/features/workforce/profile/sections/population-comparison.ts';
import type { Group } from '../../src/features/workforce/profile/profile-groups.ts';
import { PROTECTED, protectCount } from '../../src/lib/disclosure.ts';
import { populationByEthnicity } from '../../src/features/workforce/profile/reference.ts';

describe('DfE workforce measures', () => {
  it('reproduces Herefordshire 2023 exactly', () => {
    // 77.6 FTE in post, 13.7 leavers FTE, 95.7 agency FTE, 129 vacancies FTE (DfE CSWW 2023).
    assert.equal(turnoverRate(13.7, 77.6), 17.7);
    assert.equal(agencyRate(95.7, 77.6), 55.2);
    assert.equal(vacancyRate(129, 77.6), 62.4);
  });

  it('reproduces England 2023 from its published counts', () => {
    // inpost 33119.1, leavers 5254.6, agency 7173.5, vacancies 7722.7, days lost 270751 → 15.9, 17.8, 18.9, 3.2
    assert.equal(turnoverRate(5254.6, 33119.1), 15.9);
    assert.equal(agencyRate(7173.5, 33119.1), 17.8);
    assert.equal(vacancyRate(7722.7, 33119.1), 18.9);
    assert.equal(absenceRate(270751, 33119.1), 3.2);
  });

  it('computes hand-made cases and rounds half up to one decimal', () => {
    assert.equal(turnoverRate(1, 8), 12.5);
    assert.equal(percent(1, 3), 33.3);
    assert.equal(percent(2, 3), 66.7);
    assert.equal(percent(0.5, 1000), 0.1); // 0.05 rounds up
    assert.equal(vacancyRate(2, 8), 20);
    assert.equal(agencyRate(0, 10), 0);
    assert.equal(absenceRate(25.3, 10, 253), 1);
    assert.equal(absenceRate(30, 10, 200), 1.5);
    assert.equal(turnoverRate(1, 0), null, 'no one in post: no rate');
  });

  it('takes the year as the 12 months up to the census date', () => {
    assert.deepEqual(censusYear('2025-09-30'), { start: '2024-09-30', end: '2025-09-30' });
    assert.deepEqual(censusYear('2024-02-29'), { start: '2023-02-28', end: '2024-02-29' });
    assert.equal(isStarter('2024-10-01', '2025-09-30'), true);
    assert.equal(isStarter('2024-09-30', '2025-09-30'), false);
    assert.equal(isStarter('2025-10-01', '2025-09-30'), false);
  });

  it('tells in post, agency, leavers and others apart at the census date', () => {
    const d = '2025-09-30';
    const rec = (employment_type: string, leaving_date: string | null, start_date: string | null = '2020-01-01') =>
      recordStatus({ employment_type, leaving_date, start_date }, d);
    assert.equal(rec('employee', null), 'in_post');
    assert.equal(rec('employee', '2025-10-01'), 'in_post', 'leaving after the census date: still in post');
    assert.equal(rec('employee', '2025-09-30'), 'leaver', 'left on the census date: a leaver');
    assert.equal(rec('employee', '2024-10-01'), 'leaver');
    assert.equal(rec('employee', '2024-09-30'), 'other_left', 'left before the year');
    assert.equal(rec('agency', null), 'agency');
    assert.equal(rec('agency', '2025-01-01'), 'other_left', 'agency leavers are not DfE leavers');
    assert.equal(rec('volunteer', null), 'other_current');
    assert.equal(rec('employee', null, '2025-10-01'), 'not_yet_started');
  });

  it('bands ages at the census date assuming a mid-year birthday', () => {
    assert.equal(ageAt(1970, '2025-09-30'), 55);
    assert.equal(ageAt(1970, '2025-03-31'), 54);
    assert.equal(ageBand(1970, '2025-09-30'), '55_64');
    assert.equal(ageBand(1971, '2025-09-30'), '45_54');
    assert.equal(ageBand(2000, '2025-09-30'), '25_34');
    assert.equal(ageBand(2001, '2025-09-30'), 'under_25');
    assert.equal(ageBand(1960, '2025-09-30'), '65_plus');
    assert.equal(ageBand(null, '2025-09-30'), 'not_known');
  });

  it('finds people below their service’s minimum qualification', () => {
    const minimums = { early_years: '3' };
    assert.equal(belowMinimum('2', 'early_years', minimums), true);
    assert.equal(belowMinimum('entry', 'early_years', minimums), true);
    assert.equal(belowMinimum('none', 'early_years', minimums), true);
    assert.equal(belowMinimum('3', 'early_years', minimums), false);
    assert.equal(belowMinimum('2', 'education', minimums), false, 'no minimum set for education');
    assert.equal(belowMinimum('not_known', 'early_years', minimums), false, 'unknown is not counted as below');
  });

  it('compares with the population', () => {
    assert.equal(representationRatio(5, 10), 0.5);
    assert.equal(representationRatio(12, 8), 1.5);
    assert.equal(representationRatio(3, 0), null);
    assert.equal(difference(12.3, 8.1), 4.2);
  });
});

describe('projections', () => {
  it('counts retirements from the age profile and other leavers from observed turnover', () => {
    // Census 2025-09-30, retirement age 66. Born 1960 → 65 at census → retires in year 1.
    // Born 1965 → 60 → retires in year 6. Born 1990 → 35: never within 10 years.
    const result = project({
      censusDate: '2025-09-30',
      retirementAge: 66,
      otherLeaverRate: 10,
      groups: [
        { jobRole: 'teacher', service: 'education', birthYear: 1960, fte: 1 },
        { jobRole: 'teacher', service: 'education', birthYear: 1965, fte: 2 },
        { jobRole: 'teacher', service: 'education', birthYear: 1990, fte: 7 },
      ],
    });
    const teacher = result.byJobRole.find((r) => r.key === 'teacher')!;
    assert.equal(teacher.fteInPost, 10);
    assert.equal(teacher.retirements5, 1);
    assert.equal(teacher.retirements10, 3);
    // Other leavers: 10% of the FTE each year, to stand still → 1 FTE a year.
    assert.equal(teacher.otherLeavers5, 5);
    assert.equal(teacher.otherLeavers10, 10);
    assert.equal(result.byYear[0]!.recruitNeeded, 2); // 1 retirement + 1 other leaver
    assert.equal(result.byYear[5]!.retirements, 2);
  });

  it('uses a role’s own observed turnover where it has one', () => {
    const result = project({
      censusDate: '2025-09-30',
      retirementAge: 66,
      otherLeaverRate: 10,
      rates: { jobRole: { teacher: 20 } },
      groups: [
        { jobRole: 'teacher', service: 'education', birthYear: 1990, fte: 10 },
        { jobRole: 'nurse', service: 'health', birthYear: 1990, fte: 10 },
      ],
    });
    assert.equal(result.byJobRole.find((r) => r.key === 'teacher')!.otherLeavers5, 10);
    assert.equal(result.byJobRole.find((r) => r.key === 'nurse')!.otherLeavers5, 5);
    assert.equal(result.byJobRole.find((r) => r.key === 'teacher')!.percent10, 200);
  });
});

describe('comparison with the local population', () => {
  const group = (over: Partial<Group>): Group => ({
    organisation_id: 1,
    service: 'social_care',
    job_role: 'childrens_social_worker',
    workforce_group: 'core',
    employment_type: 'employee',
    manager: 0,
    status: 'current',
    n: 0,
    fte: 0,
    sick: 0,
    starters: 0,
    starters_fte: 0,
    apprentices: 0,
    retired_fte: 0,
    ageSex: {},
    ethnicity: {},
    disability: {},
    qualification: {},
    reason: {},
    retire: [],
    twin: null,
    ...over,
  });

  it('gives workforce %, population %, the difference and the representation ratio per group', () => {
    // Workforce: 30 White British, 10 Indian (known: 40); 5 prefer not to say are left out.
    const groups = [
      group({ n: 40, ethnicity: { white_british: 30, asian_indian: 10, prefer_not_to_say: 5 } }),
      group({ manager: 1, n: 5, ethnicity: { white_british: 5 } }),
    ];
    const derbyshire = populationByEthnicity('E10000007')!;
    const known = Object.values(derbyshire.counts).reduce((a, b) => a + b, 0);
    const asianPopulation = [
      'asian_bangladeshi',
      'asian_chinese',
      'asian_indian',
      'asian_pakistani',
      'asian_other',
    ].reduce((a, c) => a + derbyshire.counts[c]!, 0);
    // Unprotected: the arithmetic of the measures (disclosure control has its own tests).
    const result = buildComparison(groups, 'E10000007', { on: false });
    assert.equal(result.area?.name, 'Derbyshire');
    const asian = result.byGroup.rows.find((r) => r.key === 'asian')!.values;
    assert.equal(asian.headcount, 10);
    assert.equal(asian.workforcePercent, 22.2); // 10 of 45 known
    assert.equal(asian.populationPercent, percent(asianPopulation, known));
    assert.equal(asian.difference, Math.round((22.2 - percent(asianPopulation, known)!) * 10) / 10);
    assert.equal(asian.ratio, representationRatio(22.2, percent(asianPopulation, known)));
    const black = result.byGroup.rows.find((r) => r.key === 'black')!.values;
    assert.equal(black.headcount, 0);
    assert.equal(black.workforcePercent, 0);
    // Managers: 5, all White: shown; everyone else: 30 White, 10 Asian.
    const managers = result.managers.rows.find((r) => r.key === 'managers')!.values;
    assert.equal(managers.white, 100);
    const others = result.managers.rows.find((r) => r.key === 'others')!.values;
    assert.equal(others.asian, 25);
    assert.ok(result.managers.rows.some((r) => r.key === 'population'));
  });

  it('shows a small group only as protected counts, and percentages from those counts', () => {
    const result = buildComparison(
      [group({ n: 43, ethnicity: { white_british: 40, black_african: 3 } })],
      'E10000007',
      PROTECTED,
    );
    const black = result.byGroup.rows.find((r) => r.key === 'black')!.values;
    const white = result.byGroup.rows.find((r) => r.key === 'white')!.values;
    assert.ok(black.headcount === 0 || black.headcount === 5, `3 people shown as 0 or 5, not ${black.headcount}`);
    assert.ok(typeof white.headcount === 'number' && white.headcount % 5 === 0 && Math.abs(white.headcount - 40) <= 4);
    const known = protectCount({ n: 43, k: 0 });
    assert.equal(black.workforcePercent, 'c', 'a percentage about fewer than 10 people is flagged');
    assert.equal(white.workforcePercent, percent(white.headcount as number, known), 'from the protected counts');
    assert.equal(typeof black.populationPercent, 'number', 'the population is not our people');
  });
});
