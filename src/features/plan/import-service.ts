import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { type Actor, requireCapability } from '../../auth/actor.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { parseJsonAs } from '../../lib/records.ts';
import { csvRows, HistoricImportError, xlsxRows } from '../assessment/historic-import.ts';
import { recordAudit } from '../audit/service.ts';
import { importedActionSchema, parsePlanTable } from './plan-import.ts';
import * as repo from './repository.ts';

/** Problems with an uploaded plan, one per row and column, shown as the GOV.UK error summary. */
export class PlanImportError extends ValidationError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(Object.fromEntries(problems.slice(0, 100).map((p, i) => [`problem-${i + 1}`, p])));
    this.problems = problems;
  }
}

export interface ImportOptions {
  priorityId: string;
  organisation: string;
}

/** Importing an action plan: checked, reviewed, then committed all or nothing. */
export class PlanImportService {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async #context(actor: Actor, options: ImportOptions) {
    const [priorities, leads, organisations] = await Promise.all([
      repo.listPriorities(this.#db, actor.partnershipId),
      repo.listLeadChoices(this.#db, actor.partnershipId),
      this.#db.selectFrom('organisations').select('name').where('partnership_id', '=', actor.partnershipId).execute(),
    ]);
    const priority = priorities.find((p) => String(p.id) === options.priorityId);
    const organisation = organisations.find((o) => o.name === options.organisation)?.name ?? null;
    const fields: Record<string, string> = {};
    if (!priority) fields.priorityId = 'Select the priority for actions whose row names none';
    if (options.organisation && !organisation) fields.organisation = 'Select an organisation from the list, or none';
    if (Object.keys(fields).length) throw new ValidationError(fields);
    return {
      users: leads.map((u) => ({ id: u.id, name: u.display_name, organisation: u.organisation_name })),
      organisations: organisations.map((o) => o.name),
      priorities: priorities.map((p) => ({ id: p.id, rank: Number(p.rank), title: p.title })),
      defaultPriorityId: priority?.id ?? null,
      defaultOrganisation: organisation,
    };
  }

  async #find(actor: Actor, id: number) {
    const row = await this.#db
      .selectFrom('plan_imports')
      .selectAll()
      .where('partnership_id', '=', actor.partnershipId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('Import');
    return { ...row, actions: parseJsonAs(z.array(importedActionSchema), row.actions_json) };
  }

  /** Reads and checks the file; stages it for review only when every row is right. */
  async check(actor: Actor, file: { path: string; fileName: string }, options: ImportOptions) {
    requireCapability(actor, 'plan:edit');
    const ctx = await this.#context(actor, options);
    const buffer = await readFile(file.path);
    let rows: string[][];
    try {
      rows =
        /\.xlsx$/i.test(file.fileName) || buffer.subarray(0, 2).toString() === 'PK'
          ? await xlsxRows(buffer)
          : csvRows(buffer.toString('utf8'));
    } catch (err) {
      if (err instanceof HistoricImportError) throw new PlanImportError(err.problems);
      throw err;
    }
    const { actions, problems } = parsePlanTable(rows, ctx);
    if (problems.length) throw new PlanImportError(problems);
    const staged = await this.#db
      .insertInto('plan_imports')
      .values({
        partnership_id: actor.partnershipId,
        file_name: file.fileName.slice(0, 200),
        actions_json: JSON.stringify(actions),
        created_by: actor.userId,
        created_at: nowIso(),
        committed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return staged.id;
  }

  async review(actor: Actor, id: number) {
    requireCapability(actor, 'plan:edit');
    const staged = await this.#find(actor, id);
    const priorities = await repo.listPriorities(this.#db, actor.partnershipId);
    return { ...staged, priorityTitles: Object.fromEntries(priorities.map((p) => [p.id, `${p.rank}. ${p.title}`])) };
  }

  /** Adds every staged action in one transaction, or none. */
  async commit(actor: Actor, id: number): Promise<number> {
    requireCapability(actor, 'plan:edit');
    const staged = await this.#find(actor, id);
    if (staged.committed_at) throw new ConflictError('This plan has already been imported');
    return this.#db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('plan_imports')
        .set({ committed_at: nowIso() })
        .where('id', '=', id)
        .where('committed_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw new ConflictError('This plan has already been imported');
      const at = nowIso();
      for (const a of staged.actions)
        await repo.insertAction(trx, {
          partnership_id: actor.partnershipId,
          priority_id: a.priorityId,
          objective_id: null,
          title: a.title,
          themes: JSON.stringify(a.themes),
          stages: '[]',
          outcomes: a.outcomes,
          success_criteria: a.successCriteria,
          lead_user_id: a.leadUserId,
          lead_name: a.leadName,
          lead_organisation: a.leadOrganisation,
          start_date: a.startDate,
          due_date: a.dueDate,
          cost_pence: a.costPence,
          funding_stream: a.fundingStream,
          created_at: at,
          updated_at: at,
        });
      await recordAudit(trx, actor, {
        action: 'import',
        entityType: 'plan_import',
        entityId: id,
        summary: `Imported ${staged.actions.length} actions from ${staged.file_name}`,
        after: { fileName: staged.file_name, actions: staged.actions.map((a) => a.title) },
      });
      return staged.actions.length;
    });
  }
}

export const createImportService = (db: Kysely<Database>): PlanImportService => new PlanImportService(db);

export type ImportService = ReturnType<typeof createImportService>;
