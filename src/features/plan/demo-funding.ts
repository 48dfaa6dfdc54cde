/*
 * Demoshire's three funding streams (after the toolkit's and Herefordshire's grants by source and
 * partners' shares of a pool, 000 and 002): a pooled workforce development budget from three
 * partners, a ring-fenced grant and a partner's own training budget, with their ledger.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { LedgerKind } from '../../db/plan-schema.ts';
import { addDays, todayInLondon } from '../../lib/dates.ts';
import { itemAt } from '../../lib/lists.ts';
import { nowIso } from '../../lib/time.ts';

const STREAMS = (council: number | null, health: number | null) => [
  {
    name: 'Pooled workforce development budget',
    source: 'Partners’ workforce development budgets',
    org: null,
    perYear: 12_000_000,
    ring: 0,
    conditions: 'Agreed each year by the Children’s Trust board',
  },
  {
    name: 'Children’s workforce development grant',
    source: 'Department for Education grant',
    org: council,
    perYear: 4_500_000,
    ring: 1,
    conditions: 'Multi-agency training and induction only; unspent money is returned',
  },
  {
    name: 'Health visiting training budget',
    source: 'NHS trust training budget',
    org: health,
    perYear: 2_000_000,
    ring: 0,
    conditions: 'Health staff first; places offered to partners',
  },
];

export async function loadFundingDemo(db: Kysely<Database>, partnershipId: number): Promise<void> {
  const at = nowIso();
  const today = todayInLondon();
  const orgs = await db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('partnership_id', '=', partnershipId)
    .orderBy('id')
    .execute();
  const actions = await db
    .selectFrom('plan_actions')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .orderBy('id')
    .limit(6)
    .execute();
  const [council, health, police] = orgs;
  const streams = STREAMS(council?.id ?? null, health?.id ?? null);
  const ids: number[] = [];
  for (const s of streams) {
    const row = await db
      .insertInto('plan_funding_streams')
      .values({
        partnership_id: partnershipId,
        name: s.name,
        source: s.source,
        organisation_id: s.org,
        amount_per_year_pence: s.perYear,
        conditions: s.conditions,
        ring_fenced: s.ring,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  const entry = (
    stream: number,
    kind: LedgerKind,
    pence: number,
    days: number,
    org: number | null,
    action: number | null,
    note: string,
  ) => ({
    partnership_id: partnershipId,
    stream_id: itemAt(ids, stream, 'demo funding stream'),
    kind,
    amount_pence: pence,
    organisation_id: org,
    action_id: action,
    on_date: addDays(today, days),
    note,
    recorded_by: 'Demo loader',
    created_at: at,
  });
  const a = (i: number) => actions[i]?.id ?? null;
  await db
    .insertInto('plan_ledger')
    .values([
      entry(0, 'contribution', 6_000_000, -200, council?.id ?? null, null, 'Council share of the pool'),
      entry(0, 'contribution', 4_000_000, -200, health?.id ?? null, null, 'NHS trust share of the pool'),
      entry(0, 'contribution', 2_000_000, -190, police?.id ?? null, null, 'Police share of the pool'),
      entry(0, 'allocation', 3_500_000, -180, null, a(0), 'Multi-agency training programme'),
      entry(0, 'allocation', 2_500_000, -180, null, a(1), 'Workforce data collection'),
      entry(0, 'commitment', 1_200_000, -120, null, a(0), 'Training provider contract'),
      entry(0, 'spend', 1_800_000, -60, null, a(0), 'First two cohorts'),
      entry(1, 'contribution', 4_500_000, -210, council?.id ?? null, null, 'Grant received'),
      entry(1, 'allocation', 3_000_000, -150, null, a(2), 'Common induction programme'),
      entry(1, 'spend', 1_250_000, -40, null, a(2), 'Induction materials and trainers'),
      entry(2, 'contribution', 2_000_000, -220, health?.id ?? null, null, 'Training budget for the year'),
      entry(2, 'allocation', 800_000, -100, null, a(3), 'Safeguarding refreshers'),
      entry(2, 'spend', 450_000, -30, null, a(3), 'Refresher sessions'),
    ])
    .execute();
}
