import { Router } from 'express';
import { renderPage } from '../../web/render.ts';
import { route } from '../../web/route.ts';
import type { Services } from '../../services.ts';
import type { AuditFilter } from './repository.ts';

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;
const isoDate = (value: unknown): string | undefined => {
  const v = text(value);
  return v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;
};

export function auditRoutes(services: Services): Router {
  const router = Router();
  router.get(
    '/admin/audit',
    route('audit:view', async (req, res) => {
      const filter: AuditFilter = {
        action: text(req.query.action),
        entityType: text(req.query.entityType),
        actor: text(req.query.actor),
        from: isoDate(req.query.from),
        to: isoDate(req.query.to),
      };
      const page = Math.max(1, Number.parseInt(String(req.query.page ?? '1'), 10) || 1);
      const result = await services.audit.list(req.actor, filter, page);
      const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
      const query = (p: number) =>
        `?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v)), page: String(p) })}`;
      renderPage(res, 'audit/views/index.njk', 'Audit log', {
        ...result,
        filter,
        page,
        pages,
        columnClass: 'govuk-grid-column-full',
        backLink: '/admin',
        previous: page > 1 ? query(page - 1) : null,
        next: page < pages ? query(page + 1) : null,
      });
    }),
  );
  return router;
}
