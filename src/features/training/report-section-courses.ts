/* Over- and under-subscribed courses: fill rate, waiting lists and sessions below their minimum numbers. */
import { barChart } from '../../lib/charts.ts';
import { sessionsOf } from './report-breakdown.ts';
import { courseFills, isOverSubscribed, isUnderSubscribed, type CourseFill } from './report-courses.ts';
import { percent, type ReportSection } from './report-section.ts';

const verdict = (c: CourseFill) =>
  [isOverSubscribed(c) ? 'Over-subscribed' : '', isUnderSubscribed(c) ? 'Under-subscribed' : '']
    .filter(Boolean)
    .join(' and ') || 'Within its numbers';

export const coursesSection: ReportSection = {
  slug: 'courses',
  title: 'Over- and under-subscribed courses',
  intro:
    'A course is over-subscribed when every place offered in the quarter was taken and people were left on its waiting list; under-subscribed when a session ran with fewer places taken than its minimum numbers.',
  async build(ctx) {
    const courses = courseFills(await sessionsOf(ctx)).filter((c) => c.sessionsRun > 0);
    const rows = courses.map((c) => ({
      label: c.title,
      values: {
        sessionsRun: c.sessionsRun,
        offered: c.offered,
        taken: c.taken,
        fill: percent(c.taken, c.offered),
        unmet: c.unmet,
        underMinimum: c.underMinimum,
        verdict: verdict(c),
      },
    }));
    return {
      notes: [
        `${courses.filter(isOverSubscribed).length} over-subscribed and ${courses.filter(isUnderSubscribed).length} under-subscribed of ${courses.length} courses that ran.`,
      ],
      tables: [
        {
          id: 'courses',
          title: 'Fill by course',
          rowHeader: 'Course',
          columns: [
            { key: 'sessionsRun', label: 'Sessions run', format: 'count' },
            { key: 'offered', label: 'Places offered', format: 'count' },
            { key: 'taken', label: 'Places taken', format: 'count' },
            { key: 'fill', label: 'Fill rate (%)', format: 'percent' },
            { key: 'unmet', label: 'Waiting list, not given a place', format: 'count' },
            { key: 'underMinimum', label: 'Sessions below minimum numbers', format: 'count' },
            { key: 'verdict', label: 'Subscription', format: 'text' },
          ],
          rows,
          suppressedCells: 0,
          chart: rows.length
            ? barChart({
                id: 'chart-courses',
                title: 'Fill rate by course (%)',
                data: rows.map((r) => ({ label: r.label, value: r.values.fill ?? 0 })),
                unit: '%',
              })
            : null,
        },
      ],
    };
  },
};
