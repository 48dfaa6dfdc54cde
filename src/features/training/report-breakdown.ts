/*
 * The report's tables of bookings by a group of people (agency, job role): each row split by
 * outcome, the outcomes adding up to the row's total, suppressed as one table (primary and
 * complementary, src/lib/suppression.ts), with the places taken, the share of the places
 * offered and the attendance rate worked out from the shown cells only.
 */
import { barChart } from '../../lib/charts.ts';
import { isSuppressed, suppressTable, SUPPRESSED, type Shown } from '../../lib/suppression.ts';
import {
  organisationNames,
  OUTCOMES,
  perOutcome,
  quarterBookings,
  quarterSessions,
  TOOK_PLACE,
  type BookingGroup,
  type Outcome,
} from './report-data.ts';
import { percent, type ReportColumn, type ReportContext, type ReportRow, type ReportTable } from './report-section.ts';

export const sessionsOf = (ctx: ReportContext) =>
  ctx.memo('sessions', () => quarterSessions(ctx.db, ctx.partnershipId, ctx.quarter));
export const bookingsOf = (ctx: ReportContext) =>
  ctx.memo('bookings', () => quarterBookings(ctx.db, ctx.partnershipId, ctx.quarter));

/** Places offered: the places of the quarter's sessions that were not cancelled. */
export async function placesOffered(ctx: ReportContext): Promise<number> {
  return (await sessionsOf(ctx)).filter((s) => !s.cancelled).reduce((sum, s) => sum + s.capacity, 0);
}

export const BREAKDOWN_COLUMNS: ReportColumn[] = [
  ...OUTCOMES.map((o) => ({ key: o.key, label: o.label, format: 'count' as const })),
  { key: 'total', label: 'Bookings counted', format: 'count' },
  { key: 'taken', label: 'Places taken', format: 'count' },
  { key: 'share', label: 'Share of places offered (%)', format: 'percent' },
  { key: 'attendance', label: 'Attendance rate (%)', format: 'percent' },
];

function sum(values: Shown<number>[]): Shown<number> {
  const shown = values.filter((v) => !isSuppressed(v));
  return shown.length < values.length ? SUPPRESSED : shown.reduce((a, b) => a + b, 0);
}

/** The item at `index`, which the caller knows is there (a row of a table made from the same list). */
function nth<T>(list: readonly T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`No item ${index} in a list of ${list.length}`);
  return item;
}

type RowValues = ReportRow['values'] & { taken: Shown<number> };

/** One row's values from its suppressed outcome cells (in OUTCOMES order) and total. */
function rowValues(cells: Shown<number>[], total: Shown<number>, offered: number): RowValues {
  const byOutcome = perOutcome((key) =>
    nth(
      cells,
      OUTCOMES.findIndex((o) => o.key === key),
    ),
  );
  const taken = sum(TOOK_PLACE.map((k) => byOutcome[k]));
  const marked = sum([byOutcome.attended, byOutcome.partial, byOutcome.noShow]);
  const attended = byOutcome.attended;
  return {
    ...byOutcome,
    total,
    taken,
    share: isSuppressed(taken) ? SUPPRESSED : percent(taken, offered),
    attendance: isSuppressed(marked) || isSuppressed(attended) ? SUPPRESSED : percent(attended, marked),
  };
}

/** Bookings grouped by `keyOf` (agency or job role), named by `nameOf`, as a suppressed table with a chart. */
export async function breakdown(
  ctx: ReportContext,
  spec: {
    id: string;
    title: string;
    rowHeader: string;
    keyOf: (g: BookingGroup) => string;
    nameOf: (key: string) => string;
  },
): Promise<ReportTable> {
  const offered = await placesOffered(ctx);
  const groups = new Map<string, Record<Outcome, number>>();
  for (const g of await bookingsOf(ctx)) {
    const key = spec.keyOf(g);
    const row = groups.get(key) ?? perOutcome(() => 0);
    row[g.outcome] += g.count;
    groups.set(key, row);
  }
  const sorted = [...groups].sort(([a], [b]) => spec.nameOf(a).localeCompare(spec.nameOf(b)));
  const table = suppressTable(
    sorted.map(([, row]) => OUTCOMES.map((o) => row[o.key])),
    { threshold: ctx.threshold, rowTotals: true, columnTotals: true },
  );
  const rows = sorted.map(([k], r) => ({
    label: spec.nameOf(k),
    values: rowValues(nth(table.cells, r), nth(table.rowTotals, r), offered),
  }));
  // With no bookings the table has no columns to total: every outcome's total is 0.
  const columnTotals = sorted.length ? table.columnTotals : OUTCOMES.map(() => 0);
  const totals = { label: 'All', values: rowValues(columnTotals, table.grandTotal, offered) };
  return {
    id: spec.id,
    title: spec.title,
    rowHeader: spec.rowHeader,
    columns: BREAKDOWN_COLUMNS,
    rows,
    totals,
    suppressedCells: table.suppressedCount,
    chart: rows.length
      ? barChart({
          id: `chart-${spec.id}`,
          title: `Places taken by ${spec.rowHeader.toLowerCase()}`,
          data: rows.map((r) => ({ label: r.label, value: r.values.taken })),
        })
      : null,
  };
}

/** The agencies' table, shared by the agency section and the overview's totals. */
export const agencyTable = (ctx: ReportContext) =>
  ctx.memo('agencies', async () => {
    const names = await organisationNames(ctx.db, ctx.partnershipId);
    return breakdown(ctx, {
      id: 'by-agency',
      title: 'Bookings by agency',
      rowHeader: 'Agency',
      keyOf: (g) => String(g.organisationId),
      nameOf: (key) => names.get(Number(key)) ?? 'Organisation no longer in the partnership',
    });
  });
