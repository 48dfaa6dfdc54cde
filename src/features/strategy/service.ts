/*
 * Strategies and their versions (issue 15 point 1, docs/adr/0026): read with plan:view, changed
 * with plan:edit, every change audited. A draft's figures are worked out when it is shown; on
 * approval every token's value is frozen into the version, which shows those values ever after.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { StrategyStatus } from '../../db/strategy-schema.ts';
import { type Actor, hasCapability, requireCapability } from '../../auth/actor.ts';
import { todayInLondon } from '../../lib/dates.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { type DateParts, dateField, FieldErrors } from '../plan/plan-input.ts';
import { findPartnershipBySlug } from '../partnerships/repository.ts';
import { type AppendixSources, workOutAppendices } from './document-appendices.ts';
import { currentFigures, type FigureSources } from './figures.ts';
import { renderMarkdown } from './markdown.ts';
import * as repo from './repository.ts';
import { SECTIONS, sectionTitle } from './sections.ts';
import { type Figures, fillTokens, parseFrozen, TOKEN_NAMES, TOKENS } from './tokens.ts';
import {
  checklistSummary,
  checkSectionBody,
  checkStrategy,
  periodLabel,
  refusedMove,
  type StrategyInput,
} from './versions.ts';

export interface ApprovalInput {
  groupId: string;
  on: DateParts;
}

/** A version's sections as HTML, with `figures` in place of its tokens. */
export const renderSections = (bodies: { section: string; body: string }[], figures: Partial<Figures>) =>
  SECTIONS.map((s) => {
    const body = bodies.find((b) => b.section === s.key)?.body ?? '';
    return { ...s, body, html: body ? renderMarkdown(fillTokens(body, figures)) : '' };
  });

export const figureList = (figures: Partial<Figures>) =>
  TOKEN_NAMES.map((name) => ({
    name,
    token: `{{ ${name} }}`,
    label: TOKENS[name],
    value: figures[name] ?? '',
  }));

const versionSummary = (v: Omit<repo.VersionRow, 'title' | 'start_year' | 'end_year'>) => ({
  id: v.id,
  number: Number(v.number),
  status: v.status,
  approvedBy: v.group_name ?? null,
  approvedOn: v.approved_on,
  publishedAt: v.published_at,
});

export class StrategyService {
  readonly db: Kysely<Database>;
  readonly sources: FigureSources;
  readonly appendixSources: AppendixSources;
  constructor(db: Kysely<Database>, sources: FigureSources, appendixSources: AppendixSources) {
    this.db = db;
    this.sources = sources;
    this.appendixSources = appendixSources;
  }

  private async findVersion(actor: Actor, id: number) {
    const row = await repo.findVersion(this.db, actor.partnershipId, id);
    if (!row) throw new NotFoundError('Strategy version');
    return row;
  }

  private knownSection(key: string) {
    const section = SECTIONS.find((s) => s.key === key);
    if (!section) throw new NotFoundError('Section');
    return section;
  }

  private async draftOnly(actor: Actor, id: number) {
    const row = await this.findVersion(actor, id);
    if (row.status !== 'draft')
      throw new ConflictError(`Version ${row.number} is ${row.status}: start a new draft to change it`);
    return row;
  }

  /** The figures a version shows: frozen once approved, current while a draft. */
  private figuresFor(row: repo.VersionRow): Promise<Partial<Figures>> {
    return row.status === 'draft'
      ? currentFigures(this.sources, row.partnership_id)
      : Promise.resolve(parseFrozen(row.frozen_figures));
  }

  private async move(
    actor: Actor,
    row: repo.VersionRow,
    to: StrategyStatus,
    set: Record<string, unknown>,
    summary: string,
  ) {
    const refused = refusedMove(row.status, to, Number(row.number));
    if (refused) throw new ConflictError(refused);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('strategy_versions')
        .set({ ...set, status: to, updated_at: nowIso() })
        .where('partnership_id', '=', actor.partnershipId)
        .where('id', '=', row.id)
        .where('status', '=', row.status)
        .execute();
      await recordAudit(trx, actor, {
        action: 'update',
        entityType: 'strategy_version',
        entityId: row.id,
        summary,
        before: { status: row.status },
        after: { status: to, ...set },
      });
    });
  }

  async list(actor: Actor) {
    requireCapability(actor, 'plan:view');
    const strategies = await repo.listStrategies(this.db, actor.partnershipId);
    const versions = await repo.listVersions(
      this.db,
      actor.partnershipId,
      strategies.map((s) => s.id),
    );
    const slug = await repo.slugOf(this.db, actor.partnershipId);
    const published = versions.some((v) => v.status === 'published');
    return {
      strategies: strategies.map((s) => ({
        id: s.id,
        title: s.title,
        period: periodLabel(s.start_year, s.end_year),
        versions: versions.filter((v) => v.strategy_id === s.id).map(versionSummary),
      })),
      publishedSlug: published ? slug : null,
      canEdit: hasCapability(actor, 'plan:edit'),
    };
  }

  async get(actor: Actor, id: number) {
    requireCapability(actor, 'plan:view');
    const strategy = await repo.findStrategy(this.db, actor.partnershipId, id);
    if (!strategy) throw new NotFoundError('Strategy');
    const versions = (await repo.listVersions(this.db, actor.partnershipId, [id])).map(versionSummary);
    return {
      strategy: { id, title: strategy.title, period: periodLabel(strategy.start_year, strategy.end_year) },
      versions,
      draft: versions.find((v) => v.status === 'draft') ?? null,
      canEdit: hasCapability(actor, 'plan:edit'),
    };
  }

  async create(actor: Actor, input: StrategyInput) {
    requireCapability(actor, 'plan:edit');
    const values = checkStrategy(input);
    return this.db.transaction().execute(async (trx) => {
      const at = nowIso();
      const strategy = await trx
        .insertInto('strategies')
        .values({ partnership_id: actor.partnershipId, ...values, created_at: at, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      const versionId = await repo.insertVersion(trx, actor.partnershipId, strategy.id, 1);
      await recordAudit(trx, actor, {
        action: 'create',
        entityType: 'strategy',
        entityId: strategy.id,
        summary: `Added the strategy ${values.title} (${periodLabel(values.start_year, values.end_year)}) with a first draft`,
        after: { ...values, versionId },
      });
      return { id: strategy.id, versionId };
    });
  }

  /** A version with its sections shown (figures frozen or current), its figures and the checklist's summary. */
  async view(actor: Actor, id: number) {
    requireCapability(actor, 'plan:view');
    const row = await this.findVersion(actor, id);
    const [bodies, answers, figures, groups] = await Promise.all([
      repo.sectionsOf(this.db, actor.partnershipId, id),
      repo.checklistOf(this.db, actor.partnershipId, id),
      this.figuresFor(row),
      repo.groupsOf(this.db, actor.partnershipId),
    ]);
    return {
      version: { ...versionSummary(row), strategyId: row.strategy_id },
      strategy: { id: row.strategy_id, title: row.title, period: periodLabel(row.start_year, row.end_year) },
      sections: renderSections(bodies, figures),
      figures: figureList(figures),
      checklist: checklistSummary(answers),
      groups,
      canEdit: hasCapability(actor, 'plan:edit'),
    };
  }

  /** One section of a draft for its editor, with the tokens' current values beside it. */
  async section(actor: Actor, id: number, key: string) {
    requireCapability(actor, 'plan:edit');
    const section = this.knownSection(key);
    const row = await this.draftOnly(actor, id);
    const bodies = await repo.sectionsOf(this.db, actor.partnershipId, id);
    const figures = await currentFigures(this.sources, actor.partnershipId);
    return {
      version: { ...versionSummary(row), strategyId: row.strategy_id, title: row.title },
      section,
      body: bodies.find((b) => b.section === key)?.body ?? '',
      figures: figureList(figures),
      current: figures,
    };
  }

  /** The section as it would read, or the error that saving it would give. */
  preview(body: string, key: string, figures: Figures) {
    const checked = checkSectionBody(body, sectionTitle(key));
    if (checked.error) throw new ValidationError({ body: checked.error });
    return renderMarkdown(fillTokens(checked.body, figures));
  }

  async saveSection(actor: Actor, id: number, key: string, body: string) {
    requireCapability(actor, 'plan:edit');
    this.knownSection(key);
    const row = await this.draftOnly(actor, id);
    const checked = checkSectionBody(body, sectionTitle(key));
    if (checked.error) throw new ValidationError({ body: checked.error });
    const before = (await repo.sectionsOf(this.db, actor.partnershipId, id)).find((b) => b.section === key)?.body ?? '';
    await this.db.transaction().execute(async (trx) => {
      await repo.saveSection(trx, actor.partnershipId, id, key, checked.body);
      await recordAudit(trx, actor, {
        action: 'update',
        entityType: 'strategy_version',
        entityId: id,
        summary: `Changed ${sectionTitle(key)} in version ${row.number} of ${row.title}`,
        before: { section: key, body: before },
        after: { section: key, body: checked.body },
      });
    });
  }

  /** Approves a draft by a governance group on a date, freezing every figure's value now. */
  async approve(actor: Actor, id: number, input: ApprovalInput) {
    requireCapability(actor, 'plan:edit');
    const row = await this.findVersion(actor, id);
    const errors = new FieldErrors();
    const group = (await repo.groupsOf(this.db, actor.partnershipId)).find((g) => String(g.id) === input.groupId);
    if (!group) errors.add('groupId', 'Select the group that approved this version');
    const on = dateField(errors, 'approvedOn', input.on, 'date it was approved');
    if (on && on > todayInLondon()) errors.add('approvedOn', 'The date it was approved must be today or in the past');
    errors.throwIfAny();
    const [frozen, appendices] = await Promise.all([
      currentFigures(this.sources, actor.partnershipId),
      workOutAppendices(this.db, this.appendixSources, actor.partnershipId),
    ]);
    await this.move(
      actor,
      row,
      'approved',
      {
        approved_by_group_id: group?.id ?? null,
        approved_on: on,
        frozen_figures: JSON.stringify(frozen),
        frozen_appendices: JSON.stringify(appendices),
      },
      `Approved version ${row.number} of ${row.title} (${group?.name}, ${on}); its figures are frozen, and its appendices with them`,
    );
  }

  /** A new draft from the latest version's sections and checklist answers; one draft at a time. */
  async startDraft(actor: Actor, strategyId: number) {
    requireCapability(actor, 'plan:edit');
    const strategy = await repo.findStrategy(this.db, actor.partnershipId, strategyId);
    if (!strategy) throw new NotFoundError('Strategy');
    const [latest] = await repo.listVersions(this.db, actor.partnershipId, [strategyId]);
    if (latest?.status === 'draft')
      throw new ConflictError(`Version ${latest.number} is still a draft: change it, or approve it first`);
    return this.db.transaction().execute(async (trx) => {
      const number = Number(latest?.number ?? 0) + 1;
      const id = await repo.insertVersion(trx, actor.partnershipId, strategyId, number);
      if (latest) await repo.copyVersion(trx, actor.partnershipId, latest.id, id);
      await recordAudit(trx, actor, {
        action: 'create',
        entityType: 'strategy_version',
        entityId: id,
        summary: `Started version ${number} of ${strategy.title}${latest ? ` from version ${latest.number}` : ''}`,
        after: { strategyId, number, from: latest?.id ?? null },
      });
      return { id, number };
    });
  }

  /** The public page's: the latest published version with its frozen figures only, or undefined. */
  async published(slug: string) {
    const partnership = await findPartnershipBySlug(this.db, slug);
    if (!partnership) throw new NotFoundError('Partnership');
    const row = await repo.latestPublished(this.db, partnership.id);
    if (!row) return { partnershipName: partnership.name, version: null, strategy: null, sections: [] };
    const bodies = await repo.sectionsOf(this.db, partnership.id, row.id);
    return {
      partnershipName: partnership.name,
      version: versionSummary(row),
      strategy: { title: row.title, period: periodLabel(row.start_year, row.end_year) },
      sections: renderSections(bodies, parseFrozen(row.frozen_figures)).filter((s) => s.body),
    };
  }

  async publish(actor: Actor, id: number) {
    requireCapability(actor, 'plan:edit');
    const row = await this.findVersion(actor, id);
    await this.move(
      actor,
      row,
      'published',
      { published_at: nowIso() },
      `Published version ${row.number} of ${row.title}`,
    );
  }
}

export const createStrategyService = (db: Kysely<Database>, sources: FigureSources, appendices: AppendixSources) =>
  new StrategyService(db, sources, appendices);
