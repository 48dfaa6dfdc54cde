/*
 * The disclosure attacker (issue 17): what a steering group member could work out from the profile
 * API. It harvests the API's JSON over the filter space (unfiltered, every single filter, every
 * pair of filters, each census date), names every count it sees by the set of people it counts
 * ("people in post, service = early years, organisation = 2, ethnicity = Chinese"), so that the
 * same people seen through different tables and filters are one unknown, and solves:
 * - each shown figure bounds its unknown (exact, 'c' = anything, or the rounding and adjustment's range);
 * - every set splits into its parts along each dimension (the parts add up to the whole);
 * - ethnic groups are sums of ethnicities, organisation types sums of organisations;
 * - integer, non-negative bounds, propagated through the equations until nothing tightens.
 * A count is recovered when its lower and upper bounds meet.
 */
import type { ProfileFilters } from '../../src/features/workforce/profile/profile-types.ts';
import { suppressTable } from '../../src/lib/suppression.ts';

type Cell = number | 'c' | null;
interface Row {
  key: string;
  group?: string;
  values: Record<string, Cell>;
}
interface Table {
  id: string;
  rows: Row[];
  totals: Row | null;
}
export interface ProfileBody {
  censusDate: string | null;
  measures: Record<string, Cell>;
  tables: Record<string, Table>;
  trends: Table;
  disclosure?: { tooFew: boolean };
}

/** How a shown count bounds the true one. */
export type Reading = 'exact' | 'protected';

const DIMS: Record<string, string> = {
  service: 'svc',
  organisation: 'org',
  'organisation-type': 'otype',
  'job-role': 'role',
  'workforce-group': 'wg',
  'employment-type': 'emp',
  'age-band': 'age',
  sex: 'sex',
  'ethnic-group': 'eg',
  ethnicity: 'eth',
  disability: 'dis',
  qualification: 'qual',
};
const PARTITIONS = ['svc', 'org', 'role', 'wg', 'emp', 'mgr', 'age', 'sex', 'eth', 'dis', 'qual', 'reason'];

export interface Space {
  filters: ProfileFilters[];
  domains: Map<string, string[]>;
  ethnicGroups: Map<string, string[]>;
}

/** Every filter, and every pair of filters on different dimensions, from the unfiltered profile's rows. */
export function filterSpace(body: ProfileBody): Space {
  const keys = (id: string) => body.tables[id]!.rows.map((r) => r.key).filter((k) => k !== 'not_recorded');
  const singles: Array<[keyof ProfileFilters, string | number | boolean][]> = [
    keys('service').map((v) => ['service', v] as [keyof ProfileFilters, string]),
    keys('organisation').map((v) => ['organisationId', Number(v)] as [keyof ProfileFilters, number]),
    keys('organisation-type').map((v) => ['organisationType', v] as [keyof ProfileFilters, string]),
    keys('job-role').map((v) => ['jobRole', v] as [keyof ProfileFilters, string]),
    keys('workforce-group').map((v) => ['workforceGroup', v] as [keyof ProfileFilters, string]),
    keys('employment-type').map((v) => ['employmentType', v] as [keyof ProfileFilters, string]),
    [['managersOnly', true]],
  ];
  const filters: ProfileFilters[] = [{}];
  singles.forEach((dim, i) => {
    for (const [k, v] of dim) filters.push({ [k]: v });
    for (const other of singles.slice(i + 1))
      for (const [k, v] of dim) for (const [k2, v2] of other) filters.push({ [k]: v, [k2]: v2 });
  });
  const domains = new Map<string, string[]>();
  for (const [id, dim] of Object.entries(DIMS))
    domains.set(
      dim,
      body.tables[id]!.rows.map((r) => r.key),
    );
  domains.set('mgr', ['1', '0']);
  domains.set(
    'reason',
    body.tables['leaving-reason']!.rows.map((r) => r.key),
  );
  const ethnicGroups = new Map<string, string[]>();
  for (const r of body.tables.ethnicity!.rows) {
    const g = r.group ?? r.key;
    ethnicGroups.set(g, [...(ethnicGroups.get(g) ?? []), r.key]);
  }
  return { filters, domains, ethnicGroups };
}

/** A set of people: a family (who is counted) and predicates, in a canonical order. */
type Predicates = Record<string, string>;
const nameOf = (family: string, date: string, p: Predicates) =>
  `${family}@${date}|${Object.keys(p)
    .sort()
    .map((k) => `${k}=${p[k]}`)
    .join('&')}`;

/**
 * Every dimension a predicate can be on. An unknown is held as small numbers, one per slot (who is
 * counted, the date, then each dimension's value, 0 where it has none), keyed by those numbers as
 * a short string: the harvest names millions of sets, and sorting and joining readable names for
 * each was most of the attacker's time. Readable names are made only for the bounds.
 */
const SLOTS = ['svc', 'org', 'otype', 'role', 'wg', 'emp', 'mgr', 'age', 'sex', 'eg', 'eth', 'dis', 'qual', 'reason'];
const FAMILY = 0;
const DATE = 1;
const slotOf = new Map(SLOTS.map((dim, i) => [dim, i + 2]));
const ORG = slotOf.get('org')!;
const OTYPE = slotOf.get('otype')!;
const EG = slotOf.get('eg')!;
const ETH = slotOf.get('eth')!;
const PARTITION_SLOTS = new Set(PARTITIONS.map((dim) => slotOf.get(dim)!));

type Codes = Uint16Array;

/** Small numbers for the strings in each slot, from 1 (0 is "no predicate"). */
class Interned {
  private readonly codes = SLOTS.concat('', '').map(() => new Map<string, number>());
  private readonly values: string[][] = SLOTS.concat('', '').map(() => ['']);

  code(slot: number, value: string): number {
    const codes = this.codes[slot]!;
    let code = codes.get(value);
    if (code === undefined) {
      code = this.values[slot]!.push(value) - 1;
      codes.set(value, code);
    }
    return code;
  }

  value(slot: number, code: number): string {
    return this.values[slot]![code]!;
  }
}

const keyOf = (codes: Codes) => String.fromCharCode.apply(null, codes as unknown as number[]);

export class Attack {
  private index = new Map<string, number>();
  private vars: Codes[] = [];
  private interned = new Interned();
  lo: number[] = [];
  hi: number[] = [];
  private equations: number[][] = []; // [whole, ...parts]
  private seenEquation = new Set<string>();

  private readonly space: Space;
  private readonly organisationTypes: Map<string, string>;
  private readonly reading: Reading;

  constructor(space: Space, organisationTypes: Map<string, string>, reading: Reading) {
    this.space = space;
    this.organisationTypes = organisationTypes;
    this.reading = reading;
  }

  private codesOf(family: string, date: string, p: Predicates): Codes {
    const codes = new Uint16Array(SLOTS.length + 2);
    codes[FAMILY] = this.interned.code(FAMILY, family);
    codes[DATE] = this.interned.code(DATE, date);
    for (const dim in p) codes[slotOf.get(dim)!] = this.interned.code(slotOf.get(dim)!, p[dim]!);
    return codes;
  }

  /** The unknown for a set of people, or null when the predicates contradict (nobody). */
  private variable(codes: Codes): number | null {
    if (codes[ORG] && codes[OTYPE]) {
      const org = this.interned.value(ORG, codes[ORG]);
      if (this.organisationTypes.get(org) !== this.interned.value(OTYPE, codes[OTYPE])) return null;
      codes = codes.slice();
      codes[OTYPE] = 0;
    }
    const key = keyOf(codes);
    let id = this.index.get(key);
    if (id === undefined) {
      id = this.vars.length;
      this.index.set(key, id);
      this.vars.push(codes);
      this.lo.push(0);
      this.hi.push(Number.POSITIVE_INFINITY);
    }
    return id;
  }

  /** The unknown for `codes` with one slot changed (0 drops its predicate). */
  private withSlot(codes: Codes, slot: number, code: number): number | null {
    const changed = codes.slice();
    changed[slot] = code;
    return this.variable(changed);
  }

  /** A shown figure about a set of people. */
  see(family: string, date: string, p: Predicates, shown: Cell): void {
    if (shown === null || shown === undefined) return;
    const id = this.variable(this.codesOf(family, date, p));
    if (id === null) return;
    const [lo, hi] =
      shown === 'c'
        ? [0, Infinity] // hidden: 1–4, or any count (even 0) hidden beside one (complementary suppression)
        : this.reading === 'exact'
          ? [shown, shown]
          : shown === 0
            ? [0, 4]
            : [Math.max(1, shown - 4), shown + 4];
    this.lo[id] = Math.max(this.lo[id]!, lo);
    this.hi[id] = Math.min(this.hi[id]!, hi);
  }

  /** Reads one profile response at the filters that asked for it. */
  read(filters: ProfileFilters, body: ProfileBody): void {
    const date = body.censusDate!;
    const f: Predicates = {};
    if (filters.service) f.svc = filters.service;
    if (filters.organisationId !== undefined) f.org = String(filters.organisationId);
    if (filters.organisationType) f.otype = filters.organisationType;
    if (filters.jobRole) f.role = filters.jobRole;
    if (filters.workforceGroup) f.wg = filters.workforceGroup;
    if (filters.employmentType) f.emp = filters.employmentType;
    if (filters.managersOnly) f.mgr = '1';
    const and = (extra: Predicates): Predicates | null => {
      for (const [k, v] of Object.entries(extra)) if (f[k] !== undefined && f[k] !== v) return null;
      return { ...f, ...extra };
    };
    const see = (family: string, extra: Predicates, shown: Cell, at = date) => {
      const p = and(extra);
      if (p) this.see(family, at, p, shown);
    };
    const m = body.measures;
    // Everyone in the workforce; the headcount is employees in post (DfE's, headline.ts), here and in the trends.
    see('now', {}, m.workforceHeadcount ?? null);
    for (const r of body.trends.rows.filter((row) => row.key === 'headcount'))
      for (const [d, v] of Object.entries(r.values)) if (d !== 'change') see('now', { emp: 'employee' }, v, d);
    if (body.disclosure?.tooFew) return;
    see('now', { emp: 'employee' }, m.headcount ?? null);
    see('leaver', {}, m.leaversHeadcount!);
    see('starter', {}, m.startersHeadcount!);
    see('now', { emp: 'agency' }, m.agencyHeadcount!);
    see('appr', {}, m.apprentices!);
    see('now', { mgr: '1' }, m.managers!);
    for (const [id, dim] of Object.entries(DIMS)) {
      const t = body.tables[id]!;
      for (const r of t.rows) see('now', { [dim]: r.key }, r.values.headcount!);
      see('now', {}, t.totals?.values.headcount ?? null);
    }
    const ageSex = body.tables['age-sex']!;
    for (const r of [...ageSex.rows, ageSex.totals!])
      for (const [sex, v] of Object.entries(r.values)) {
        const p: Predicates = {};
        if (r.key !== 'total') p.age = r.key;
        if (sex !== 'total') p.sex = sex;
        see('now', p, v);
      }
    for (const r of body.tables['leaving-reason']!.rows) see('leaver', { reason: r.key }, r.values.headcount!);
    for (const r of body.tables.apprentices!.rows) see('appr', { svc: r.key }, r.values.headcount!);
    const rr = body.tables['recruitment-retention']!;
    for (const r of [...rr.rows, ...(rr.totals ? [rr.totals] : [])]) {
      const svc: Predicates = r.key === 'total' ? {} : { svc: r.key };
      see('now', { ...svc, emp: 'employee' }, r.values.inPost!);
      see('starter', svc, r.values.starters!);
      see('leaver', svc, r.values.leavers!);
      see('now', { ...svc, emp: 'agency' }, r.values.agency!);
    }
  }

  private equation(whole: number, parts: Array<number | null>): void {
    const ids = parts.filter((x): x is number => x !== null);
    const key = `${whole}:${ids.join(',')}`;
    if (this.seenEquation.has(key)) return;
    this.seenEquation.add(key);
    this.equations.push([whole, ...ids]);
  }

  /** Every seen set split along each dimension where one of its parts was seen, and the sums of groups. */
  private link(): void {
    const byParent = new Map<number, Set<number>>();
    const count = this.vars.length;
    for (let id = 0; id < count; id++) {
      const codes = this.vars[id]!;
      for (let slot = 2; slot < codes.length; slot++) {
        if (!codes[slot]) continue;
        const parent = this.withSlot(codes, slot, 0);
        if (parent === null) continue;
        const slots = byParent.get(parent) ?? new Set<number>();
        slots.add(slot === OTYPE ? ORG : slot);
        byParent.set(parent, slots);
      }
    }
    const reason = slotOf.get('reason')!;
    const leaver = this.interned.code(FAMILY, 'leaver');
    for (const [parent, slots] of byParent) {
      const codes = this.vars[parent]!;
      for (const slot of slots) {
        if (!PARTITION_SLOTS.has(slot) || codes[slot]) continue;
        if (slot === reason && codes[FAMILY] !== leaver) continue;
        const values = this.space.domains.get(SLOTS[slot - 2]!) ?? [];
        this.equation(
          parent,
          values.map((v) => this.withSlot(codes, slot, this.interned.code(slot, v))),
        );
      }
    }
    for (let id = 0; id < this.vars.length; id++) {
      const codes = this.vars[id]!;
      if (codes[EG]) {
        const group = this.interned.value(EG, codes[EG]);
        const rest = codes.slice();
        rest[EG] = 0;
        this.equation(
          id,
          (this.space.ethnicGroups.get(group) ?? [group]).map((e) =>
            this.withSlot(rest, ETH, this.interned.code(ETH, e)),
          ),
        );
      }
      if (codes[OTYPE]) {
        const type = this.interned.value(OTYPE, codes[OTYPE]);
        const orgs = [...this.organisationTypes].filter(([, t]) => t === type).map(([o]) => o);
        const rest = codes.slice();
        rest[OTYPE] = 0;
        this.equation(
          id,
          orgs.map((o) => this.withSlot(rest, ORG, this.interned.code(ORG, o))),
        );
      }
    }
  }

  /** Propagates the bounds through every equation until none tightens. */
  solve(): void {
    this.link();
    const touching: number[][] = this.vars.map(() => []);
    this.equations.forEach((e, i) => e.forEach((v) => touching[v]!.push(i)));
    const queue = this.equations.map((_, i) => i);
    const queued = new Uint8Array(this.equations.length).fill(1);
    const { lo, hi } = this;
    const tighten = (v: number, l: number, h: number) => {
      const newLo = Math.ceil(l - 1e-9);
      const newHi = Math.floor(h + 1e-9);
      if (newLo <= lo[v]! && newHi >= hi[v]!) return;
      lo[v] = Math.max(lo[v]!, newLo);
      hi[v] = Math.min(hi[v]!, newHi);
      // The truth satisfies every equation, so crossed bounds mean a figure was read with the wrong range.
      if (lo[v]! > hi[v]!)
        throw new Error(`The shown figures contradict each other at ${this.nameOf(v)}: ${lo[v]} > ${hi[v]}`);
      for (const e of touching[v]!)
        if (!queued[e]) {
          queued[e] = 1;
          queue.push(e);
        }
    };
    while (queue.length) {
      const e = queue.pop()!;
      queued[e] = 0;
      const [whole, ...parts] = this.equations[e]!;
      const sumLo = parts.reduce((a, v) => a + lo[v]!, 0);
      // Unbounded parts are counted apart: Infinity − Infinity is NaN, which would never settle.
      let unbounded = 0;
      let finiteHi = 0;
      for (const v of parts)
        if (hi[v] === Infinity) unbounded += 1;
        else finiteHi += hi[v]!;
      tighten(whole!, sumLo, unbounded ? Infinity : finiteHi);
      for (const v of parts) {
        const othersLo = sumLo - lo[v]!;
        const othersUnbounded = unbounded - (hi[v] === Infinity ? 1 : 0);
        const othersHi = othersUnbounded ? Infinity : finiteHi - (hi[v] === Infinity ? 0 : hi[v]!);
        tighten(v, lo[whole!]! - othersHi, hi[whole!]! - othersLo);
      }
    }
  }

  /** The readable name of an unknown: "now@2025-09-30|eth=asian_chinese&org=2". */
  private nameOf(id: number): string {
    const codes = this.vars[id]!;
    const p: Predicates = {};
    for (let slot = 2; slot < codes.length; slot++)
      if (codes[slot]) p[SLOTS[slot - 2]!] = this.interned.value(slot, codes[slot]);
    return nameOf(this.interned.value(FAMILY, codes[FAMILY]!), this.interned.value(DATE, codes[DATE]!), p);
  }

  /** Each seen set's name and bounds. */
  bounds(): Map<string, [number, number]> {
    return new Map(this.vars.map((_, i) => [this.nameOf(i), [this.lo[i]!, this.hi[i]!]]));
  }
}

/** What the profile showed before issue 17: each table suppressed on its own (primary and complementary). */
export function legacySuppression(body: ProfileBody, threshold = 5): ProfileBody {
  const copy = structuredClone(body);
  const small = (v: Cell) => (typeof v === 'number' && v > 0 && v < threshold ? 'c' : v);
  for (const k of [
    'headcount',
    'workforceHeadcount',
    'leaversHeadcount',
    'startersHeadcount',
    'agencyHeadcount',
    'apprentices',
    'managers',
  ])
    copy.measures[k] = small(copy.measures[k]!);
  for (const r of copy.trends.rows) for (const d of Object.keys(r.values)) r.values[d] = small(r.values[d]!);
  const counts = (t: Table, cols: string[]) => {
    const s = suppressTable(
      t.rows.map((r) => cols.map((c) => Number(r.values[c] ?? 0))),
      { threshold, rowTotals: cols.length > 1 && cols.includes('total') ? true : false, columnTotals: !!t.totals },
    );
    t.rows.forEach((r, i) => cols.forEach((c, j) => (r.values[c] = s.cells[i]![j]!)));
    if (t.totals) cols.forEach((c, j) => (t.totals!.values[c] = cols.length === 1 ? s.grandTotal : s.columnTotals[j]!));
  };
  for (const id of [...Object.keys(DIMS), 'leaving-reason', 'apprentices']) counts(copy.tables[id]!, ['headcount']);
  const ageSex = copy.tables['age-sex']!;
  const sexes = Object.keys(ageSex.rows[0]!.values).filter((k) => k !== 'total');
  const s = suppressTable(
    ageSex.rows.map((r) => sexes.map((c) => Number(r.values[c] ?? 0))),
    { threshold, rowTotals: true, columnTotals: true },
  );
  ageSex.rows.forEach((r, i) => {
    sexes.forEach((c, j) => (r.values[c] = s.cells[i]![j]!));
    r.values.total = s.rowTotals[i]!;
  });
  sexes.forEach((c, j) => (ageSex.totals!.values[c] = s.columnTotals[j]!));
  ageSex.totals!.values.total = s.grandTotal;
  const rr = copy.tables['recruitment-retention']!;
  const rrCols = ['inPost', 'starters', 'leavers', 'agency'];
  const t = suppressTable(
    rr.rows.map((r) => rrCols.map((c) => Number(r.values[c] ?? 0))),
    { threshold, rowTotals: false, columnTotals: true },
  );
  rr.rows.forEach((r, i) => rrCols.forEach((c, j) => (r.values[c] = t.cells[i]![j]!)));
  if (rr.totals) rrCols.forEach((c, j) => (rr.totals!.values[c] = small(t.columnTotals[j]!)));
  return copy;
}

export interface Score {
  /** Counts of 1–4 the attacker met (never shown exactly: hidden as 'c', or adjusted and rounded). */
  hidden: number;
  /** Of those, worked out exactly. */
  recovered: number;
  /** Worked out, but wrongly (a bug in the attacker or the truth). */
  wrong: number;
  examples: string[];
}

/** Scores the attack against the truth (the same sets, read without protection). */
export function score(attack: Attack, truth: Map<string, [number, number]>): Score {
  const result: Score = { hidden: 0, recovered: 0, wrong: 0, examples: [] };
  for (const [name, [lo, hi]] of attack.bounds()) {
    const t = truth.get(name);
    if (!t || t[0] !== t[1] || t[0] < 1 || t[0] > 4) continue;
    result.hidden += 1;
    if (lo !== hi) continue;
    if (lo === t[0]) {
      result.recovered += 1;
      if (result.examples.length < 5) result.examples.push(`${name} = ${lo}`);
    } else result.wrong += 1;
  }
  return result;
}
