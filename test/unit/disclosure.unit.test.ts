import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import * as lp from 'javascript-lp-solver';
import {
  PROTECTED,
  protectCount,
  protectDerived,
  protectFte,
  recordKeyer,
  type Tally,
} from '../../src/lib/disclosure.ts';

/*
 * Property tests of the cell key method with an exact solver: a random small population (three
 * filter dimensions, a breakdown), published as tables at random filter sets; the linear program
 * over every combination of values (integer, non-negative) is solved for the smallest and largest
 * true value of each published count of 1–4. They must never meet.
 */
// The package's types describe its CommonJS build; under ESM its default export is the solver.
const lpSolver = (lp as unknown as { default: { Solve(model: lp.Model): unknown } }).default;

interface Person {
  a: number;
  b: number;
  c: number;
  key: number;
}
type Filter = Partial<Record<'a' | 'b', number>>;

const matches = (p: Person, f: Filter & { c?: number }) =>
  (f.a === undefined || p.a === f.a) && (f.b === undefined || p.b === f.b) && (f.c === undefined || p.c === f.c);
const tallyOf = (people: Person[]): Tally => ({ n: people.length, k: people.reduce((s, p) => s + p.key, 0) });

/** The interval a shown count leaves for the true one (adjustment of ±2, then rounding to 5). */
const interval = (shown: number): [number, number] => (shown === 0 ? [0, 4] : [Math.max(1, shown - 4), shown + 4]);

function published(people: Person[], filters: Filter[], protect = (t: Tally) => protectCount(t)) {
  const figures: Array<{ where: Filter & { c?: number }; shown: number; truth: number }> = [];
  for (const f of filters) {
    for (const c of [undefined, 0, 1, 2, 3]) {
      const where = { ...f, ...(c === undefined ? {} : { c }) };
      const set = people.filter((p) => matches(p, where));
      figures.push({ where, shown: protect(tallyOf(set)), truth: set.length });
    }
  }
  return figures;
}

/** The smallest and largest true value the published figures allow for one of them. */
function bounds(
  figures: ReturnType<typeof published>,
  target: number,
  read: (shown: number) => [number, number] = interval,
): [number, number] {
  const atoms: Array<{ a: number; b: number; c: number }> = [];
  for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) for (let c = 0; c < 4; c++) atoms.push({ a, b, c });
  const constraints: lp.Model['constraints'] = {};
  figures.forEach((f, i) => {
    const [min, max] = read(f.shown);
    constraints[`f${i}`] = { min, max };
  });
  const variables: lp.Model['variables'] = {};
  const ints: Record<string, boolean> = {};
  atoms.forEach((atom, j) => {
    const coefficients: Record<string, number> = {};
    figures.forEach((f, i) => {
      if (matches({ ...atom, key: 0 }, f.where)) coefficients[`f${i}`] = 1;
    });
    coefficients.objective = coefficients[`f${target}`] ?? 0;
    variables[`x${j}`] = coefficients;
    ints[`x${j}`] = true;
  });
  const solve = (opType: 'min' | 'max') =>
    Number(
      (lpSolver.Solve({ optimize: 'objective', opType, constraints, variables, ints }) as { result: number }).result,
    );
  return [solve('min'), solve('max')];
}

const population = fc.array(
  fc.record({
    a: fc.integer({ min: 0, max: 2 }),
    b: fc.integer({ min: 0, max: 2 }),
    c: fc.integer({ min: 0, max: 3 }),
    key: fc.integer({ min: 0, max: 255 }),
  }),
  { minLength: 1, maxLength: 40 },
);
const filterSets = fc.array(
  fc.record({
    a: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
    b: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
  }),
  { minLength: 1, maxLength: 4 },
);

describe('disclosure control (the cell key method)', () => {
  it('the solver pins counts down when they are shown exactly, or hidden one table at a time (control)', () => {
    // Two people with a = 0: one with c = 0, one with c = 1; the c = 0 cell is hidden as 1–4 but its total and its neighbour are shown.
    const people: Person[] = [
      { a: 0, b: 0, c: 0, key: 1 },
      ...Array.from({ length: 6 }, () => ({ a: 0, b: 0, c: 1, key: 2 })),
    ];
    const hidden = published(people, [{ a: 0 }], (t) => t.n);
    const cell = hidden.findIndex((f) => f.where.c === 0);
    const [min, max] = bounds(hidden, cell, (shown) => (shown > 0 && shown < 5 ? [1, 4] : [shown, shown]));
    assert.deepEqual([min, max], [1, 1], 'total 7 − 6 = 1');
  });

  it('gives the same people the same figure, rounded to 5, within 4 of the truth; nobody is 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 100_000 }), (n, k) => {
        const shown = protectCount({ n, k });
        assert.equal(shown, protectCount({ n, k }), 'deterministic');
        assert.equal(shown % 5, 0);
        assert.ok(Math.abs(shown - n) <= 4, `${n} shown as ${shown}`);
        assert.equal(shown === 0 && n > 4, false);
        if (n === 0) assert.equal(shown, 0);
      }),
    );
  });

  it('adjusts FTE to whole numbers, to 5 for small groups, and hides rates about small groups', () => {
    assert.equal(protectFte(0, { n: 0, k: 0 }), 0);
    const big: Tally = { n: 40, k: 1234 };
    const fte = protectFte(33.5, big);
    assert.ok(Number.isInteger(fte) && Math.abs(fte - 33.5) <= 1.5, String(fte));
    assert.equal(protectFte(2.6, { n: 3, k: 77 }) % 5, 0);
    assert.equal(protectDerived(12.5, [{ n: 3, k: 9 }]), 'c');
    assert.equal(protectDerived(12.5, [big]), 12.5);
    assert.equal(protectCount({ n: 3, k: 9 }, { on: false }), 3, 'the test-only switch shows the truth');
    assert.equal(PROTECTED.on, true);
  });

  it('keys a record by organisation and worker under the partnership’s secret', () => {
    const keyA = recordKeyer('secret-a', 1);
    const keyB = recordKeyer('secret-b', 1);
    assert.equal(keyA('W1'), keyA('W1'));
    const ids = Array.from({ length: 200 }, (_, i) => `W${i}`);
    assert.ok(ids.filter((id) => keyA(id) !== keyB(id)).length > 180, 'another secret gives other keys');
    assert.ok(ids.every((id) => keyA(id) >= 0 && keyA(id) < 256));
    assert.ok(new Set(ids.map(keyA)).size > 100, 'keys spread over 0–255');
  });

  it('never lets a published count of 1–4 be worked out, for random small populations and filter sets', () => {
    fc.assert(
      fc.property(population, filterSets, (people, filters) => {
        const figures = published(people, filters);
        figures.forEach((f, i) => {
          if (f.truth < 1 || f.truth > 4) return;
          const [min, max] = bounds(figures, i);
          assert.ok(min <= f.truth && f.truth <= max, `the truth ${f.truth} lies in [${min}, ${max}]`);
          assert.notEqual(min, max, `${JSON.stringify(f.where)} = ${f.truth} pinned down`);
        });
      }),
      { numRuns: 60 },
    );
  });
});
