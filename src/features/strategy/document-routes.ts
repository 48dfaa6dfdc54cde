/*
 * The strategy document's pages (issue 16 point 3): an approved or published version's document
 * as a page that prints well with its DOCX and PDF downloads (plan:view), and the latest
 * published version's public document at /p/<slug>/strategy/document, open to anyone.
 */
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { definePage, idParam, type Page } from '../../web/kit/page.ts';
import { strategyReport } from './document-blocks.ts';
import { documentFileName, DOCX_TYPE, type StrategyDocument } from './document-service.ts';
import { strategyPaths as paths } from './paths.ts';
import { VIEWS } from './view-helpers.ts';

const byId = z.object({ id: idParam });
const bySlug = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
    .max(100),
});
const downloadQuery = z.object({ format: z.enum(['docx', 'pdf']).catch('pdf') });

const documentView = (document: StrategyDocument, download: string, backLink: string) => {
  const report = strategyReport(document.source, 'list');
  return {
    template: `${VIEWS}/document.njk`,
    title: report.title,
    locals: {
      blocks: report.blocks,
      audience: document.source.audience,
      links: { docx: `${download}?format=docx`, pdf: `${download}?format=pdf` },
      backLink,
      columnClass: 'govuk-grid-column-full',
    },
  };
};

function sendFile(
  res: { type(t: string): unknown; setHeader(n: string, v: string): unknown; send(b: Buffer): unknown },
  document: StrategyDocument,
  format: 'docx' | 'pdf',
  body: Buffer,
) {
  res.type(format === 'docx' ? DOCX_TYPE : 'application/pdf');
  res.setHeader('Content-Disposition', `attachment; filename="${documentFileName(document.source, format)}"`);
  res.send(body);
}

/** The partnership's document of a version, and its downloads. */
export function documentPages(services: Services): Page[] {
  const documents = services.strategyDocuments;
  const page = definePage({
    path: paths.document,
    access: 'plan:view',
    params: byId,
    load: ({ actor, params }) => documents.forVersion(actor, params.id),
    view: (document) =>
      documentView(
        document,
        paths.documentDownload({ id: document.versionId }),
        paths.version({ id: document.versionId }),
      ),
  });
  const download = definePage({
    path: paths.documentDownload,
    access: 'plan:view',
    params: byId,
    query: downloadQuery,
    handle: async ({ actor, params, query, res }) => {
      const document = await documents.forVersion(actor, params.id);
      sendFile(res, document, query.format, await documents.download(actor, document, query.format));
    },
  });
  return [page, download];
}

/** The latest published version's document, open without an account. */
export function publicDocumentPages(services: Services): Page[] {
  const documents = services.strategyDocuments;
  const page = definePage({
    path: paths.publishedDocument,
    access: 'public',
    params: bySlug,
    load: ({ params }) => documents.forPublished(params.slug),
    view: (document) =>
      documentView(
        document,
        paths.publishedDownload({ slug: document.slug }),
        paths.published({ slug: document.slug }),
      ),
  });
  const download = definePage({
    path: paths.publishedDownload,
    access: 'public',
    params: bySlug,
    query: downloadQuery,
    handle: async ({ params, query, res }) => {
      const document = await documents.forPublished(params.slug);
      sendFile(res, document, query.format, await documents.download(null, document, query.format));
    },
  });
  return [page, download];
}
