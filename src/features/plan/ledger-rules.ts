/*
 * The pooled budget's ledger (docs/domain.md §3, docs/adr/0023). Each entry is positive pence of
 * one kind: a contribution brings a partner's money into a stream; an allocation earmarks stream
 * money for a plan action; a commitment is money promised against it (an order, a contract);
 * spend is money paid out. Per stream:
 *   unallocated = contributed − allocated;  balance = contributed − spent;
 *   uncommitted = contributed − committed − spent (commitments are released by recording spend
 *   as its own entry, so a paid commitment is recorded as spend and not as a commitment).
 * A ring-fenced stream may not allocate, commit or spend beyond its contributions: such an
 * entry is refused. An ordinary stream may (a partner may top it up later): the entry is kept,
 * and the stream shows as overspent.
 * Per partner: its contributions, and its share of each stream's balance in proportion to what
 * it put in, shared out by largest remainder so the partners' balances add up exactly to the
 * streams' balances.
 */
import type { LedgerKind } from '../../db/plan-schema.ts';
import { formatTwoPlaces } from '../../lib/numbers.ts';

export const LEDGER_KINDS: Record<LedgerKind, string> = {
  contribution: 'Contribution',
  allocation: 'Allocation to an action',
  commitment: 'Commitment',
  spend: 'Spend',
};

export interface Entry {
  streamId: number;
  kind: LedgerKind;
  amountPence: number;
  organisationId: number | null;
}

export interface StreamTotals {
  contributed: number;
  allocated: number;
  committed: number;
  spent: number;
  unallocated: number;
  uncommitted: number;
  balance: number;
}

export function streamTotals(entries: Entry[]): StreamTotals {
  const sum = (kind: LedgerKind) => entries.filter((e) => e.kind === kind).reduce((a, e) => a + e.amountPence, 0);
  const [contributed, allocated, committed, spent] = [
    sum('contribution'),
    sum('allocation'),
    sum('commitment'),
    sum('spend'),
  ];
  return {
    contributed,
    allocated,
    committed,
    spent,
    unallocated: contributed - allocated,
    uncommitted: contributed - committed - spent,
    balance: contributed - spent,
  };
}

/** Why a new entry may not be made on a ring-fenced stream, or null when it may. */
export function ringFenceRefusal(totals: StreamTotals, kind: LedgerKind, amountPence: number): string | null {
  if (kind === 'contribution') return null;
  const after =
    { allocation: totals.allocated, commitment: totals.committed + totals.spent, spend: totals.spent }[kind] +
    amountPence;
  if (after <= totals.contributed) return null;
  const what = { allocation: 'allocations', commitment: 'commitments and spend', spend: 'spend' }[kind];
  return `Refused: this would take the stream’s ${what} to ${pounds(after)}, beyond the ${pounds(totals.contributed)} contributed. The stream is ring-fenced, so it cannot be overspent; record a contribution first`;
}

export const pounds = (pence: number): string => `${pence < 0 ? '−' : ''}£${formatTwoPlaces(Math.abs(pence) / 100)}`;

/** Each partner's contributions and share of the balance, adding up exactly to the streams' totals. */
export function partnerBalances(entries: Entry[]): Map<number | null, { contributed: number; balance: number }> {
  const result = new Map<number | null, { contributed: number; balance: number }>();
  const streams = new Set(entries.map((e) => e.streamId));
  for (const streamId of streams) {
    const own = entries.filter((e) => e.streamId === streamId);
    const totals = streamTotals(own);
    const byPartner = new Map<number | null, number>();
    for (const e of own.filter((x) => x.kind === 'contribution'))
      byPartner.set(e.organisationId, (byPartner.get(e.organisationId) ?? 0) + e.amountPence);
    const shares = [...byPartner].map(([partner, put]) => {
      const exact = totals.contributed ? (totals.balance * put) / totals.contributed : 0;
      return { partner, put, whole: Math.floor(exact), rest: exact - Math.floor(exact) };
    });
    let left = totals.balance - shares.reduce((a, s) => a + s.whole, 0);
    for (const s of [...shares].sort((a, b) => b.rest - a.rest)) {
      if (left <= 0) break;
      s.whole += 1;
      left -= 1;
    }
    for (const s of shares) {
      const seen = result.get(s.partner) ?? { contributed: 0, balance: 0 };
      result.set(s.partner, { contributed: seen.contributed + s.put, balance: seen.balance + s.whole });
    }
  }
  return result;
}
