import { Router, type Response } from 'express';
import { ValidationError } from '../../../lib/errors.ts';
import { flash, renderPage } from '../../../web/kit/render.ts';
import { route, type SignedInRequest } from '../../../web/kit/route.ts';
import type { Services } from '../../../services.ts';
import { hasCapability } from '../../../auth/actor.ts';
import { dateFromParts, longDate, showWithoutOrganisation, withoutOrganisation } from './returns-routes.ts';
import { isCensusDate } from './returns-service.ts';

const parts = (body: Record<string, unknown>, prefix: string) => ({
  day: String(body[`${prefix}-day`] ?? ''),
  month: String(body[`${prefix}-month`] ?? ''),
  year: String(body[`${prefix}-year`] ?? ''),
});

/** The partnership's returns page: who has submitted for a census date, and how complete each field is. */
export function completenessRoutes(services: Services): Router {
  const router = Router();
  const completeness = services.workforceCompleteness;

  async function show(
    req: SignedInRequest,
    res: Response,
    chosen: string,
    form: Record<string, unknown> = {},
    errors?: Record<string, string>,
  ) {
    const censusDates = await completeness.censusDates(req.actor);
    const censusDate = censusDates.includes(chosen) ? chosen : (censusDates[0] ?? null);
    const rows = censusDate ? await completeness.forCensusDate(req.actor, censusDate) : [];
    const deadline = censusDate ? await completeness.deadline(req.actor, censusDate) : null;
    renderPage(res, 'workforce/returns/views/completeness.njk', 'Returns and completeness', {
      errors,
      columnClass: 'govuk-grid-column-full',
      backLink: '/workforce',
      censusDates,
      censusDate,
      censusDateText: longDate(censusDate),
      deadline,
      deadlineText: longDate(deadline),
      censusItems: censusDates.map((d) => ({ value: d, text: longDate(d), selected: d === censusDate })),
      rows,
      submittedCount: rows.filter((r) => r.submitted).length,
      canSetDeadline: hasCapability(req.actor, 'workforce:submit-any'),
      deadlineForm: { census: parts(form, 'census-date'), deadline: parts(form, 'deadline') },
    });
  }

  router.get(
    '/workforce/returns',
    route('workforce:view-own', async (req, res) => {
      if (withoutOrganisation(req.actor)) return showWithoutOrganisation(res);
      const census = typeof req.query.census === 'string' && isCensusDate(req.query.census) ? req.query.census : '';
      await show(req, res, census);
    }),
  );

  router.post(
    '/workforce/collections',
    route('workforce:submit-any', async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const censusDate = dateFromParts(body, 'census-date');
      const deadline = dateFromParts(body, 'deadline');
      try {
        const errors: Record<string, string> = {};
        if (!censusDate) errors['census-date-day'] = 'Enter the census date as a real date, for example 30 9 2026';
        if (!deadline) errors['deadline-day'] = 'Enter the deadline as a real date, for example 31 10 2026';
        if (Object.keys(errors).length) throw new ValidationError(errors);
        await completeness.setDeadline(req.actor, censusDate, deadline);
        flash(req, `Returns for ${longDate(censusDate)} are due by ${longDate(deadline)}`);
        res.redirect(303, `/workforce/returns?census=${censusDate}`);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const errors = Object.fromEntries(
          Object.entries(err.fields).map(([k, v]) => [k.endsWith('-day') ? k : `${k}-day`, v]),
        );
        await show(req, res.status(400), censusDate, body, errors);
      }
    }),
  );

  return router;
}
