/** A strategy document with every section and appendix filled, for the file format tests (no database). */
import type { StrategyDocumentSource } from '../../src/features/strategy/document-blocks.ts';

const action = (title: string, lead: string, rag: string, cost: number | null) => ({
  title,
  objective: 'Publish the glossary',
  lead,
  leadOrganisation: 'Demoshire County Council',
  startDate: '2026-04-01',
  dueDate: '2027-03-31',
  rag,
  stale: rag === 'amber',
  costPence: cost,
});

export function fixtureStrategy(overrides: Partial<StrategyDocumentSource> = {}): StrategyDocumentSource {
  return {
    partnershipName: 'Demoshire Children’s Trust',
    title: 'Children’s Workforce Strategy',
    period: '2026–29',
    number: 3,
    approvedBy: 'Demoshire Children’s Trust board',
    approvedOn: '2026-10-01',
    publishedAt: '2026-10-02T09:00:00.000Z',
    sections: [
      { key: 'vision', title: 'Vision', body: 'One **children’s workforce** for Zoë and every child ≤ 18.' },
      { key: 'scope', title: 'Scope', body: '' },
      {
        key: 'workforce-data',
        title: 'Workforce data and data issues',
        body: 'We count {{ workforce.headcount }} people.\n\n| Measure | Demoshire |\n|---|---|\n| Turnover rate | {{ workforce.turnoverRate }} |\n\n### Gaps\n\n- volunteers\n- agency staff',
      },
    ],
    figures: { 'workforce.headcount': '2,015', 'workforce.turnoverRate': '14.2%' },
    appendices: {
      version: 1,
      asAt: '2026-10-01',
      threshold: 5,
      priorities: [
        {
          rank: 1,
          title: 'A common language',
          objectives: [
            {
              what: 'Publish the glossary',
              measure: 'Staff who understand',
              target: '75%',
              dueDate: '2027-03-31',
              owner: 'Workforce steering group',
            },
          ],
          actions: [
            action('Write the glossary', 'Jo Whitfield', 'green', 150000),
            action('Promote it → partners', 'Workforce Development Manager', 'amber', null),
          ],
        },
      ],
      unprioritised: [action('Survey the staff', 'Łukasz Nowak', 'red', 50000)],
      risks: {
        heatMap: [
          [0, 0, 0, 0, 0],
          [0, 1, 2, 0, 0],
          [0, 0, 1, 0, 0],
          [0, 0, 0, 0, 0],
          [0, 0, 0, 0, 0],
        ],
        rows: [
          {
            title: 'Loss of skills',
            cause: 'Voluntary redundancy',
            effect: 'Fewer experienced staff',
            owner: 'HR service partner',
            inherentScore: 12,
            residualScore: 9,
            level: 'Medium',
            aboveAppetite: true,
            reviewOn: '2027-01-15',
          },
        ],
      },
      indicators: [
        {
          name: 'Practitioners trained',
          unit: 'people',
          baseline: 'c',
          target: 600,
          latest: 420,
          quarterEnd: '2026-09-30',
          rag: 'amber',
        },
        {
          name: 'Turnover',
          unit: '%',
          baseline: 16.5,
          target: 14,
          latest: 14.2,
          quarterEnd: '2026-09-30',
          rag: 'green',
        },
      ],
      governance: [
        {
          name: 'Workforce steering group',
          kind: 'Steering group',
          reportsTo: 'Demoshire Children’s Trust board',
          reviewOn: '2027-02-01',
          members: [
            {
              role: 'Chair (Workforce Strategy Manager)',
              organisation: 'Demoshire County Council',
              name: 'Jo Whitfield',
            },
          ],
        },
      ],
      glossary: [{ term: 'CAF', expansion: 'Common Assessment Framework', definition: 'A shared assessment.' }],
    },
    audience: 'partnership',
    ...overrides,
  };
}
