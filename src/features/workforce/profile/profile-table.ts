/*
 * Builds ProfileTables from counts. Every table goes through suppressTable (primary and
 * complementary suppression of the counts); FTE, percentages and rates beside a count are shown
 * only where that count is shown, so nothing derived gives a suppressed count away.
 */
import { SUPPRESSED, suppressCount, suppressTable, type Shown } from '../../../lib/suppression.ts';
import { oneDecimal, percent } from './measures.ts';
import type { ProfileColumn, ProfileRow, ProfileTable } from './profile-types.ts';

export interface CountRow {
  key: string;
  label: string;
  group?: string;
  count: number;
  fte?: number;
}

const finish = (t: Omit<ProfileTable, 'suppressedCells'>): ProfileTable => ({
  ...t,
  suppressedCells: [...t.rows, ...(t.totals ? [t.totals] : [])].reduce(
    (a, r) => a + Object.values(r.values).filter((v) => v === SUPPRESSED).length,
    0,
  ),
});

/** One count per row: headcount, FTE (when given) and % of the total, with a Total row. */
export function countTable(
  id: string,
  title: string,
  rowHeader: string,
  rows: CountRow[],
  threshold: number,
  options: { fte?: boolean; notes?: string[] } = {},
): ProfileTable {
  const s = suppressTable(
    rows.map((r) => [r.count]),
    { threshold },
  );
  const total = rows.reduce((a, r) => a + r.count, 0);
  const totalFte = rows.reduce((a, r) => a + (r.fte ?? 0), 0);
  const columns: ProfileColumn[] = [{ key: 'headcount', label: 'Headcount', format: 'count' }];
  if (options.fte) columns.push({ key: 'fte', label: 'FTE', format: 'fte' });
  columns.push({ key: 'percent', label: '% of headcount', format: 'percent' });
  const line = (key: string, label: string, count: Shown<number>, fte: number, group?: string): ProfileRow => {
    const values: ProfileRow['values'] = { headcount: count };
    if (options.fte) values.fte = count === SUPPRESSED ? SUPPRESSED : oneDecimal(fte);
    values.percent = count === SUPPRESSED ? SUPPRESSED : percent(count, total);
    return { key, label, ...(group ? { group } : {}), values };
  };
  return finish({
    id,
    title,
    rowHeader,
    columns,
    notes: options.notes,
    rows: rows.map((r, i) => line(r.key, r.label, s.cells[i]![0]!, r.fte ?? 0, r.group)),
    totals: line('total', 'Total', s.grandTotal, totalFte),
  });
}

export interface CrossColumn {
  key: string;
  label: string;
}

/** Rows × columns of counts with row totals and a Total row (e.g. age band × sex). */
export function crossTable(
  id: string,
  title: string,
  rowHeader: string,
  rows: Array<{ key: string; label: string; counts: number[] }>,
  columns: CrossColumn[],
  threshold: number,
  notes?: string[],
): ProfileTable {
  const s = suppressTable(
    rows.map((r) => r.counts),
    { threshold, rowTotals: true, columnTotals: true },
  );
  const cols: ProfileColumn[] = [
    ...columns.map((c) => ({ key: c.key, label: c.label, format: 'count' as const })),
    { key: 'total', label: 'Total', format: 'count', isTotal: true },
  ];
  const values = (cells: Shown<number>[], total: Shown<number>) =>
    Object.fromEntries([...columns.map((c, i) => [c.key, cells[i]!]), ['total', total]]);
  return finish({
    id,
    title,
    rowHeader,
    columns: cols,
    notes,
    rows: rows.map((r, i) => ({ key: r.key, label: r.label, values: values(s.cells[i]!, s.rowTotals[i]!) })),
    totals: { key: 'total', label: 'Total', values: values(s.columnTotals, s.grandTotal) },
  });
}

export interface MeasureColumn {
  key: string;
  label: string;
  format: ProfileColumn['format'];
}

/**
 * Rows with several counts that do not add up across (people in post, leavers, …) plus derived
 * columns computed from the raw counts and shown only when every count they use is shown.
 */
export function measureTable(
  id: string,
  title: string,
  rowHeader: string,
  rows: Array<{ key: string; label: string; counts: Record<string, number>; extra?: Record<string, number> }>,
  countColumns: MeasureColumn[],
  derived: Array<
    MeasureColumn & {
      uses: string[];
      compute(counts: Record<string, number>, extra: Record<string, number>): number | null;
    }
  >,
  threshold: number,
  options: { totals?: boolean; notes?: string[] } = {},
): ProfileTable {
  const withTotals = options.totals ?? true;
  const s = suppressTable(
    rows.map((r) => countColumns.map((c) => r.counts[c.key] ?? 0)),
    { threshold, rowTotals: false, columnTotals: withTotals },
  );
  const sum = (pick: (r: (typeof rows)[number]) => Record<string, number> | undefined) => {
    const out: Record<string, number> = {};
    for (const r of rows) for (const [k, v] of Object.entries(pick(r) ?? {})) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  const line = (
    key: string,
    label: string,
    shown: Shown<number>[],
    counts: Record<string, number>,
    extra: Record<string, number>,
  ): ProfileRow => {
    const values: ProfileRow['values'] = {};
    countColumns.forEach((c, i) => {
      values[c.key] = shown[i]!;
    });
    for (const d of derived) {
      const hidden = d.uses.some((u) => {
        const i = countColumns.findIndex((c) => c.key === u);
        return i >= 0 && shown[i] === SUPPRESSED;
      });
      values[d.key] = hidden ? SUPPRESSED : d.compute(counts, extra);
    }
    return { key, label, values };
  };
  const totalCounts = sum((r) => r.counts);
  return finish({
    id,
    title,
    rowHeader,
    notes: options.notes,
    columns: [...countColumns, ...derived.map(({ key, label, format }) => ({ key, label, format }))],
    rows: rows.map((r, i) => line(r.key, r.label, s.cells[i]!, r.counts, r.extra ?? {})),
    totals: withTotals
      ? line(
          'total',
          'Total',
          countColumns.map((c) =>
            suppressCount(totalCounts[c.key] ?? 0, threshold) === SUPPRESSED
              ? SUPPRESSED
              : s.columnTotals[countColumns.indexOf(c)]!,
          ),
          totalCounts,
          sum((r) => r.extra),
        )
      : null,
  });
}

/** A table of values that are not counts of our people (published figures, population %). */
export function plainTable(
  id: string,
  title: string,
  rowHeader: string,
  columns: ProfileColumn[],
  rows: ProfileRow[],
  notes?: string[],
): ProfileTable {
  return finish({ id, title, rowHeader, columns, rows, totals: null, notes });
}
