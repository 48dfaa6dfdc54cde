/** A board pack with every section filled, for the file format tests (no database). */
import type { BoardPack, Compared } from '../../src/features/reports/pack-types.ts';

const was = (now: number | 'c' | null, before: number | 'c' | null, direction: Compared['direction']): Compared => ({
  now,
  before,
  direction,
});

export function fixturePack(overrides: Partial<BoardPack> = {}): BoardPack {
  return {
    id: 7,
    quarterEnd: '2027-06-30',
    status: 'issued',
    draftedBy: 'Board pack schedule',
    createdAt: '2027-06-16T06:30:00.000Z',
    updatedAt: '2027-06-28T10:00:00.000Z',
    issuedAt: '2027-06-28T10:00:00.000Z',
    issuedBy: 'Zoë Łukasiewicz',
    narrative: {
      sections: {
        summary:
          'Recruitment is **improving**; turnover is ≤ 15% for the first time.\n\n- Two reds\n- One stale action',
        decisions: 'Agree the *pooled* budget for 2027–28.',
        exceptions: '',
        completed: 'Three actions finished.',
        risks: 'The agency risk is above appetite.',
        workforce: 'Headcount is steady.',
        assessment: '',
        training: 'No-shows fell.',
        funding: 'Spend is on plan.',
      },
      actions: {
        '11': { corrective: 'Dedicated recruiter from July (Zoë).', ask: 'Approve £40,000 for the campaign' },
      },
    },
    figures: {
      version: 1,
      partnershipName: 'Demoshire Children’s Trust',
      quarterStart: '2027-04-01',
      quarterEnd: '2027-06-30',
      asAt: '2027-06-28',
      threshold: 5,
      comparedWith: { quarterEnd: '2027-03-31', asAt: '2027-03-29' },
      rag: [
        { key: 'red', label: 'Red', ...was(2, 3, 'better') },
        { key: 'amber', label: 'Amber', ...was(4, 4, 'same') },
        { key: 'stale', label: 'Stale (no update for 6 weeks)', ...was(1, 0, 'worse') },
        { key: 'green', label: 'Green', ...was(20, 18, 'better') },
        { key: 'grey', label: 'Not started', ...was(5, 6, 'better') },
        { key: 'blue', label: 'Complete', ...was(8, 5, 'better') },
      ],
      indicators: [
        { name: 'Social worker turnover', unit: '%', target: 15, rag: 'green', ...was(14.2, 16.1, 'better') },
        { name: 'Agency rate', unit: '%', target: 10, rag: 'red', ...was(17.5, 16, 'worse') },
      ],
      exceptions: [
        {
          id: 11,
          title: 'Recruit experienced social workers',
          priority: 'Recruitment and retention',
          lead: 'Zoë Łukasiewicz, Demoshire County Council',
          dueDate: '2027-05-31',
          progress: 40,
          rag: 'red',
          stale: false,
          lastUpdateOn: '2027-05-02',
        },
        {
          id: 12,
          title: 'Refresh the induction pack',
          priority: 'Learning and development',
          lead: 'Sam Smith, Demoshire NHS Trust',
          dueDate: '2027-09-30',
          progress: 10,
          rag: 'amber',
          stale: true,
          lastUpdateOn: null,
        },
      ],
      completed: [{ id: 3, title: 'Publish the data standard', priority: 'Data', completedOn: '2027-05-10' }],
      green: [{ priority: 'Recruitment and retention', count: 6 }],
      risks: {
        heatMap: [
          [1, 0, 0, 0, 0],
          [0, 2, 0, 0, 0],
          [0, 0, 3, 1, 0],
          [0, 0, 0, 2, 0],
          [0, 0, 0, 0, 1],
        ],
        top: [
          {
            title: 'Reliance on agency staff',
            owner: 'Director of Children’s Services',
            inherentScore: 20,
            residualScore: 16,
            level: 'High',
            aboveAppetite: true,
          },
        ],
        total: 10,
      },
      workforce: {
        censusDate: '2026-09-30',
        benchmarkYear: '2025',
        rows: [
          {
            key: 'headcount',
            label: 'Headcount (employees in post)',
            unit: 'people',
            england: null,
            ...was(1905, 1880, 'none'),
          },
          { key: 'turnoverRate', label: 'Turnover rate', unit: '%', england: 15.5, ...was(14.2, 16.1, 'better') },
        ],
      },
      assessment: {
        round: 'Demoshire spring 2027',
        status: 'Closed',
        submitted: 140,
        themes: [
          { name: 'Shared identity, purpose and vision', average: 3.2 },
          { name: 'Integrated working practices', average: null },
        ],
        priorities: ['Integrated working practices × Embedding: shared case audits'],
      },
      training: [
        { key: 'sessions', label: 'Sessions held', ...was(12, 10, 'better') },
        { key: 'noShows', label: 'Did not attend (no-shows)', ...was('c', 6, 'none') },
      ],
      funding: {
        streams: [
          {
            name: 'Workforce grant',
            contributed: 5_000_000,
            committed: 1_000_000,
            spent: 2_500_000,
            balance: 2_500_000,
          },
        ],
        totals: {
          name: 'All streams',
          contributed: 5_000_000,
          committed: 1_000_000,
          spent: 2_500_000,
          balance: 2_500_000,
        },
      },
    },
    ...overrides,
  };
}
