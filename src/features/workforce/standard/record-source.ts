/** A row's raw values, read in place where it can, and parsed field by field in the order of the standard. */
import { cellText, FieldFailure } from './field-values.ts';
import type { FieldParsers } from './field-values.ts';
import { problem, type CheckContext, type Problem } from './problem.ts';
import { VACANCY_FIELDS, WORKER_FIELDS } from './standard.ts';
import type { FieldSpec } from './field-specs.ts';

export type Raw = Partial<Record<string, unknown>>;

/** For each field of the standard (in order), the column that holds it (-1: none). */
export type FieldColumns = Int32Array;
export const fieldColumns = (kind: 'workers' | 'vacancies', byField: ReadonlyMap<string, number>): FieldColumns =>
  Int32Array.from(kind === 'workers' ? WORKER_FIELDS : VACANCY_FIELDS, (f) => byField.get(f) ?? -1);

/** A CSV line read in place: its value c is text.slice(bounds[2c], bounds[2c + 1]), for c < count (then ''). */
export interface Cells {
  text: string;
  bounds: Int32Array;
  count: number;
}

/** A row's raw values: a record keyed by field name, an array of values by column, or cells of a line, by column. */
export interface Source {
  raw: Raw | null;
  values: readonly unknown[];
  cells: Cells | null;
  columns: FieldColumns;
}
export const NO_COLUMNS = new Int32Array(0);

/** The raw value of field k (as a string for cells). */
function given(source: Source, k: number, name: string): unknown {
  if (source.raw !== null) return source.raw[name];
  const c = source.columns[k];
  if (c < 0) return undefined;
  const cells = source.cells;
  if (cells === null) return source.values[c] ?? '';
  return c < cells.count ? cells.text.slice(cells.bounds[2 * c], cells.bounds[2 * c + 1]) : '';
}

/** There is a raw value for field k, and it is blank. */
export function isBlankGiven(source: Source, k: number, name: string): boolean {
  const { cells, columns } = source;
  if (cells !== null && columns[k] >= 0 && columns[k] < cells.count) {
    // without making the cell's string, where it can
    const start = cells.bounds[2 * columns[k]];
    if (start === cells.bounds[2 * columns[k] + 1]) return true;
    const first = cells.text.charCodeAt(start);
    if (first > 32 && first < 127) return false;
  }
  const value = given(source, k, name);
  return value !== undefined && cellText(value) === '';
}

/**
 * Parses every field in the order of the standard into `out` (null when blank or unreadable), adding a problem
 * for each unreadable or missing required value.
 */
export function parseAll(
  specs: readonly FieldSpec[],
  parsers: readonly FieldParsers[],
  source: Source,
  out: unknown[],
  row: number,
  ctx: CheckContext,
  problems: Problem[],
): void {
  const { cells, columns } = source;
  for (let k = 0; k < specs.length; k++) {
    let parsed: unknown;
    if (cells !== null) {
      const c = columns[k];
      parsed =
        c >= 0 && c < cells.count ? parsers[k].cell(cells.text, cells.bounds[2 * c], cells.bounds[2 * c + 1]) : null;
    } else parsed = parsers[k].value(given(source, k, specs[k].name));
    if (parsed === null) {
      out[k] = null;
      if (specs[k].required === 'required') {
        const name = specs[k].name;
        problems.push(problem(ctx, 'error', 'missing_required', row, name, null, `${name} is required: enter a value`));
      }
    } else if (parsed instanceof FieldFailure) {
      out[k] = null;
      problems.push(
        problem(
          ctx,
          'error',
          parsed.kind,
          row,
          specs[k].name,
          cellText(given(source, k, specs[k].name)),
          parsed.advice,
        ),
      );
    } else out[k] = parsed;
  }
}
