/*
 * The one suppression function. Every aggregate that leaves the service layer — page, chart,
 * CSV, XLSX, API, document — passes through here. A count from 1 to threshold−1 is shown as
 * "c" (DfE's symbol for confidential); anything derived from a suppressed count is "c" too.
 */
export const SUPPRESSED = 'c' as const;
export type Suppressed = typeof SUPPRESSED;
export type Shown<T> = T | Suppressed;

export const SUPPRESSION_EXPLANATION =
  'c: fewer than the threshold of people, not shown so that no one can be identified';

/** True when a count of people is too small to show. Zero is shown: it identifies no one. */
export function isSmall(count: number, threshold: number): boolean {
  return count > 0 && count < threshold;
}

/** A count as it may be shown. */
export function suppressCount(count: number, threshold: number): Shown<number> {
  return isSmall(count, threshold) ? SUPPRESSED : count;
}

/** A value derived from a group of `count` people (a rate, a mean): shown only when the count is. */
export function suppressDerived<T>(value: T, count: number, threshold: number): Shown<T> {
  return isSmall(count, threshold) ? SUPPRESSED : value;
}

export const isSuppressed = (value: unknown): value is Suppressed => value === SUPPRESSED;

/*
 * Table suppression (primary + complementary). A table of counts is read as an augmented matrix:
 * the cells, a row-total column, a column-total row and the grand total in the corner. Every row
 * and column of that matrix is a linear constraint (the cells add up to the total). A hidden
 * entry can be worked out exactly when it is a bridge of the bipartite graph whose vertices are
 * the lines and whose edges are the hidden entries (unpublished totals count as hidden): so we
 * add complementary suppressions until no suppressed entry is a bridge. The first complement
 * chosen is the smallest non-zero cell (zeros and totals only as a last resort), which gives the
 * familiar "suppress the next smallest cell in the row/column" behaviour.
 */
export interface TableSuppressionOptions {
  threshold: number;
  /** Row totals are published (default true when there is more than one column). */
  rowTotals?: boolean;
  /** Column totals (the "Total" row) are published (default true). */
  columnTotals?: boolean;
}

export interface SuppressedTable {
  cells: Shown<number>[][];
  rowTotals: Shown<number>[];
  columnTotals: Shown<number>[];
  grandTotal: Shown<number>;
  /** True where a cell is shown as 'c' (same shape as cells). */
  suppressed: boolean[][];
  suppressedCount: number;
}

interface Entry {
  r: number;
  c: number;
  value: number;
  published: boolean;
  isTotal: boolean;
}

/** Rows and columns reachable from a start vertex through hidden entries, not using entry (r0,c0). */
function reach(
  R: number,
  C: number,
  hidden: boolean[][],
  start: ['r' | 'c', number],
  r0: number,
  c0: number,
): { rows: Set<number>; cols: Set<number> } {
  const rows = new Set<number>();
  const cols = new Set<number>();
  (start[0] === 'r' ? rows : cols).add(start[1]);
  const queue: Array<['r' | 'c', number]> = [start];
  while (queue.length) {
    const [kind, i] = queue.pop()!;
    if (kind === 'r') {
      for (let c = 0; c <= C; c++) {
        if (!hidden[i]![c] || (i === r0 && c === c0) || cols.has(c)) continue;
        cols.add(c);
        queue.push(['c', c]);
      }
    } else {
      for (let r = 0; r <= R; r++) {
        if (!hidden[r]![i] || (r === r0 && i === c0) || rows.has(r)) continue;
        rows.add(r);
        queue.push(['r', r]);
      }
    }
  }
  return { rows, cols };
}

/** Primary and complementary suppression of a table of counts (rows × columns). */
export function suppressTable(counts: number[][], options: TableSuppressionOptions): SuppressedTable {
  const { threshold } = options;
  const R = counts.length;
  const C = R ? counts[0]!.length : 0;
  const rowTotalsPublished = options.rowTotals ?? C > 1;
  const columnTotalsPublished = options.columnTotals ?? true;
  const rowSum = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const colSum = Array.from({ length: C }, (_, c) => counts.reduce((a, row) => a + row[c]!, 0));
  const grand = rowSum.reduce((a, b) => a + b, 0);
  const grandPublished = columnTotalsPublished && (rowTotalsPublished || C === 1);

  // Augmented matrix: rows 0..R (R = the total row), columns 0..C (C = the total column).
  const entries: Entry[][] = [];
  for (let r = 0; r <= R; r++) {
    const line: Entry[] = [];
    for (let c = 0; c <= C; c++) {
      const isTotal = r === R || c === C;
      const value = r < R && c < C ? counts[r]![c]! : r < R ? rowSum[r]! : c < C ? colSum[c]! : grand;
      const published = !isTotal
        ? true
        : r === R && c === C
          ? grandPublished
          : r === R
            ? columnTotalsPublished
            : rowTotalsPublished;
      line.push({ r, c, value, published, isTotal });
    }
    entries.push(line);
  }
  const hidden = entries.map((line) => line.map((e) => !e.published || isSmall(e.value, threshold)));
  // With one column, the row totals repeat the cells, and the column total is the grand total.
  if (C === 1) for (let r = 0; r <= R; r++) hidden[r]![C] = true;

  const cost = (e: Entry): number => (e.isTotal ? 2e12 : 0) + (e.value === 0 ? 1e12 : 0) + e.value;
  for (let guard = 0; guard < (R + 1) * (C + 1); guard++) {
    let added = false;
    for (let r = 0; r <= R && !added; r++) {
      for (let c = 0; c <= C && !added; c++) {
        const e = entries[r]![c]!;
        if (!hidden[r]![c] || !e.published || (C === 1 && c === C)) continue;
        const a = reach(R, C, hidden, ['r', r], r, c);
        if (a.cols.has(c)) continue; // on a cycle: cannot be worked out
        const b = reach(R, C, hidden, ['c', c], r, c);
        // Prefer an entry joining the two sides of the bridge; else one in the same row or column.
        const candidates: Entry[] = [];
        const near: Entry[] = [];
        for (const line of entries) {
          for (const x of line) {
            if (hidden[x.r]![x.c] || !x.published) continue;
            const joins = (a.rows.has(x.r) && b.cols.has(x.c)) || (b.rows.has(x.r) && a.cols.has(x.c));
            if (joins) candidates.push(x);
            else if (x.r === r || x.c === c) near.push(x);
          }
        }
        const pool = candidates.length ? candidates : near;
        if (!pool.length) continue;
        pool.sort((a, b) => cost(a) - cost(b));
        const pick = pool[0]!;
        hidden[pick.r]![pick.c] = true;
        added = true;
      }
    }
    if (!added) added = hideAllOnesLine(entries, hidden, R, C, cost);
    if (!added) break;
  }

  const show = (r: number, c: number): Shown<number> => (hidden[r]![c] ? SUPPRESSED : entries[r]![c]!.value);
  const cells = counts.map((row, r) => row.map((_, c) => show(r, c)));
  const suppressed = counts.map((row, r) => row.map((_, c) => hidden[r]![c]!));
  return {
    cells,
    suppressed,
    rowTotals: counts.map((_, r) => (C === 1 ? cells[r]![0]! : show(r, C))),
    columnTotals: colSum.map((_, c) => show(R, c)),
    grandTotal: C === 1 ? show(R, 0) : show(R, C),
    suppressedCount: suppressed.flat().filter(Boolean).length,
  };
}

/*
 * Zeros are shown, so a reader may take every hidden cell to be at least 1. If the hidden cells of a
 * line with a shown total add up to their number, each of them must be 1: hide one more cell there.
 */
function hideAllOnesLine(
  entries: Entry[][],
  hidden: boolean[][],
  R: number,
  C: number,
  cost: (e: Entry) => number,
): boolean {
  const lines: Entry[][] = [];
  for (let r = 0; r <= R; r++) lines.push(entries[r]!);
  for (let c = 0; c <= C; c++) lines.push(entries.map((line) => line[c]!));
  for (const line of lines) {
    const total = line[line.length - 1]!;
    if (!total.published || hidden[total.r]![total.c]) continue;
    const cells = line.slice(0, -1);
    const hiddenCells = cells.filter((e) => hidden[e.r]![e.c]);
    if (hiddenCells.length === 0 || !hiddenCells.every((e) => e.value === 1)) continue;
    const pool = [...cells.filter((e) => !hidden[e.r]![e.c] && e.value > 0 && e.published), total].sort(
      (a, b) => cost(a) - cost(b),
    );
    const pick = pool[0]!;
    hidden[pick.r]![pick.c] = true;
    return true;
  }
  return false;
}
