import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SUPPRESSED, suppressTable, type SuppressedTable } from '../../src/lib/suppression.ts';

const T = 5;

/** The published augmented matrix: cells, row totals (last column), column totals (last row). */
function augmented(counts: number[][], result: SuppressedTable, rowTotals: boolean, columnTotals: boolean) {
  const R = counts.length;
  const C = counts[0]!.length;
  const rowSum = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const colSum = counts[0]!.map((_, c) => counts.reduce((a, row) => a + row[c]!, 0));
  const grand = rowSum.reduce((a, b) => a + b, 0);
  const values: number[][] = [];
  const known: boolean[][] = [];
  for (let r = 0; r <= R; r++) {
    values.push([]);
    known.push([]);
    for (let c = 0; c <= C; c++) {
      if (r < R && c < C) {
        values[r]!.push(counts[r]![c]!);
        known[r]!.push(result.cells[r]![c] !== SUPPRESSED);
        continue;
      }
      const value = r < R ? rowSum[r]! : c < C ? colSum[c]! : grand;
      const shown =
        r < R
          ? rowTotals && C > 1
            ? result.rowTotals[r]
            : SUPPRESSED
          : c < C
            ? columnTotals
              ? result.columnTotals[c]
              : SUPPRESSED
            : columnTotals && rowTotals && C > 1
              ? result.grandTotal
              : SUPPRESSED;
      if (shown !== SUPPRESSED) assert.equal(shown, value, 'a shown total is the true total');
      values[r]!.push(value);
      known[r]!.push(shown !== SUPPRESSED && !(C === 1 && c === C));
    }
  }
  return { R, C, values, known };
}

function rank(rows: number[][]): number {
  const m = rows.map((r) => [...r]);
  let rk = 0;
  const cols = m[0]?.length ?? 0;
  for (let c = 0; c < cols && rk < m.length; c++) {
    let p = rk;
    while (p < m.length && Math.abs(m[p]![c]!) < 1e-9) p++;
    if (p === m.length) continue;
    [m[rk], m[p]] = [m[p]!, m[rk]!];
    for (let i = 0; i < m.length; i++) {
      if (i === rk || Math.abs(m[i]![c]!) < 1e-9) continue;
      const f = m[i]![c]! / m[rk]![c]!;
      for (let j = c; j < cols; j++) m[i]![j]! -= f * m[rk]![j]!;
    }
    rk++;
  }
  return rk;
}

/** The suppressed published entries that the shown cells and totals determine exactly. */
function recoverable(
  R: number,
  C: number,
  known: boolean[][],
  published: (r: number, c: number) => boolean,
): Array<[number, number]> {
  const unknowns: Array<[number, number]> = [];
  for (let r = 0; r <= R; r++) for (let c = 0; c <= C; c++) if (!known[r]![c]) unknowns.push([r, c]);
  const index = new Map(unknowns.map(([r, c], i) => [`${r},${c}`, i]));
  const equations: number[][] = [];
  const line = (cellsOf: Array<[number, number]>, total: [number, number]) => {
    const eq = new Array<number>(unknowns.length).fill(0);
    for (const [r, c] of cellsOf) {
      const i = index.get(`${r},${c}`);
      if (i !== undefined) eq[i] = 1;
    }
    const t = index.get(`${total[0]},${total[1]}`);
    if (t !== undefined) eq[t] = -1;
    equations.push(eq);
  };
  for (let r = 0; r <= R; r++)
    line(
      Array.from({ length: C }, (_, c) => [r, c] as [number, number]),
      [r, C],
    );
  for (let c = 0; c <= C; c++)
    line(
      Array.from({ length: R }, (_, r) => [r, c] as [number, number]),
      [R, c],
    );
  const base = rank(equations);
  return unknowns.filter(([r, c], i) => {
    if (!published(r, c)) return false;
    const unit = new Array<number>(unknowns.length).fill(0);
    unit[i] = 1;
    return rank([...equations, unit]) === base;
  });
}

const tableArb = fc.integer({ min: 1, max: 6 }).chain((cols) =>
  fc.array(
    fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 60 })), {
      minLength: cols,
      maxLength: cols,
    }),
    { minLength: 1, maxLength: 7 },
  ),
);

describe('suppressTable', () => {
  it('suppresses a small count and the next smallest cell in its row and column', () => {
    const result = suppressTable(
      [
        [3, 10, 20],
        [12, 15, 30],
        [40, 50, 60],
      ],
      { threshold: T },
    );
    assert.equal(result.cells[0]![0], SUPPRESSED);
    assert.equal(result.cells[0]![1], SUPPRESSED, 'next smallest in the row');
    assert.equal(result.cells[1]![0], SUPPRESSED, 'next smallest in the column');
    assert.deepEqual(result.rowTotals, [33, 57, 150]);
    assert.equal(result.grandTotal, 240);
    assert.equal(result.cells[2]![2], 60);
  });

  it('shows zeros and suppresses a lone small count in a one-column table with its next smallest', () => {
    const result = suppressTable([[0], [2], [9], [30]], { threshold: T });
    assert.deepEqual(
      result.cells.map((r) => r[0]),
      [0, SUPPRESSED, SUPPRESSED, 30],
    );
    assert.equal(result.grandTotal, 41);
  });

  it('suppresses a small total and everything it is made of', () => {
    const result = suppressTable(
      [
        [1, 2],
        [20, 30],
      ],
      { threshold: T },
    );
    assert.equal(result.rowTotals[0], SUPPRESSED);
    assert.equal(result.cells[0]![0], SUPPRESSED);
    assert.equal(result.cells[0]![1], SUPPRESSED);
  });

  it('does not let two suppressed ones be read off their total', () => {
    // 52 − 50 = 2 hidden between two cells that are each at least 1: both would be 1.
    const result = suppressTable(
      [
        [1, 1, 50],
        [20, 30, 40],
        [25, 35, 45],
      ],
      { threshold: T },
    );
    assert.equal(result.cells[0]![2], SUPPRESSED);
  });

  it('honours another threshold', () => {
    assert.equal(suppressTable([[7], [20]], { threshold: 10 }).cells[0]![0], SUPPRESSED);
    assert.equal(suppressTable([[7], [20]], { threshold: 5 }).cells[0]![0], 7);
  });

  for (const [rowTotals, columnTotals] of [
    [true, true],
    [false, true],
    [true, false],
  ] as const) {
    describe(`with row totals ${rowTotals ? 'shown' : 'hidden'} and column totals ${columnTotals ? 'shown' : 'hidden'}`, () => {
      it('never shows a count from 1 to threshold − 1', () => {
        fc.assert(
          fc.property(tableArb, (counts) => {
            const r = suppressTable(counts, { threshold: T, rowTotals, columnTotals });
            const shown = [...r.cells.flat(), ...r.rowTotals, ...r.columnTotals, r.grandTotal];
            return shown.every((v) => v === SUPPRESSED || v === 0 || v >= T);
          }),
          { numRuns: 400 },
        );
      });

      it('leaves no line with exactly one suppressed entry whose total is shown', () => {
        fc.assert(
          fc.property(tableArb, (counts) => {
            const result = suppressTable(counts, { threshold: T, rowTotals, columnTotals });
            const { R, C, known } = augmented(counts, result, rowTotals, columnTotals);
            // A line whose total is shown must not hold exactly one suppressed entry, nor only suppressed ones (1s).
            const cellValues = counts;
            for (let r = 0; r < R; r++) {
              if (!known[r]![C]) continue;
              const hiddenValues = cellValues[r]!.filter((_, c) => !known[r]![c]);
              if (hiddenValues.length && hiddenValues.every((v) => v === 1)) return false;
            }
            for (let r = 0; r <= R; r++) {
              if (!known[r]![C]) continue;
              if (known[r]!.slice(0, C).filter((k) => !k).length === 1) return false;
            }
            for (let c = 0; c <= C; c++) {
              if (!known[R]![c]) continue;
              if (known.slice(0, R).filter((row) => !row[c]).length === 1) return false;
            }
            return true;
          }),
          { numRuns: 400 },
        );
      });

      it('makes every suppressed value impossible to work out from what is shown', () => {
        fc.assert(
          fc.property(tableArb, (counts) => {
            const result = suppressTable(counts, { threshold: T, rowTotals, columnTotals });
            const { R, C, known } = augmented(counts, result, rowTotals, columnTotals);
            const published = (r: number, c: number) =>
              (r < R && c < C) ||
              (r < R ? rowTotals && C > 1 : c < C ? columnTotals : columnTotals && rowTotals && C > 1);
            assert.deepEqual(recoverable(R, C, known, published), [], JSON.stringify({ counts, cells: result.cells }));
          }),
          { numRuns: 400 },
        );
      });
    });
  }
});
