/*
 * Charges in the quarter by agency (issue 14 points 5 and 9): raised and waived, from the charges
 * ledger (charges-service.ts `chargesForQuarter`). A charge is one person's late cancellation,
 * no-show or late arrival, so a count under the threshold, and its amount, are shown as 'c'.
 */
import { isSuppressed, type Shown, SUPPRESSED, suppressTable } from '../../lib/suppression.ts';
import { chargesForQuarter } from './charges-service.ts';
import type { ReportRow, ReportSection } from './report-section.ts';

const pounds = (pence: number) => `£${(pence / 100).toFixed(2)}`;

export const chargesSection: ReportSection = {
  slug: 'charges',
  title: 'Charges',
  intro:
    'Charges incurred in the quarter for late cancellations, no-shows and late arrivals, by agency: those raised, and those waived (by a substitution or by a coordinator with a reason).',
  async build(ctx) {
    const totals = await chargesForQuarter(ctx.db, ctx.partnershipId, ctx.quarter.id);
    // Counts with complementary suppression; an amount is hidden wherever its count is, so the
    // amounts, which add up the same way, cannot be differenced either.
    const table = suppressTable(
      totals.map((t) => [t.raisedCount, t.waivedCount]),
      { threshold: ctx.threshold, rowTotals: false },
    );
    const row = (label: string, counts: Shown<number>[], pence: number[]): ReportRow => ({
      label,
      values: {
        raised: counts[0] ?? 0,
        raisedAmount: isSuppressed(counts[0]) ? SUPPRESSED : pounds(pence[0] ?? 0),
        waived: counts[1] ?? 0,
        waivedAmount: isSuppressed(counts[1]) ? SUPPRESSED : pounds(pence[1] ?? 0),
      },
    });
    const rows = totals.map((t, i) => row(t.organisation, table.cells[i] ?? [], [t.raisedPence, t.waivedPence]));
    const sum = (pick: (t: (typeof totals)[number]) => number) => totals.reduce((s, t) => s + pick(t), 0);
    const total = row('All agencies', table.columnTotals, [sum((t) => t.raisedPence), sum((t) => t.waivedPence)]);
    const cells = [...rows, total].flatMap((r) => Object.values(r.values));
    return {
      tables: [
        {
          id: 'charges',
          title: 'Charges by agency',
          rowHeader: 'Agency',
          columns: [
            { key: 'raised', label: 'Charges raised', format: 'count' },
            { key: 'raisedAmount', label: 'Amount raised', format: 'text' },
            { key: 'waived', label: 'Charges waived', format: 'count' },
            { key: 'waivedAmount', label: 'Amount waived', format: 'text' },
          ],
          rows,
          totals: total,
          suppressedCells: cells.filter(isSuppressed).length,
          notes: totals.length === 0 ? ['No charges were incurred in the quarter.'] : [],
        },
      ],
    };
  },
};
