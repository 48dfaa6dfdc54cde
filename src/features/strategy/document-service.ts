/*
 * The strategy document of an approved or published version (issue 16 point 3): its sections with
 * the figures frozen at approval and the appendices frozen with them, never live values. Read with
 * plan:view (the partnership's document) or by anyone for the latest published version (the
 * public document, which names no one). Every DOCX or PDF download is audited.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type Actor, requireCapability, systemActor } from '../../auth/actor.ts';
import { writeDocx } from '../../lib/docx.ts';
import { ConflictError, NotFoundError } from '../../lib/errors.ts';
import { writeReportPdf } from '../../lib/pdf-report.ts';
import { recordAudit } from '../audit/service.ts';
import { findPartnership, findPartnershipBySlug } from '../partnerships/repository.ts';
import { parseAppendices } from './document-appendices.ts';
import { strategyReport, type Audience, type StrategyDocumentSource } from './document-blocks.ts';
import * as repo from './repository.ts';
import { SECTIONS } from './sections.ts';
import { parseFrozen } from './tokens.ts';
import { periodLabel } from './versions.ts';

export type DocumentFormat = 'docx' | 'pdf';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface StrategyDocument {
  versionId: number;
  partnershipId: number;
  source: StrategyDocumentSource;
}

/** "childrens-workforce-strategy-2026-29-v1.pdf" */
export function documentFileName(source: StrategyDocumentSource, format: DocumentFormat): string {
  const words = `${source.title} ${source.period}`
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${words || 'strategy'}-v${source.number}.${format}`;
}

export async function documentFile(document: StrategyDocument, format: DocumentFormat): Promise<Buffer> {
  return format === 'docx'
    ? writeDocx(strategyReport(document.source, 'field'))
    : writeReportPdf(strategyReport(document.source, 'list'));
}

export function createStrategyDocumentService(db: Kysely<Database>) {
  async function build(row: repo.VersionRow, partnershipName: string, audience: Audience): Promise<StrategyDocument> {
    const bodies = await repo.sectionsOf(db, row.partnership_id, row.id);
    return {
      versionId: row.id,
      partnershipId: row.partnership_id,
      source: {
        partnershipName,
        title: row.title,
        period: periodLabel(row.start_year, row.end_year),
        number: Number(row.number),
        approvedBy: row.group_name ?? null,
        approvedOn: row.approved_on,
        publishedAt: row.published_at,
        sections: SECTIONS.map((s) => ({
          key: s.key,
          title: s.title,
          body: bodies.find((b) => b.section === s.key)?.body ?? '',
        })),
        figures: parseFrozen(row.frozen_figures),
        appendices: parseAppendices(row.frozen_appendices),
        audience,
      },
    };
  }

  return {
    /** The partnership's own document of an approved or published version; a draft has none yet. */
    async forVersion(actor: Actor, id: number): Promise<StrategyDocument> {
      requireCapability(actor, 'plan:view');
      const row = await repo.findVersion(db, actor.partnershipId, id);
      if (!row) throw new NotFoundError('Strategy version');
      if (row.status === 'draft')
        throw new ConflictError(
          `Version ${row.number} is a draft: its document is made once it is approved, with its figures frozen`,
        );
      const partnership = await findPartnership(db, actor.partnershipId);
      return build(row, partnership?.name ?? '', 'partnership');
    },

    /** The public document: the partnership's latest published version, naming no one. */
    async forPublished(slug: string): Promise<StrategyDocument & { slug: string }> {
      const partnership = await findPartnershipBySlug(db, slug);
      if (!partnership) throw new NotFoundError('Partnership');
      const row = await repo.latestPublished(db, partnership.id);
      if (!row) throw new NotFoundError('Published strategy');
      return { ...(await build(row, partnership.name, 'public')), slug };
    },

    /** The file's bytes, with its download recorded in the audit log (by the actor, or as a public download). */
    async download(actor: Actor | null, document: StrategyDocument, format: DocumentFormat): Promise<Buffer> {
      const body = await documentFile(document, format);
      const who = actor ?? systemActor(document.partnershipId, 'Public strategy page');
      const s = document.source;
      await recordAudit(db, who, {
        action: 'download',
        entityType: 'strategy_version',
        entityId: document.versionId,
        summary: `Downloaded the ${s.audience === 'public' ? 'public ' : ''}document of version ${s.number} of ${s.title} as ${format.toUpperCase()}`,
        after: { format, audience: s.audience, bytes: body.length },
      });
      return body;
    },
  };
}

export type StrategyDocumentService = ReturnType<typeof createStrategyDocumentService>;
