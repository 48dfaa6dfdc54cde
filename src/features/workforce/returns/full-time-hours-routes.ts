import { Router, type Response } from 'express';
import { NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { flash, formField, renderPage } from '../../../web/kit/render.ts';
import { route, type SignedInRequest } from '../../../web/kit/route.ts';
import type { Services } from '../../../services.ts';
import { HOURS_PER_FTE } from '../standard/record-checks.ts';

const VIEW = 'workforce/returns/views/full-time-hours.njk';
export const fullTimeHoursPath = (organisationId: number) =>
  `/workforce/organisations/${organisationId}/full-time-hours`;

function organisationId(value: unknown): number {
  const text = String(value);
  if (!/^\d{1,9}$/.test(text)) throw new NotFoundError('Organisation');
  return Number(text);
}

/** The organisation's full-time hours: the page that sets them, for those who submit its returns. */
export function fullTimeHoursRoutes(services: Services): Router {
  const router = Router();
  const hours = services.fullTimeHours;

  async function showForm(req: SignedInRequest, res: Response, value?: string, errors?: Record<string, string>) {
    const org = await hours.get(req.actor, organisationId(req.params.id));
    renderPage(res, VIEW, `Full-time hours for ${org.name}`, {
      organisation: org,
      value: value ?? String(org.full_time_hours),
      standardHours: HOURS_PER_FTE,
      errors,
      backLink: `/workforce/organisations/${org.id}/returns`,
    });
  }

  router.get(
    '/workforce/organisations/:id/full-time-hours',
    route('workforce:view-own', (req, res) => showForm(req, res)),
  );
  router.post(
    '/workforce/organisations/:id/full-time-hours',
    route('workforce:view-own', async (req, res) => {
      const value = formField(req.body, 'fullTimeHours');
      try {
        const org = await hours.set(req.actor, organisationId(req.params.id), value);
        flash(req, `Full-time hours for ${org.name} are ${org.full_time_hours} a week`);
        res.redirect(303, fullTimeHoursPath(org.id));
      } catch (err) {
        if (err instanceof ValidationError) return showForm(req, res.status(400), value, err.fields);
        throw err;
      }
    }),
  );
  return router;
}
