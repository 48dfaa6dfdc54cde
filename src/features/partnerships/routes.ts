import { Router, type Response } from 'express';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { flash, formField, renderPage } from '../../web/render.ts';
import { route } from '../../web/route.ts';
import type { Services } from '../../services.ts';

const VIEWS = 'partnerships/views';

function partnershipId(value: unknown): number {
  const text = String(value);
  if (!/^\d{1,9}$/.test(text)) throw new NotFoundError('Partnership');
  return Number(text);
}

interface PartnershipForm {
  name: string;
  localAuthorityCode: string;
}

/** System administrators add partnerships and choose the one they work in. */
export function partnershipsRoutes(services: Services): Router {
  const router = Router();
  const partnerships = services.partnerships;

  function showNewForm(res: Response, values: Partial<PartnershipForm> = {}, errors?: Record<string, string>) {
    renderPage(res, `${VIEWS}/new.njk`, 'Add a partnership', { values, errors, backLink: '/admin/partnerships' });
  }

  router.get(
    '/admin/partnerships',
    route('partnerships:manage', async (req, res) => {
      renderPage(res, `${VIEWS}/index.njk`, 'Partnerships', {
        partnerships: await partnerships.list(req.actor),
        currentId: req.actor.partnershipId,
        columnClass: 'govuk-grid-column-full',
        backLink: '/admin',
      });
    }),
  );

  router.get(
    '/admin/partnerships/new',
    route('partnerships:manage', (_req, res) => showNewForm(res)),
  );

  router.post(
    '/admin/partnerships/new',
    route('partnerships:manage', async (req, res) => {
      const values = {
        name: formField(req.body, 'name'),
        localAuthorityCode: formField(req.body, 'localAuthorityCode'),
      };
      try {
        const created = await partnerships.create(req.actor, values);
        flash(req, `${created.name} is added. Choose ‘Work in this partnership’ to set it up.`);
        res.redirect(303, '/admin/partnerships');
      } catch (err) {
        if (err instanceof ValidationError) return showNewForm(res.status(400), values, err.fields);
        throw err;
      }
    }),
  );

  router.post(
    '/admin/partnerships/:id/switch',
    route('partnerships:manage', async (req, res) => {
      const partnership = await partnerships.switchTo(req.actor, partnershipId(req.params.id));
      req.session.partnershipId = partnership.id;
      flash(req, `You are now working in ${partnership.name}`);
      res.redirect(303, '/');
    }),
  );

  return router;
}
