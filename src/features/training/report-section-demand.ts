/*
 * Unmet waiting-list demand: people left waiting, by course (with the new sessions that would
 * seat them) and by agency and job role (the "Waiting list, not given a place" column of the
 * tables above, suppressed there).
 */
import { sessionsOf } from './report-breakdown.ts';
import { courseFills, sessionsSuggested } from './report-courses.ts';
import type { ReportSection } from './report-section.ts';

export const demandSection: ReportSection = {
  slug: 'demand',
  title: 'Unmet waiting-list demand',
  intro:
    'People on a waiting list who were never given a place, or whose offer lapsed. Each course’s new sessions suggested would seat them at the size of its largest session this quarter; the tables by agency and by job role show who they are.',
  async build(ctx) {
    const courses = courseFills(await sessionsOf(ctx)).filter((c) => c.unmet > 0);
    courses.sort((a, b) => b.unmet - a.unmet || a.title.localeCompare(b.title));
    return {
      tables: [
        {
          id: 'demand',
          title: 'Courses with people left waiting',
          rowHeader: 'Course',
          columns: [
            { key: 'unmet', label: 'Waiting list, not given a place', format: 'count' },
            { key: 'usualPlaces', label: 'Places in its largest session', format: 'count' },
            { key: 'suggested', label: 'New sessions suggested', format: 'count' },
          ],
          rows: courses.map((c) => ({
            label: c.title,
            values: { unmet: c.unmet, usualPlaces: c.usualPlaces, suggested: sessionsSuggested(c) },
          })),
          totals: {
            label: 'All courses',
            values: {
              unmet: courses.reduce((a, c) => a + c.unmet, 0),
              usualPlaces: null,
              suggested: courses.reduce((a, c) => a + sessionsSuggested(c), 0),
            },
          },
          suppressedCells: 0,
        },
      ],
    };
  },
};
