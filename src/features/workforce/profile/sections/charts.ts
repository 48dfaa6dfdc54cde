/* The charts the sections draw beside their tables, from the (already protected) tables. */
import {
  barChart,
  groupedBarChart,
  lineChart,
  pyramidChart,
  stackedBarChart,
  type Chart,
} from '../../../../lib/charts.ts';
import type { Shown } from '../../../../lib/suppression.ts';
import type { ColumnFormat, ProfileRow, ProfileTable, WorkforceProfile } from '../profile-types.ts';

const firstColumn = (table: ProfileTable, formats: ColumnFormat[]) =>
  table.columns.find((c) => formats.includes(c.format) && !c.isTotal) ??
  table.columns.find((c) => formats.includes(c.format));

const valueOf = (row: ProfileRow, key: string | undefined): Shown<number> => {
  const v = key ? row.values[key] : null;
  return v === null || v === undefined ? 0 : v;
};

/** A horizontal bar chart of a table's first count (or given) column. */
export function bars(
  table: ProfileTable,
  formats: ColumnFormat[] = ['count', 'fte'],
  unit = '',
  key?: string,
): Chart | null {
  const column = table.columns.find((c) => c.key === key) ?? firstColumn(table, formats);
  if (!column || table.rows.length === 0) return null;
  return barChart({
    id: `chart-${table.id}`,
    title: `${table.title} (${column.label.toLowerCase()})`,
    data: table.rows.map((r) => ({ label: r.label, value: valueOf(r, column.key) })),
    unit,
  });
}

/** 100% stacked bars of every non-total column with the given format. */
export function stacked(
  table: ProfileTable,
  format: ColumnFormat,
  percent: boolean,
  exclude: string[] = [],
): Chart | null {
  const columns = table.columns.filter((c) => c.format === format && !c.isTotal && !exclude.includes(c.key));
  if (columns.length < 2 || table.rows.length === 0) return null;
  return stackedBarChart({
    id: `chart-${table.id}`,
    title: table.title,
    percent,
    series: columns.map((c) => c.label),
    rows: table.rows.map((r) => ({ label: r.label, values: columns.map((c) => valueOf(r, c.key)) })),
  });
}

export function pyramid(table: ProfileTable): Chart | null {
  const left = table.columns.find((c) => c.key === 'male');
  const right = table.columns.find((c) => c.key === 'female');
  if (!left || !right || table.rows.length === 0) return stacked(table, 'count', false);
  return pyramidChart({
    id: `chart-${table.id}`,
    title: `${table.title}: population pyramid`,
    leftName: left.label,
    rightName: right.label,
    bands: table.rows
      .filter((r) => r.key !== 'not_known')
      .map((r) => ({ label: r.label, left: valueOf(r, left.key), right: valueOf(r, right.key) })),
  });
}

/** Lines for the percentage measures across census dates (rows are measures, columns dates). */
export function trendLines(profile: WorkforceProfile): Chart | null {
  const { table, censusDates } = profile.trends;
  if (censusDates.length < 2) return null;
  const rows = table.rows.filter((r) => /rate|percent/i.test(r.key)).slice(0, 4);
  if (rows.length === 0) return null;
  const dateColumns = table.columns.filter((c) => c.key !== 'change' && c.format !== 'difference');
  return lineChart({
    id: `chart-${table.id}`,
    title: 'Rates across census dates (%)',
    labels: dateColumns.map((c) => c.label),
    unit: '%',
    series: rows.map((r) => ({ name: r.label, values: dateColumns.map((c) => valueOf(r, c.key)) })),
  });
}

/** Workforce % against population % for each group, as two series of bars. */
export function stackedComparison(table: ProfileTable): Chart | null {
  const workforce = table.columns.find((col) => col.key === 'workforcePercent');
  const population = table.columns.find((col) => col.key === 'populationPercent');
  if (!workforce || !population || table.rows.length === 0) return bars(table, ['percent'], '%');
  return groupedBarChart({
    id: `chart-${table.id}`,
    title: `${table.title}: workforce and population shares`,
    unit: '%',
    series: [workforce.label, population.label],
    rows: table.rows.map((r) => ({ label: r.label, values: [valueOf(r, workforce.key), valueOf(r, population.key)] })),
  });
}
