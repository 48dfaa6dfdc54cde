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

const sum = (values: Shown<number>[]): Shown<number> =>
  values.some(isSuppressed) ? SUPPRESSED : (values as number[]).reduce((a, b) => a + b, 0);

/** One row's values from its suppressed outcome cells and total. */
function rowValues(cells: Shown<number>[], total: Shown<number>, offered: number): ReportRow['values'] {
  const byOutcome = Object.fromEntries(OUTCOMES.map((o, i) => [o.key, cells[i] as Shown<number>])) as Record<
    Outcome,
    Shown<number>
  >;
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
  const groups = new Map<string, number[]>();
  for (const g of await bookingsOf(ctx)) {
    const key = spec.keyOf(g);
    const row = groups.get(key) ?? OUTCOMES.map(() => 0);
    row[OUTCOMES.findIndex((o) => o.key === g.outcome)]! += g.count;
    groups.set(key, row);
  }
  const keys = [...groups.keys()].sort((a, b) => spec.nameOf(a).localeCompare(spec.nameOf(b)));
  const table = suppressTable(
    keys.map((k) => groups.get(k) as number[]),
    { threshold: ctx.threshold, rowTotals: true, columnTotals: true },
  );
  const rows = keys.map((k, r) => ({
    label: spec.nameOf(k),
    values: rowValues(table.cells[r] as Shown<number>[], table.rowTotals[r] as Shown<number>, offered),
  }));
  const totals = { label: 'All', values: rowValues(table.columnTotals, table.grandTotal, offered) };
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
          data: rows.map((r) => ({ label: r.label, value: r.values.taken as Shown<number> })),
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
