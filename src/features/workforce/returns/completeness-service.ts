import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { ValidationError } from '../../../lib/errors.ts';
import { nowIso } from '../../../lib/time.ts';
import { type Actor, hasCapability, requireCapability } from '../../../auth/actor.ts';
import { recordAudit } from '../../audit/service.ts';
import { isIsoDate } from '../../../lib/dates.ts';
import { WORKER_COLUMNS } from './record-columns.ts';
import { round } from './returns-repository.ts';
import { WORKER_FIELD_SPECS } from '../standard/field-specs.ts';

/**
 * How complete each field is, as a share of the records it applies to: a reason only for
 * leavers, a description of the role only for "other", a contract type only for non-volunteers.
 */
const APPLIES: Partial<Record<string, string>> = {
  job_role_other: `job_role = 'other'`,
  contract_type: `employment_type <> 'volunteer'`,
  leaving_reason: 'leaving_date is not null',
};
const FIELDS = WORKER_COLUMNS.filter((c) => c !== 'worker_id' && c !== 'leaving_date');

export interface FieldCompleteness {
  field: string;
  label: string;
  percent: number | null;
}
export interface OrganisationCompleteness {
  organisationId: number;
  name: string;
  submitted: boolean;
  overdue: boolean;
  submittedAt: string | null;
  submittedBy: string | null;
  fileName: string | null;
  records: number;
  fte: number;
  overall: number | null;
  fields: FieldCompleteness[];
}

/** Completeness of each organisation's current return, field by field, and the collection deadlines. */
export class CompletenessService {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async #fieldCounts(partnershipId: number, censusDate: string) {
    const selects = FIELDS.map((f) => {
      const applies = APPLIES[f];
      return applies
        ? sql.raw(
            `sum(case when ${applies} then 1 else 0 end) as "${f}__of", sum(case when ${applies} and ${f} is not null then 1 else 0 end) as "${f}"`,
          )
        : sql.raw(`count(*) as "${f}__of", count(${f}) as "${f}"`);
    });
    const result = await sql<Record<string, number | null>>`select organisation_id, ${sql.join(selects)}
      from worker_records
      where return_id in (select id from workforce_returns where partnership_id = ${partnershipId} and census_date = ${censusDate} and status = 'current')
      group by organisation_id`.execute(this.#db);
    return new Map(result.rows.map((r) => [Number(r.organisation_id), r]));
  }

  /** Census dates with a collection or any return, newest first. */
  async censusDates(actor: Actor): Promise<string[]> {
    requireCapability(actor, 'workforce:view-own');
    const rows = await this.#db
      .selectFrom('workforce_collections')
      .select('census_date')
      .where('partnership_id', '=', actor.partnershipId)
      .union(
        this.#db
          .selectFrom('workforce_returns')
          .select('census_date')
          .where('partnership_id', '=', actor.partnershipId)
          .where('status', '!=', 'pending'),
      )
      .execute();
    return [...new Set(rows.map((r) => r.census_date))].sort().reverse();
  }

  async deadline(actor: Actor, censusDate: string): Promise<string | null> {
    const row = await this.#db
      .selectFrom('workforce_collections')
      .select('deadline')
      .where('partnership_id', '=', actor.partnershipId)
      .where('census_date', '=', censusDate)
      .executeTakeFirst();
    return row?.deadline ?? null;
  }

  /** Each organisation the actor may see: submitted or not, when, by whom, records, FTE, completeness, overdue. */
  async forCensusDate(
    actor: Actor,
    censusDate: string,
    today = nowIso().slice(0, 10),
  ): Promise<OrganisationCompleteness[]> {
    requireCapability(actor, 'workforce:view-own');
    let orgQuery = this.#db
      .selectFrom('organisations')
      .select(['id', 'name'])
      .where('partnership_id', '=', actor.partnershipId)
      .orderBy('name');
    if (!hasCapability(actor, 'workforce:submit-any')) orgQuery = orgQuery.where('id', '=', actor.organisationId ?? -1);
    const organisations = await orgQuery.execute();
    const returns = await this.#db
      .selectFrom('workforce_returns')
      .selectAll()
      .where('partnership_id', '=', actor.partnershipId)
      .where('census_date', '=', censusDate)
      .where('status', '=', 'current')
      .execute();
    const byOrg = new Map(returns.map((r) => [r.organisation_id, r]));
    const counts = await this.#fieldCounts(actor.partnershipId, censusDate);
    const deadline = await this.deadline(actor, censusDate);
    return organisations.map((o) => {
      const current = byOrg.get(o.id);
      const row = counts.get(o.id);
      const fields = FIELDS.map((f) => {
        const of = Number(row?.[`${f}__of`] ?? 0);
        return {
          field: f,
          label: WORKER_FIELD_SPECS[f].label,
          percent: of ? Math.round((Number(row?.[f] ?? 0) / of) * 100) : null,
        };
      });
      const known = fields.filter((f) => f.percent !== null);
      return {
        organisationId: o.id,
        name: o.name,
        submitted: Boolean(current),
        overdue: !current && deadline !== null && today > deadline,
        submittedAt: current?.submitted_at ?? null,
        submittedBy: current?.submitted_by_label ?? null,
        fileName: current?.file_name ?? null,
        records: current?.worker_count ?? 0,
        fte: round(current?.fte_total ?? 0),
        overall: known.length ? Math.round(known.reduce((s, f) => s + (f.percent ?? 0), 0) / known.length) : null,
        fields,
      };
    });
  }

  /** Sets (or changes) the deadline for a census date's collection. */
  async setDeadline(actor: Actor, censusDate: string, deadline: string): Promise<void> {
    requireCapability(actor, 'workforce:submit-any');
    const fields: Record<string, string> = {};
    if (!isIsoDate(censusDate)) fields['census-date'] = 'Enter a real census date';
    if (!isIsoDate(deadline)) fields.deadline = 'Enter a real deadline';
    else if (isIsoDate(censusDate) && deadline < censusDate)
      fields.deadline = 'The deadline must be on or after the census date';
    if (Object.keys(fields).length) throw new ValidationError(fields);
    await this.#db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('workforce_collections')
        .selectAll()
        .where('partnership_id', '=', actor.partnershipId)
        .where('census_date', '=', censusDate)
        .executeTakeFirst();
      const at = nowIso();
      if (existing) {
        await trx
          .updateTable('workforce_collections')
          .set({ deadline, updated_at: at })
          .where('id', '=', existing.id)
          .execute();
      } else {
        await trx
          .insertInto('workforce_collections')
          .values({
            partnership_id: actor.partnershipId,
            census_date: censusDate,
            deadline,
            created_at: at,
            updated_at: at,
          })
          .execute();
      }
      await recordAudit(trx, actor, {
        action: existing ? 'update' : 'create',
        entityType: 'workforce_collection',
        entityId: censusDate,
        summary: `Set the deadline for the ${censusDate} workforce collection to ${deadline}`,
        before: existing ? { deadline: existing.deadline } : null,
        after: { census_date: censusDate, deadline },
      });
    });
  }
}

export const createCompletenessService = (db: Kysely<Database>): CompletenessService => new CompletenessService(db);
