import { z } from 'zod';
import type { Services } from '../../services.ts';
import { defineFeature, definePage, type Feature } from '../../web/kit/page.ts';
import { pagination } from '../../web/kit/pagination.ts';
import { auditPaths as paths, PREFIX } from './paths.ts';

/** An optional filter: blank or anything but text reads as "any". */
const text = z
  .unknown()
  .transform((v) => (typeof v === 'string' && v.trim() ? v.trim() : undefined))
  .catch(undefined);
const isoDate = text.transform((v) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined));

const auditQuery = z.object({
  action: text,
  entityType: text,
  actor: text,
  from: isoDate,
  to: isoDate,
  page: z.coerce.number().int().min(1).catch(1),
});

export function auditFeature(services: Services): Feature {
  const index = definePage({
    path: paths.index,
    access: 'audit:view',
    query: auditQuery,
    load: ({ actor, query: { page, ...filter } }) => services.audit.list(actor, filter, page),
    // The page shown is the one the service found: a page past the last shows the last.
    view: (result, { query: { page: _asked, ...filter } }) => {
      const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
      const address = (p: number) =>
        `${paths.index()}?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v)), page: String(p) })}`;
      return {
        template: 'audit/views/index.njk',
        title: 'Audit log',
        locals: {
          ...result,
          filter,
          filterAction: paths.index(),
          columnClass: 'govuk-grid-column-full',
          backLink: '/admin',
          first: (result.page - 1) * result.pageSize + 1,
          last: (result.page - 1) * result.pageSize + result.events.length,
          pagination: pagination(result.page, pages, address),
        },
      };
    },
  });
  return defineFeature(PREFIX, [index]);
}
