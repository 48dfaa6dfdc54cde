/*
 * Compliance movement (issue 14 points 8 and 9): per agency and for the partnership, the share of
 * people in post who meet their job role's training requirement on the quarter's first day and on
 * its last (today, while the quarter runs), the change, and how many stopped or started meeting it.
 * Each person's status on each day is the compliance matrix's (the rule of compliance-rules.ts,
 * worked out for both days in one pass by compliance-repository.ts `movementCounts`): meeting it
 * is compliant or due. Headcounts
 * are the matrix's (the latest workforce return), and every figure is protected as the matrix's
 * are (disclosure.ts, under the matrix's own group key), so the same people give the same figure
 * on both and the report cannot undo the matrix's protection (docs/adr/0036).
 */
import type { Kysely } from 'kysely';
import { disclosureSecret } from '../../db/disclosure-secrets.ts';
import type { Database } from '../../db/schema.ts';
import { addDays } from '../../lib/dates.ts';
import { DISCLOSURE_NOTE, groupKeyer, protectCount, protectDerived, type Tally } from '../../lib/disclosure.ts';
import { isSuppressed, SUPPRESSED, type Shown } from '../../lib/suppression.ts';
import { latestHeadcounts, listRequirements, movementCounts, type Counted } from './compliance-repository.ts';
import type { ReportRow, ReportSection } from './report-section.ts';

type Db = Kysely<Database>;

interface Tallies {
  headcount: Tally;
  start: Counted;
  end: Counted;
  lapsed: Counted;
  newly: Counted;
}

export interface MovementFigures {
  headcount: number;
  compliantStart: number;
  percentStart: Shown<number> | null;
  compliantEnd: number;
  percentEnd: Shown<number> | null;
  /** Percentage points, end minus start. */
  change: Shown<number> | null;
  lapsed: number;
  newlyCompliant: number;
}

export interface ComplianceMovement {
  start: string;
  end: string;
  /** Agencies in name order; null figures for one without a workforce return. */
  agencies: { name: string; figures: MovementFigures | null }[];
  total: MovementFigures | null;
}

const none = (): Counted => ({ n: 0, ids: 0 });

function protectedFigures(t: Tallies, key: (idSum: number) => number): MovementFigures {
  const count = (x: Counted) => protectCount({ n: x.n, k: key(x.ids) });
  const headcount = protectCount(t.headcount);
  const [compliantStart, compliantEnd] = [count(t.start), count(t.end)];
  // As the matrix: a percentage of the protected headcount, hidden when that group is small.
  const share = (compliant: number) =>
    headcount > 0 ? protectDerived(Math.round((100 * compliant) / headcount), [t.headcount]) : null;
  const [percentStart, percentEnd] = [share(compliantStart), share(compliantEnd)];
  const change =
    isSuppressed(percentStart) || isSuppressed(percentEnd)
      ? SUPPRESSED
      : percentStart === null || percentEnd === null
        ? null
        : percentEnd - percentStart;
  return {
    headcount,
    compliantStart,
    percentStart,
    compliantEnd,
    percentEnd,
    change,
    lapsed: count(t.lapsed),
    newlyCompliant: count(t.newly),
  };
}

/**
 * Compliance on `start` and `end` (YYYY-MM-DD, each at most today) per agency with a workforce
 * return and in total, protected by disclosure.ts. Lapsed: met the requirement on `start` and not
 * on `end`; newly compliant: the reverse; so end = start − lapsed + newly before protection.
 */
export async function complianceMovement(db: Db, partnershipId: number, start: string, end: string) {
  const requirements = await listRequirements(db, partnershipId);
  const [counts, heads, organisations, secret] = await Promise.all([
    movementCounts(db, partnershipId, requirements, start, end),
    latestHeadcounts(db, partnershipId),
    db.selectFrom('organisations').select(['id', 'name']).where('partnership_id', '=', partnershipId).execute(),
    disclosureSecret(db, partnershipId),
  ]);
  const roles = new Set(requirements.map((r) => r.job_role));
  const tallies = new Map<number, Tallies>();
  for (const h of heads) {
    // An organisation with a return counts, as on the matrix, even with nobody in post in these roles.
    let t = tallies.get(h.organisation_id);
    if (!t) {
      t = { headcount: { n: 0, k: 0 }, start: none(), end: none(), lapsed: none(), newly: none() };
      tallies.set(h.organisation_id, t);
    }
    if (!roles.has(h.job_role)) continue;
    t.headcount.n += h.n;
    t.headcount.k += h.key_sum;
  }
  for (const c of counts) {
    const t = tallies.get(c.organisation_id);
    if (!t) continue; // no workforce return: the matrix counts nobody there either
    Object.assign(t, { start: c.start, end: c.end, lapsed: c.lapsed, newly: c.newly });
  }
  const key = groupKeyer(secret, 'training-compliance');
  const sumOf = (pick: (t: Tallies) => Counted) =>
    [...tallies.values()].reduce((s, t) => ({ n: s.n + pick(t).n, ids: s.ids + pick(t).ids }), none());
  const all: Tallies = {
    headcount: [...tallies.values()].reduce((s, t) => ({ n: s.n + t.headcount.n, k: s.k + t.headcount.k }), {
      n: 0,
      k: 0,
    }),
    start: sumOf((t) => t.start),
    end: sumOf((t) => t.end),
    lapsed: sumOf((t) => t.lapsed),
    newly: sumOf((t) => t.newly),
  };
  const movement: ComplianceMovement = {
    start,
    end,
    agencies: organisations
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((o) => {
        const t = tallies.get(o.id);
        return { name: o.name, figures: t ? protectedFigures(t, key) : null };
      }),
    total: tallies.size ? protectedFigures(all, key) : null,
  };
  return movement;
}

const row = (label: string, f: MovementFigures | null): ReportRow => ({
  label,
  values: f
    ? { ...f }
    : {
        headcount: 'No workforce return',
        compliantStart: null,
        percentStart: null,
        compliantEnd: null,
        percentEnd: null,
        change: null,
        lapsed: null,
        newlyCompliant: null,
      },
});

export const complianceSection: ReportSection = {
  slug: 'compliance',
  title: 'Compliance movement',
  intro:
    'People in post who meet their job role’s training requirement (compliant, or due within 90 days) on the quarter’s first day and on its last, against the headcount in each agency’s latest workforce return, as the compliance matrix counts them.',
  async build(ctx) {
    const last = addDays(ctx.quarter.until, -1);
    const ongoing = last > ctx.today;
    const end = ongoing ? ctx.today : last;
    if (ctx.quarter.from > ctx.today)
      return { tables: [], notes: ['The quarter has not started: there is no compliance to compare yet.'] };
    const movement = await complianceMovement(ctx.db, ctx.partnershipId, ctx.quarter.from, end);
    const rows = movement.agencies.map((a) => row(a.name, a.figures));
    const totals = row('All agencies', movement.total);
    return {
      tables: [
        {
          id: 'compliance-movement',
          title: 'Compliance at the start and end of the quarter by agency',
          rowHeader: 'Agency',
          columns: [
            { key: 'headcount', label: 'People in post', format: 'count' },
            { key: 'compliantStart', label: 'Compliant at the start', format: 'count' },
            { key: 'percentStart', label: 'Compliant at the start (%)', format: 'count' },
            { key: 'compliantEnd', label: 'Compliant at the end', format: 'count' },
            { key: 'percentEnd', label: 'Compliant at the end (%)', format: 'count' },
            { key: 'change', label: 'Change (percentage points)', format: 'count' },
            { key: 'lapsed', label: 'Lapsed during the quarter', format: 'count' },
            { key: 'newlyCompliant', label: 'Newly compliant', format: 'count' },
          ],
          rows,
          totals,
          suppressedCells: [...rows, totals].flatMap((r) => Object.values(r.values)).filter(isSuppressed).length,
          notes: [
            `Start: ${movement.start}; end: ${movement.end}${ongoing ? ' (today: the quarter has not ended)' : ''}. Lapsed during the quarter: met the requirement at the start and not at the end; newly compliant: the reverse.`,
            DISCLOSURE_NOTE,
          ],
        },
      ],
    };
  },
};
