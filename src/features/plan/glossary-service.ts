/*
 * The partnership's glossary and acronyms (issue 15 point 9): terms with what they stand for and a
 * plain-English definition, read with plan:view and changed with plan:edit, every change audited.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { PlanGlossaryTerm } from '../../db/plan-schema.ts';
import { type Actor, hasCapability, requireCapability } from '../../auth/actor.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { FieldErrors, requiredText } from './plan-input.ts';

export interface GlossaryInput {
  term: string;
  expansion: string;
  definition: string;
}

export interface GlossaryTermView {
  id: number;
  term: string;
  expansion: string;
  definition: string;
}

const termView = (row: PlanGlossaryTerm): GlossaryTermView => ({
  id: row.id,
  term: row.term,
  expansion: row.expansion,
  definition: row.definition,
});

/** The key that makes a term unique in its partnership: "caf" and "CAF" are the same term. */
export const termKey = (term: string) => term.trim().replace(/\s+/g, ' ').toLowerCase();

export function checkGlossaryTerm(input: GlossaryInput) {
  const errors = new FieldErrors();
  const term = requiredText(errors, 'term', input.term, 'the term or acronym', 100);
  const expansion = (input.expansion ?? '').trim().replace(/\s+/g, ' ');
  if (expansion.length > 300) errors.add('expansion', 'What it stands for must be 300 characters or fewer');
  const definition = requiredText(errors, 'definition', input.definition, 'what it means in plain English', 2000);
  errors.throwIfAny();
  return { term, term_key: termKey(term), expansion, definition };
}

/** A–Z by term; a filter keeps the terms whose term, expansion or definition contains its words. */
export function filterTerms(terms: GlossaryTermView[], filter: string): GlossaryTermView[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  return terms.filter((t) => {
    const text = `${t.term} ${t.expansion} ${t.definition}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** The glossary's use cases, each checked against the actor's capabilities. */
export class GlossaryService {
  readonly #db: Kysely<Database>;
  readonly #rows;

  constructor(db: Kysely<Database>) {
    this.#db = db;
    this.#rows = (partnershipId: number) =>
      db
        .selectFrom('plan_glossary')
        .selectAll()
        .where('partnership_id', '=', partnershipId)
        .orderBy('term_key')
        .execute();
  }

  async #find(actor: Actor, id: number): Promise<GlossaryTermView> {
    const row = await this.#db
      .selectFrom('plan_glossary')
      .selectAll()
      .where('partnership_id', '=', actor.partnershipId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('Glossary term');
    return termView(row);
  }

  /**
   * Two identical terms added at once both pass refuseDuplicate; the unique index stops the second.
   * After its transaction has rolled back, look again and give the same friendly error.
   */
  async #explainClash<T>(actor: Actor, key: string, exceptId: number | undefined, write: () => Promise<T>) {
    try {
      return await write();
    } catch (err) {
      await this.#refuseDuplicate(this.#db, actor, key, exceptId);
      throw err;
    }
  }

  async #refuseDuplicate(trx: Kysely<Database>, actor: Actor, key: string, exceptId?: number) {
    let query = trx
      .selectFrom('plan_glossary')
      .select('term')
      .where('partnership_id', '=', actor.partnershipId)
      .where('term_key', '=', key);
    if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
    const clash = await query.executeTakeFirst();
    if (clash)
      throw new ValidationError({
        term: `${clash.term} is already in the glossary: change that entry, or enter a different term`,
      });
  }

  async list(actor: Actor, filter = '') {
    requireCapability(actor, 'plan:view');
    const all = (await this.#rows(actor.partnershipId)).map(termView);
    return { terms: filterTerms(all, filter), total: all.length, canEdit: hasCapability(actor, 'plan:edit') };
  }

  async get(actor: Actor, id: number) {
    requireCapability(actor, 'plan:view');
    return this.#find(actor, id);
  }

  async create(actor: Actor, input: GlossaryInput): Promise<GlossaryTermView> {
    requireCapability(actor, 'plan:edit');
    const values = checkGlossaryTerm(input);
    return this.#explainClash(actor, values.term_key, undefined, () =>
      this.#db.transaction().execute(async (trx) => {
        await this.#refuseDuplicate(trx, actor, values.term_key);
        const at = nowIso();
        const row = await trx
          .insertInto('plan_glossary')
          .values({ partnership_id: actor.partnershipId, ...values, created_at: at, updated_at: at })
          .returningAll()
          .executeTakeFirstOrThrow();
        const created = termView(row);
        await recordAudit(trx, actor, {
          action: 'create',
          entityType: 'plan_glossary',
          entityId: row.id,
          summary: `Added ${created.term} to the glossary`,
          after: created,
        });
        return created;
      }),
    );
  }

  async update(actor: Actor, id: number, input: GlossaryInput): Promise<GlossaryTermView> {
    requireCapability(actor, 'plan:edit');
    const previous = await this.#find(actor, id);
    const values = checkGlossaryTerm(input);
    return this.#explainClash(actor, values.term_key, id, () =>
      this.#db.transaction().execute(async (trx) => {
        await this.#refuseDuplicate(trx, actor, values.term_key, id);
        await trx
          .updateTable('plan_glossary')
          .set({ ...values, updated_at: nowIso() })
          .where('partnership_id', '=', actor.partnershipId)
          .where('id', '=', id)
          .execute();
        const saved = { id, term: values.term, expansion: values.expansion, definition: values.definition };
        await recordAudit(trx, actor, {
          action: 'update',
          entityType: 'plan_glossary',
          entityId: id,
          summary: `Changed ${saved.term} in the glossary`,
          before: previous,
          after: saved,
        });
        return saved;
      }),
    );
  }

  async remove(actor: Actor, id: number): Promise<GlossaryTermView> {
    requireCapability(actor, 'plan:edit');
    const previous = await this.#find(actor, id);
    return this.#db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('plan_glossary')
        .where('partnership_id', '=', actor.partnershipId)
        .where('id', '=', id)
        .execute();
      await recordAudit(trx, actor, {
        action: 'delete',
        entityType: 'plan_glossary',
        entityId: id,
        summary: `Removed ${previous.term} from the glossary`,
        before: previous,
      });
      return previous;
    });
  }
}

export const createGlossaryService = (db: Kysely<Database>): GlossaryService => new GlossaryService(db);
