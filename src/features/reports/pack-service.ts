/*
 * The quarterly board pack's use cases (issue 16 point 1, docs/adr/0032): draft (by the schedule
 * or a button), write the narrative, issue. A draft's figures are worked out each time it is read,
 * against the last issued pack; issuing stores them, and an issued pack is never written again.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { type Actor, hasCapability, requireCapability, systemActor } from '../../auth/actor.ts';
import { todayInLondon } from '../../lib/dates.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { parseJsonAs } from '../../lib/records.ts';
import { recordAudit } from '../audit/service.ts';
import { isQuarterEnd, previousQuarterEnd, quarterDue, quarterEndOf, quarterLabel } from './pack-compare.ts';
import { workOutFigures, type FigureSources } from './pack-figures.ts';
import { packDocx, packPdf } from './pack-files.ts';
import * as repo from './pack-repository.ts';
import {
  emptyNarrative,
  readFigures,
  sectionsFrom,
  NARRATIVE_SECTIONS,
  SECTION_KEYS,
  type BoardPack,
  type Narrative,
  type PackFigures,
} from './pack-types.ts';
import { formatNumber } from '../../lib/numbers.ts';

const MAX_TEXT = 20_000;

/** Who drafted or issued a pack, as the pack prints it: the name, without the email address of the actor's label. */
const byName = (actor: Actor) => actor.label.replace(/\s*<[^>]*>$/, '');

/** The narrative as stored; sections and actions missing from an older draft are taken as empty. */
const storedNarrative = z.object({
  sections: z.record(z.string(), z.string()).optional(),
  actions: z.record(z.string(), z.object({ corrective: z.string(), ask: z.string() })).optional(),
});

function parseNarrative(json: string): Narrative {
  const stored = parseJsonAs(storedNarrative, json);
  const empty = emptyNarrative();
  return { sections: { ...empty.sections, ...stored.sections }, actions: stored.actions ?? {} };
}

/** Inserts a draft for the quarter unless the partnership has a pack for it; audited. */
async function insertDraft(db: Kysely<Database>, actor: Actor, quarterEnd: string): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    if (await repo.findPackForQuarter(trx, actor.partnershipId, quarterEnd)) return null;
    const now = nowIso();
    const { id } = await repo.insertPack(trx, {
      partnership_id: actor.partnershipId,
      quarter_end: quarterEnd,
      status: 'draft',
      narrative_json: JSON.stringify(emptyNarrative()),
      figures_json: null,
      drafted_by: byName(actor),
      created_at: now,
      updated_at: now,
      issued_at: null,
      issued_by: null,
    });
    await recordAudit(trx, actor, {
      action: 'create',
      entityType: 'board_pack',
      entityId: id,
      summary: `Drafted the board pack for ${quarterLabel(quarterEnd)}`,
      after: { quarterEnd, status: 'draft' },
    });
    return id;
  });
}

/** The scheduled job: a draft for each partnership whose quarter ends within `days` and has no pack yet. */
export async function draftDuePacks(db: Kysely<Database>, today: string, days: number): Promise<number> {
  const quarterEnd = quarterDue(today, days);
  if (!quarterEnd) return 0;
  let drafted = 0;
  for (const partnershipId of await repo.partnershipIds(db))
    if (await insertDraft(db, systemActor(partnershipId, 'Board pack schedule'), quarterEnd)) drafted += 1;
  return drafted;
}

/** What the narrative form sends: each section's Markdown and each exception's two boxes. */
export function checkNarrative(input: Narrative, exceptionIds: number[]): Narrative {
  const errors: Record<string, string> = {};
  const clean = (text: string | undefined) => (text ?? '').replace(/\r\n/g, '\n').trim();
  const sections = sectionsFrom((k) => clean(input.sections[k]));
  for (const key of SECTION_KEYS)
    if (sections[key].length > MAX_TEXT)
      errors[`section-${key}`] = `${NARRATIVE_SECTIONS[key]} must be ${formatNumber(MAX_TEXT)} characters or fewer`;
  const actions: Narrative['actions'] = {};
  for (const id of exceptionIds) {
    const given = input.actions[String(id)];
    actions[String(id)] = { corrective: clean(given?.corrective), ask: clean(given?.ask) };
    for (const field of ['corrective', 'ask'] as const)
      if ((actions[String(id)]?.[field].length ?? 0) > 4000)
        errors[`${field}-${id}`] = 'Write 4,000 characters or fewer in this box';
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return { sections, actions };
}

/** The board pack's use cases over one database; each method checks the capability it needs. */
export class PackService {
  private readonly db: Kysely<Database>;
  private readonly sources: FigureSources;
  private readonly threshold: number;

  constructor(db: Kysely<Database>, sources: FigureSources, options: { threshold: number }) {
    this.db = db;
    this.sources = sources;
    this.threshold = options.threshold;
  }

  private async find(actor: Actor, id: number): Promise<repo.PackRow> {
    const row = await repo.findPack(this.db, actor.partnershipId, id);
    if (!row) throw new NotFoundError('Board pack');
    return row;
  }

  private async figuresFor(partnershipId: number, quarterEnd: string): Promise<PackFigures> {
    const last = await repo.lastIssuedBefore(this.db, partnershipId, quarterEnd);
    const before = last?.figures_json ? readFigures(last.figures_json) : null;
    const partnershipName = await repo.partnershipName(this.db, partnershipId);
    return workOutFigures(
      this.db,
      this.sources,
      { partnershipId, partnershipName, quarterEnd, threshold: this.threshold },
      before,
    );
  }

  private async packOf(row: repo.PackRow): Promise<BoardPack> {
    const figures = row.figures_json
      ? readFigures(row.figures_json)
      : await this.figuresFor(row.partnership_id, row.quarter_end);
    return {
      id: row.id,
      quarterEnd: row.quarter_end,
      status: row.status,
      narrative: parseNarrative(row.narrative_json),
      figures,
      draftedBy: row.drafted_by,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      issuedAt: row.issued_at,
      issuedBy: row.issued_by,
    };
  }

  /** The partnership's packs, newest quarter first, and the quarters a pack may be drafted for now. */
  async list(actor: Actor) {
    requireCapability(actor, 'reports:view');
    const packs = (await repo.listPacks(this.db, actor.partnershipId)).map((p) => ({
      id: p.id,
      quarterEnd: p.quarter_end,
      label: quarterLabel(p.quarter_end),
      status: p.status,
      issuedAt: p.issued_at,
      issuedBy: p.issued_by,
    }));
    const current = quarterEndOf(todayInLondon());
    const choices = [current, previousQuarterEnd(current)].filter((q) => !packs.some((p) => p.quarterEnd === q));
    return {
      packs,
      choices: choices.map((q) => ({ value: q, text: quarterLabel(q) })),
      canEdit: hasCapability(actor, 'plan:edit'),
    };
  }

  async get(actor: Actor, id: number) {
    requireCapability(actor, 'reports:view');
    return { pack: await this.packOf(await this.find(actor, id)), canEdit: hasCapability(actor, 'plan:edit') };
  }

  /** The pack as DOCX or PDF, its download written to the audit log as the strategy document's are. */
  async download(actor: Actor, id: number, format: 'docx' | 'pdf'): Promise<{ pack: BoardPack; body: Buffer }> {
    const { pack } = await this.get(actor, id);
    const body = format === 'docx' ? await packDocx(pack) : await packPdf(pack);
    await recordAudit(this.db, actor, {
      action: 'download',
      entityType: 'board_pack',
      entityId: id,
      summary: `Downloaded the ${pack.status} board pack for ${quarterLabel(pack.quarterEnd)} as ${format.toUpperCase()}`,
      after: { format, status: pack.status, bytes: body.length },
    });
    return { pack, body };
  }

  /** Drafts this quarter's pack, or the last quarter's when it was missed. */
  async draft(actor: Actor, quarterEnd: string): Promise<number> {
    requireCapability(actor, 'plan:edit');
    const current = quarterEndOf(todayInLondon());
    if (!isQuarterEnd(quarterEnd) || (quarterEnd !== current && quarterEnd !== previousQuarterEnd(current)))
      throw new ValidationError({ quarterEnd: 'Select the quarter to draft a pack for' });
    const id = await insertDraft(this.db, actor, quarterEnd);
    if (id === null)
      throw new ValidationError({ quarterEnd: `There is already a pack for ${quarterLabel(quarterEnd)}` });
    return id;
  }

  async saveNarrative(actor: Actor, id: number, input: Narrative): Promise<BoardPack> {
    requireCapability(actor, 'plan:edit');
    const row = await this.find(actor, id);
    if (row.status !== 'draft') throw new ConflictError('An issued pack cannot be changed');
    const pack = await this.packOf(row);
    const narrative = checkNarrative(
      input,
      pack.figures.exceptions.map((e) => e.id),
    );
    await this.db.transaction().execute(async (trx) => {
      const done = await repo.updateDraft(trx, actor.partnershipId, id, {
        narrative_json: JSON.stringify(narrative),
        updated_at: nowIso(),
      });
      if (Number(done.numUpdatedRows) !== 1) throw new ConflictError('An issued pack cannot be changed');
      await recordAudit(trx, actor, {
        action: 'update',
        entityType: 'board_pack',
        entityId: id,
        summary: `Changed the narrative of the board pack for ${quarterLabel(row.quarter_end)}`,
        before: pack.narrative,
        after: narrative,
      });
    });
    return { ...pack, narrative };
  }

  /** Freezes the pack: its figures are stored as they are now and neither they nor the narrative change again. */
  async issue(actor: Actor, id: number): Promise<BoardPack> {
    requireCapability(actor, 'plan:edit');
    const row = await this.find(actor, id);
    if (row.status !== 'draft') throw new ConflictError('This pack is already issued');
    // Worked out before the transaction: the services read through the pool, not through it.
    const figures = JSON.stringify(await this.figuresFor(actor.partnershipId, row.quarter_end));
    const issued = { status: 'issued' as const, figures_json: figures, issued_at: nowIso(), issued_by: byName(actor) };
    await this.db.transaction().execute(async (trx) => {
      const done = await repo.updateDraft(trx, actor.partnershipId, id, { ...issued, updated_at: issued.issued_at });
      if (Number(done.numUpdatedRows) !== 1) throw new ConflictError('This pack is already issued');
      await recordAudit(trx, actor, {
        action: 'update',
        entityType: 'board_pack',
        entityId: id,
        summary: `Issued the board pack for ${quarterLabel(row.quarter_end)}`,
        before: { status: 'draft' },
        after: { status: 'issued', issuedAt: issued.issued_at },
      });
    });
    return this.packOf({ ...row, ...issued });
  }
}

export const createPackService = (db: Kysely<Database>, sources: FigureSources, options: { threshold: number }) =>
  new PackService(db, sources, options);
