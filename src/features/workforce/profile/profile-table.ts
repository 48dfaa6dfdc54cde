/*
 * Builds ProfileTables from tallies of people (src/lib/disclosure.ts). Every count, FTE and total
 * is protected on its own (cell key adjustment and rounding); percentages and rates are computed
 * from the protected figures and hidden ('c') only where the group they describe is small.
 */
import {
  NO_ONE,
  plus,
  protectCount,
  protectDerived,
  protectFte,
  type Protection,
  type Tally,
} from '../../../lib/disclosure.ts';
import { SUPPRESSED } from '../../../lib/suppression.ts';
import { percent } from './measures.ts';
import type { ProfileColumn, ProfileRow, ProfileTable } from './profile-types.ts';

export interface CountRow {
  key: string;
  label: string;
  group?: string;
  count: Tally;
  fte?: number;
}

const total = (tallies: Tally[]) => tallies.reduce(plus, NO_ONE);

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
  protection: Protection,
  options: { fte?: boolean; notes?: string[] } = {},
): ProfileTable {
  const all = total(rows.map((r) => r.count));
  const shownTotal = protectCount(all, protection);
  const totalFte = rows.reduce((a, r) => a + (r.fte ?? 0), 0);
  const columns: ProfileColumn[] = [{ key: 'headcount', label: 'Headcount', format: 'count' }];
  if (options.fte) columns.push({ key: 'fte', label: 'FTE', format: 'fte' });
  columns.push({ key: 'percent', label: '% of headcount', format: 'percent' });
  const line = (key: string, label: string, count: Tally, fte: number, group?: string): ProfileRow => {
    const shown = protectCount(count, protection);
    const values: ProfileRow['values'] = { headcount: shown };
    if (options.fte) values.fte = protectFte(fte, count, protection);
    values.percent = protectDerived(percent(shown, shownTotal), [all], protection);
    return { key, label, ...(group ? { group } : {}), values };
  };
  return finish({
    id,
    title,
    rowHeader,
    columns,
    notes: options.notes,
    rows: rows.map((r) => line(r.key, r.label, r.count, r.fte ?? 0, r.group)),
    totals: line('total', 'Total', all, totalFte),
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
  rows: Array<{ key: string; label: string; counts: Tally[] }>,
  columns: CrossColumn[],
  protection: Protection,
  notes?: string[],
): ProfileTable {
  const cols: ProfileColumn[] = [
    ...columns.map((c) => ({ key: c.key, label: c.label, format: 'count' as const })),
    { key: 'total', label: 'Total', format: 'count', isTotal: true },
  ];
  const values = (cells: Tally[]) =>
    Object.fromEntries([
      ...columns.map((c, i) => [c.key, protectCount(cells[i] ?? NO_ONE, protection)]),
      ['total', protectCount(total(cells), protection)],
    ]);
  const columnTotals = columns.map((_, i) => total(rows.map((r) => r.counts[i] ?? NO_ONE)));
  return finish({
    id,
    title,
    rowHeader,
    columns: cols,
    notes,
    rows: rows.map((r) => ({ key: r.key, label: r.label, values: values(r.counts) })),
    totals: { key: 'total', label: 'Total', values: values(columnTotals) },
  });
}

export interface MeasureColumn {
  key: string;
  label: string;
  format: ProfileColumn['format'];
}

export interface MeasureRow {
  key: string;
  label: string;
  counts: Record<string, Tally>;
  /** Figures the derived columns use that are not counts (already protected: FTE, published figures). */
  extra?: Record<string, number>;
}

/**
 * Rows with several counts that do not add up across (people in post, leavers, …) plus derived
 * columns computed from the protected counts and the extra figures, hidden where a group they use is small.
 */
export function measureTable(
  id: string,
  title: string,
  rowHeader: string,
  rows: MeasureRow[],
  countColumns: MeasureColumn[],
  derived: Array<
    MeasureColumn & {
      uses: string[];
      compute(counts: Record<string, number>, extra: Record<string, number>): number | null;
    }
  >,
  protection: Protection,
  options: { totals?: boolean; notes?: string[]; totalExtra?: Record<string, number> } = {},
): ProfileTable {
  const withTotals = options.totals ?? true;
  const line = (key: string, label: string, counts: Record<string, Tally>, extra: Record<string, number>) => {
    const values: ProfileRow['values'] = {};
    const shown: Record<string, number> = {};
    for (const c of countColumns) {
      const value = protectCount(counts[c.key] ?? NO_ONE, protection);
      shown[c.key] = value;
      values[c.key] = value;
    }
    for (const d of derived) {
      const used = d.uses.map((u) => counts[u] ?? NO_ONE);
      values[d.key] = protectDerived(d.compute(shown, extra), used, protection);
    }
    return { key, label, values };
  };
  const totalCounts: Record<string, Tally> = {};
  for (const r of rows)
    for (const [k, v] of Object.entries(r.counts)) totalCounts[k] = plus(totalCounts[k] ?? NO_ONE, v);
  return finish({
    id,
    title,
    rowHeader,
    notes: options.notes,
    columns: [...countColumns, ...derived.map(({ key, label, format }) => ({ key, label, format }))],
    rows: rows.map((r) => line(r.key, r.label, r.counts, r.extra ?? {})),
    totals: withTotals ? line('total', 'Total', totalCounts, options.totalExtra ?? {}) : null,
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

/** The table with every figure withheld ('c'): for a selection too small to break down. */
export const withheld = (table: ProfileTable): ProfileTable => {
  const hide = (row: ProfileRow): ProfileRow => ({
    ...row,
    values: Object.fromEntries(Object.entries(row.values).map(([k, v]) => [k, typeof v === 'number' ? SUPPRESSED : v])),
  });
  return finish({ ...table, rows: table.rows.map(hide), totals: table.totals ? hide(table.totals) : null });
};
