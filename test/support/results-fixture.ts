/*
 * Hand-made self-assessment results for the default framework, for testing the results PDF
 * apart from the database: every cell scored by a fixed pattern, one cell left without a score,
 * and a priority.
 */
import { DEFAULT_STAGES, DEFAULT_THEMES } from '../../src/features/assessment/framework.ts';
import type { ResultCell, RoundResults } from '../../src/features/assessment/results-service.ts';
import { averages, highest, lowest, scoreCells } from '../../src/features/assessment/scoring.ts';

export function fixtureResults(): RoundResults {
  const counts = DEFAULT_THEMES.flatMap((t) =>
    DEFAULT_STAGES.flatMap((s) =>
      [1, 2, 3, 4, 5].map((score) => ({
        theme: t.position,
        stage: s.position,
        kind: 'score' as const,
        score,
        weight: (t.position * 3 + s.position * score) % 4,
      })),
    ),
  );
  const cells: ResultCell[] = scoreCells(counts.filter((c) => !(c.theme === 8 && c.stage === 8)));
  return {
    round: { id: 1, name: 'Demoshire spring 2026', kind: 'live', status: 'closed' },
    themes: DEFAULT_THEMES.map(({ position, name, colour }) => ({ position, name, colour })),
    stages: DEFAULT_STAGES.map(({ position, name }) => ({ position, name })),
    cells,
    averages: averages(cells),
    highest: highest(cells),
    lowest: lowest(cells),
    disagreed: [],
    breakdowns: [],
    organisations: [],
    submitted: 12,
    respondents: 14,
    priorities: [
      {
        id: 1,
        theme: 4,
        stage: 2,
        note: 'Joint training for lead professionals',
        created_at: '2026-05-01T09:00:00.000Z',
        created_by_name: 'Sam',
      },
    ],
    evidence: [{ theme: 4, note: 'Shared training calendar with the college', organisation: null }],
    threshold: 5,
  };
}
