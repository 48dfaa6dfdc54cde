/*
 * A hand-made, already suppressed workforce profile, for testing the pages, downloads and PDF
 * apart from the profile service (which has its own tests).
 */
import type {
  ProfileColumn,
  ProfileRow,
  ProfileTable,
  WorkforceProfile,
} from '../../src/features/workforce/profile/profile-types.ts';
import type { Shown } from '../../src/lib/suppression.ts';

const COUNT_COLUMNS: ProfileColumn[] = [
  { key: 'headcount', label: 'Headcount', format: 'count' },
  { key: 'fte', label: 'FTE', format: 'fte' },
  { key: 'percent', label: '% of headcount', format: 'percent' },
];

function table(
  id: string,
  title: string,
  rowHeader: string,
  rows: [string, string, ...(Shown<number> | null)[]][],
  columns = COUNT_COLUMNS,
): ProfileTable {
  const toRow = ([key, label, ...values]: [string, string, ...(Shown<number> | null)[]]): ProfileRow => ({
    key,
    label,
    values: Object.fromEntries(columns.map((c, i) => [c.key, values[i] ?? null])),
  });
  const suppressedCells = rows.flatMap(([, , ...v]) => v).filter((v) => v === 'c').length;
  return {
    id,
    title,
    rowHeader,
    columns,
    rows: rows.map(toRow),
    totals: toRow(['total', 'Total', 60, 50.5, 100]),
    suppressedCells,
  };
}

const simple = (id: string, title: string, rowHeader = 'Group') =>
  table(id, title, rowHeader, [
    ['a', 'First <b>group</b>', 40, 35.5, 66.7],
    ['b', 'Second', 20, 15, 33.3],
    ['c', 'Third', 'c', 'c', 'c'],
  ]);
const pct = (key: string, label: string): ProfileColumn => ({ key, label, format: 'percent' });

export function fixtureProfile(overrides: Partial<WorkforceProfile> = {}): WorkforceProfile {
  const comparisonColumns = [
    pct('workforcePercent', 'Workforce %'),
    pct('populationPercent', 'Population %'),
    { key: 'difference', label: 'Difference (points)', format: 'difference' as const },
    { key: 'ratio', label: 'Ratio', format: 'ratio' as const },
  ];
  const groupColumns = ['asian', 'black', 'white'].map((g) => pct(g, g));
  const rates = [
    pct('turnoverRate', 'Turnover'),
    pct('agencyRate', 'Agency'),
    pct('vacancyRate', 'Vacancy'),
    pct('absenceRate', 'Absence'),
  ];
  return {
    scope: { kind: 'partnership', organisationId: null, organisationName: null },
    filters: { censusDate: '2026-09-30' },
    disclosure: {
      protected: true,
      note: 'Counts are rounded to the nearest 5 after a small adjustment.',
      page: '/workforce/profile/about-the-figures',
      tooFew: false,
    },
    options: {
      censusDates: ['2026-09-30', '2025-09-30'],
      services: [{ value: 'early_years', label: 'Early years and childcare' }],
      organisationTypes: [{ value: 'school', label: 'School or academy' }],
      organisations: [{ value: '1', label: 'Demoshire County Council' }],
      workforceGroups: [{ value: 'core', label: 'Core' }],
      employmentTypes: [{ value: 'employee', label: 'Employee' }],
      jobRoles: [{ value: 'social_worker', label: 'Social worker' }],
    },
    threshold: 5,
    suppressionExplanation: 'c: fewer than 5 people, not shown so that no one can be identified.',
    empty: false,
    measures: {
      headcount: 60,
      fte: 50.5,
      fteInPost: 77.6,
      leaversFte: 13.7,
      leaversHeadcount: 15,
      startersFte: 10,
      startersHeadcount: 12,
      agencyFte: 95.7,
      agencyHeadcount: 'c',
      workforceHeadcount: 80,
      vacancyFte: 129,
      turnoverRate: 17.7,
      vacancyRate: 62.4,
      agencyRate: 55.2,
      absenceRate: null,
      aged55PlusPercent: 21.3,
      level3PlusPercent: 80,
      belowMinimumQualification: 'c',
      apprentices: 0,
      managers: 9,
    },
    tables: {
      service: simple('service', 'By service', 'Service'),
      organisation: simple('organisation', 'By organisation', 'Organisation'),
      organisationType: simple('organisation-type', 'By organisation type'),
      jobRole: simple('job-role', 'By job role'),
      workforceGroup: simple('workforce-group', 'By workforce group'),
      employmentType: simple('employment-type', 'By employment type'),
      ageBand: simple('age-band', 'By age band'),
      sex: simple('sex', 'By sex'),
      ethnicGroup: simple('ethnic-group', 'By ethnic group'),
      ethnicity: simple('ethnicity', 'By ethnicity'),
      disability: simple('disability', 'By disability'),
      qualification: simple('qualification', 'By qualification'),
      qualificationByService: simple('qualification-service', 'Qualifications by service'),
      apprentices: simple('apprentices', 'Apprentices'),
      leavingReason: simple('leaving-reason', 'Leaving reasons'),
      ageSex: table(
        'age-sex',
        'Age and sex',
        'Age band',
        [
          ['under-25', 'Under 25', 10, 12, 22],
          ['25-34', '25–34', 'c', 20, 'c'],
        ],
        [
          { key: 'male', label: 'Male', format: 'count' },
          { key: 'female', label: 'Female', format: 'count' },
          { key: 'total', label: 'Total', format: 'count', isTotal: true },
        ],
      ),
      recruitmentRetention: table(
        'recruitment-retention',
        'Recruitment and retention',
        'Service',
        [['early_years', 'Early years', 17.7, 55.2, 62.4, null]],
        rates,
      ),
    },
    comparison: {
      area: { code: 'E10000007', name: 'Derbyshire', source: 'Office for National Statistics, Census 2021 (TS021)' },
      byGroup: table(
        'comparison-group',
        'Ethnic group against the population',
        'Ethnic group',
        [
          ['white', 'White', 90, 85, 5, 1.06],
          ['asian', 'Asian', 'c', 5, 'c', 'c'],
        ],
        comparisonColumns,
      ),
      byCategory: table(
        'comparison-category',
        'Ethnicity against the population',
        'Ethnicity',
        [['white_british', 'White British', 88, 80, 8, 1.1]],
        comparisonColumns,
      ),
      byService: table(
        'comparison-service',
        'Ethnic group by service',
        'Service',
        [['early_years', 'Early years', 10, 'c', 90]],
        groupColumns,
      ),
      managers: table(
        'comparison-managers',
        'Managers and everyone else',
        'Group',
        [
          ['managers', 'Managers', 'c', 0, 100],
          ['others', 'Everyone else', 10, 5, 85],
        ],
        groupColumns,
      ),
    },
    projections: {
      retirementAge: 66,
      turnoverRate: 17.7,
      byJobRole: table(
        'projection-role',
        'Projected leavers by job role',
        'Job role',
        [['social_worker', 'Social worker', 20.5, 3, 10]],
        [
          { key: 'fteInPost', label: 'FTE in post', format: 'fte' },
          { key: 'retirements5', label: 'Retirements in 5 years', format: 'fte' },
          { key: 'otherLeavers5', label: 'Other leavers in 5 years', format: 'fte' },
        ],
      ),
      byService: table(
        'projection-service',
        'Projected leavers by service',
        'Service',
        [['early_years', 'Early years', 30, 4, 12]],
        [
          { key: 'fteInPost', label: 'FTE in post', format: 'fte' },
          { key: 'retirements5', label: 'Retirements in 5 years', format: 'fte' },
          { key: 'otherLeavers5', label: 'Other leavers in 5 years', format: 'fte' },
        ],
      ),
      byYear: table(
        'projection-year',
        'FTE to recruit each year',
        'Year',
        [
          ['year-1', 'Year 1', 2, 8, 10],
          ['year-2', 'Year 2', 1.5, 8, 9.5],
        ],
        [
          { key: 'retirements', label: 'Retirements', format: 'fte' },
          { key: 'otherLeavers', label: 'Other leavers', format: 'fte' },
          { key: 'recruitNeeded', label: 'FTE to recruit', format: 'fte' },
        ],
      ),
      largestGap: { kind: 'jobRole', key: 'social_worker', label: 'Social worker', percent10: 61.5 },
    },
    trends: {
      censusDates: ['2025-09-30', '2026-09-30'],
      table: table(
        'trends',
        'Measures across census dates',
        'Measure',
        [
          ['headcount', 'Headcount', 55, 60, 5],
          ['turnoverRate', 'Turnover rate (%)', 15, 17.7, 2.7],
        ],
        [
          { key: '2025-09-30', label: '2025-09-30', format: 'fte' },
          { key: '2026-09-30', label: '2026-09-30', format: 'fte' },
          { key: 'change', label: 'Change', format: 'difference' },
        ],
      ),
    },
    benchmarks: {
      year: '2023',
      jobRoles: ['Social worker'],
      rowKinds: { partnership: 'partnership', E10000007: 'local_authority' },
      source: 'Department for Education, children’s social work workforce',
      table: table(
        'benchmarks',
        'Children’s social workers against published figures',
        'Area',
        [
          ['partnership', 'This partnership', 17.7, 55.2, 62.4, null],
          ['E10000007', 'Derbyshire', 15, 10, 20, 3.1],
        ],
        rates,
      ),
    },
    attributions: ['Source: Office for National Statistics, Census 2021. Open Government Licence v3.0.'],
    ...overrides,
  };
}
