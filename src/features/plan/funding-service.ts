import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { LedgerKind } from '../../db/plan-schema.ts';
import { type Actor, hasCapability, requireCapability } from '../../auth/actor.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { isKeyOf } from '../../lib/records.ts';
import { recordAudit } from '../audit/service.ts';
import { updateAndAudit } from './audited-update.ts';
import { type Entry, LEDGER_KINDS, partnerBalances, pounds, ringFenceRefusal, streamTotals } from './ledger-rules.ts';
import { costInPence, type DateParts, dateField, FieldErrors, requiredText } from './plan-input.ts';

export interface StreamInput {
  name: string;
  source: string;
  organisationId: string;
  amountPerYear: string;
  conditions: string;
  ringFenced: string;
}

export interface EntryInput {
  kind: string;
  amount: string;
  organisationId: string;
  actionId: string;
  on: DateParts;
  note: string;
}

const entryOf = (row: {
  stream_id: number;
  kind: LedgerKind;
  amount_pence: number;
  organisation_id: number | null;
}): Entry => ({
  streamId: row.stream_id,
  kind: row.kind,
  amountPence: Number(row.amount_pence),
  organisationId: row.organisation_id,
});

/** Funding streams and the pooled budget's ledger, each use case checked against the actor's capabilities and audited. */
export class FundingService {
  readonly #db: Kysely<Database>;
  readonly #organisations;
  readonly #ledger;

  constructor(db: Kysely<Database>) {
    this.#db = db;
    this.#organisations = (partnershipId: number) =>
      db
        .selectFrom('organisations')
        .select(['id', 'name'])
        .where('partnership_id', '=', partnershipId)
        .orderBy('name')
        .execute();
    this.#ledger = (partnershipId: number, streamId?: number, executor: Kysely<Database> = db) => {
      let query = executor
        .selectFrom('plan_ledger')
        .leftJoin('plan_actions', 'plan_actions.id', 'plan_ledger.action_id')
        .leftJoin('organisations', 'organisations.id', 'plan_ledger.organisation_id')
        .selectAll('plan_ledger')
        .select(['plan_actions.title as action_title', 'organisations.name as organisation_name'])
        .where('plan_ledger.partnership_id', '=', partnershipId);
      if (streamId !== undefined) query = query.where('plan_ledger.stream_id', '=', streamId);
      return query.orderBy('plan_ledger.on_date').orderBy('plan_ledger.id').execute();
    };
  }

  async #findStream(actor: Actor, id: number) {
    const row = await this.#db
      .selectFrom('plan_funding_streams')
      .selectAll()
      .where('partnership_id', '=', actor.partnershipId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('Funding stream');
    return row;
  }

  async #checkStream(actor: Actor, input: StreamInput) {
    const errors = new FieldErrors();
    const orgs = await this.#organisations(actor.partnershipId);
    const organisation = orgs.find((o) => String(o.id) === input.organisationId);
    if (input.organisationId && !organisation) errors.add('organisationId', 'Select a partner from the list, or none');
    const amount = costInPence(errors, 'amountPerYear', input.amountPerYear);
    if (amount === null && !errors.fields.amountPerYear)
      errors.add('amountPerYear', 'Enter the amount a year in pounds, like 25000');
    if (input.ringFenced !== 'yes' && input.ringFenced !== 'no')
      errors.add('ringFenced', 'Select whether the money is ring-fenced');
    const values = {
      name: requiredText(errors, 'name', input.name, 'the stream’s name', 200),
      source: requiredText(errors, 'source', input.source, 'where the money comes from', 200),
      organisation_id: organisation?.id ?? null,
      amount_per_year_pence: amount ?? 0,
      conditions: input.conditions.trim().slice(0, 2000),
      ring_fenced: input.ringFenced === 'yes' ? 1 : 0,
    };
    errors.throwIfAny();
    return values;
  }

  /** Every stream with its totals, each partner's contributions and share of the balance, and the grand totals. */
  async overview(actor: Actor) {
    requireCapability(actor, 'plan:view');
    const [streams, entries, orgs] = await Promise.all([
      this.#db
        .selectFrom('plan_funding_streams')
        .selectAll()
        .where('partnership_id', '=', actor.partnershipId)
        .orderBy('id')
        .execute(),
      this.#ledger(actor.partnershipId),
      this.#organisations(actor.partnershipId),
    ]);
    const all = entries.map(entryOf);
    const partners = partnerBalances(all);
    return {
      streams: streams.map((s) => ({
        ...s,
        partner: orgs.find((o) => o.id === s.organisation_id)?.name ?? 'None',
        totals: streamTotals(all.filter((e) => e.streamId === s.id)),
      })),
      partners: [...partners].map(([id, p]) => ({
        name: orgs.find((o) => o.id === id)?.name ?? 'Not recorded',
        ...p,
      })),
      totals: streamTotals(all),
      canEdit: hasCapability(actor, 'plan:edit'),
    };
  }

  async stream(actor: Actor, id: number) {
    requireCapability(actor, 'plan:view');
    const stream = await this.#findStream(actor, id);
    const [entries, orgs, actions] = await Promise.all([
      this.#ledger(actor.partnershipId, id),
      this.#organisations(actor.partnershipId),
      this.#db
        .selectFrom('plan_actions')
        .select(['id', 'title'])
        .where('partnership_id', '=', actor.partnershipId)
        .orderBy('title')
        .execute(),
    ]);
    return {
      stream: { ...stream, partner: orgs.find((o) => o.id === stream.organisation_id)?.name ?? 'None' },
      entries,
      totals: streamTotals(entries.map(entryOf)),
      organisations: orgs,
      actions,
      canEdit: hasCapability(actor, 'plan:edit'),
    };
  }

  async createStream(actor: Actor, input: StreamInput) {
    requireCapability(actor, 'plan:edit');
    const values = await this.#checkStream(actor, input);
    return this.#db.transaction().execute(async (trx) => {
      const at = nowIso();
      const row = await trx
        .insertInto('plan_funding_streams')
        .values({ partnership_id: actor.partnershipId, ...values, created_at: at, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: 'create',
        entityType: 'plan_funding_stream',
        entityId: row.id,
        summary: `Added funding stream ${values.name}`,
        after: values,
      });
      return { id: row.id, ...values };
    });
  }

  /** Changes a stream's details; its ledger is kept as it is (entries are never changed). */
  async updateStream(actor: Actor, id: number, input: StreamInput) {
    requireCapability(actor, 'plan:edit');
    const before = await this.#findStream(actor, id);
    const values = await this.#checkStream(actor, input);
    return this.#db.transaction().execute(async (trx) => {
      await updateAndAudit(trx, actor, {
        table: 'plan_funding_streams',
        id,
        values,
        entityType: 'plan_funding_stream',
        noun: 'funding stream',
        before,
      });
      return { id, ...values };
    });
  }

  /** One ledger entry; on a ring-fenced stream an overspend is refused, saying why. */
  async addEntry(actor: Actor, streamId: number, input: EntryInput) {
    requireCapability(actor, 'plan:edit');
    const stream = await this.#findStream(actor, streamId);
    const errors = new FieldErrors();
    const kind = isKeyOf(LEDGER_KINDS, input.kind) ? input.kind : null;
    if (!kind) errors.add('kind', 'Select the kind of entry');
    const amount = costInPence(errors, 'amount', input.amount);
    if (amount === null && !errors.fields.amount) errors.add('amount', 'Enter the amount in pounds, like 1500');
    if (amount === 0) errors.add('amount', 'Enter an amount more than £0');
    const onDate = dateField(errors, 'on', input.on, 'date');
    const orgs = await this.#organisations(actor.partnershipId);
    const organisation =
      orgs.find((o) => String(o.id) === input.organisationId) ?? orgs.find((o) => o.id === stream.organisation_id);
    if (kind === 'contribution' && !organisation)
      errors.add('organisationId', 'Select the partner making the contribution');
    const action = input.actionId
      ? await this.#db
          .selectFrom('plan_actions')
          .select(['id', 'title'])
          .where('partnership_id', '=', actor.partnershipId)
          .where('id', '=', Number(input.actionId) || 0)
          .executeTakeFirst()
      : undefined;
    if (input.actionId && !action) errors.add('actionId', 'Select an action from the list');
    if (kind && kind !== 'contribution' && !action) errors.add('actionId', 'Select the plan action the money is for');
    errors.throwIfAny();
    if (!kind) throw new ValidationError({ kind: 'Select the kind of entry' });
    return this.#db.transaction().execute(async (trx) => {
      const totals = streamTotals((await this.#ledger(actor.partnershipId, streamId, trx)).map(entryOf));
      const refusal = stream.ring_fenced ? ringFenceRefusal(totals, kind, amount ?? 0) : null;
      if (refusal) throw new ValidationError({ amount: refusal });
      const values = {
        partnership_id: actor.partnershipId,
        stream_id: streamId,
        kind,
        amount_pence: amount ?? 0,
        organisation_id: kind === 'contribution' ? (organisation?.id ?? null) : null,
        action_id: action?.id ?? null,
        on_date: onDate,
        note: input.note.trim().slice(0, 500),
        recorded_by: actor.label,
        created_at: nowIso(),
      };
      const row = await trx.insertInto('plan_ledger').values(values).returning('id').executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: 'create',
        entityType: 'plan_ledger',
        entityId: row.id,
        summary: `${LEDGER_KINDS[values.kind]} of ${pounds(values.amount_pence)} on ${stream.name}`,
        after: values,
      });
      // An ordinary stream may go overdrawn (a partner may top it up); the page then shows it as overspent.
      return { ...values, overspent: values.kind === 'spend' && totals.balance - values.amount_pence < 0 };
    });
  }
}

export const createFundingService = (db: Kysely<Database>): FundingService => new FundingService(db);
