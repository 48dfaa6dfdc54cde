/*
 * The quarter at a glance: sessions, places offered and taken, attendance, no-shows and
 * cancellations. Counts of people are the agency table's suppressed totals, so the two agree.
 */
import { barChart } from '../../lib/charts.ts';
import { isSuppressed, type Shown } from '../../lib/suppression.ts';
import { agencyTable, placesOffered, sessionsOf } from './report-breakdown.ts';
import { OUTCOMES } from './report-data.ts';
import type { ReportSection, ReportValue } from './report-section.ts';

/** A total of the agency table as a figure: a count, a percentage or withheld; null when there is none. */
const figureOf = (value: ReportValue | undefined): Shown<number> | null =>
  typeof value === 'number' || isSuppressed(value) ? value : null;

export const overviewSection: ReportSection = {
  slug: 'overview',
  title: 'The quarter at a glance',
  intro:
    'Sessions whose first date falls in the quarter. Places offered are the places of the sessions that ran (not cancelled); a place is taken by someone who attended, partly attended, did not attend, or still holds it.',
  async build(ctx) {
    const sessions = await sessionsOf(ctx);
    const offered = await placesOffered(ctx);
    const totals = (await agencyTable(ctx)).totals?.values ?? {};
    const figure = (label: string, value: Shown<number> | null) => ({ label, values: { value } });
    const outcomes = OUTCOMES.map((o) => figure(o.label, figureOf(totals[o.key])));
    const rows = [
      figure('Sessions run', sessions.filter((s) => !s.cancelled).length),
      figure('Sessions cancelled', sessions.filter((s) => s.cancelled).length),
      figure('Places offered', offered),
      figure('Places taken', figureOf(totals.taken)),
      figure('Fill rate (%)', figureOf(totals.share)),
      ...outcomes,
      figure('Attendance rate (%)', figureOf(totals.attendance)),
    ];
    const chartData = OUTCOMES.map((o) => ({ label: o.label, value: figureOf(totals[o.key]) ?? 0 }));
    return {
      tables: [
        {
          id: 'overview',
          title: 'Sessions, places and bookings',
          rowHeader: 'Measure',
          columns: [{ key: 'value', label: 'Figure', format: 'count' }],
          rows,
          suppressedCells: rows.filter((r) => isSuppressed(r.values.value)).length,
          chart: barChart({ id: 'chart-overview', title: 'Bookings by outcome', data: chartData }),
          notes: [
            'Fill rate: places taken as a percentage of places offered. Attendance rate: people who attended in full as a percentage of those marked on a register (attended, partly attended or did not attend).',
            'A cancellation is late when it came within the session’s cancellation cut-off in working days. Bookings awaiting approval, declined, or passed to a colleague are not counted (the colleague’s booking is).',
          ],
        },
      ],
    };
  },
};
