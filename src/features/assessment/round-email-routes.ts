import { Router, type Response } from 'express';
import { ValidationError } from '../../lib/errors.ts';
import { formatDate } from '../../lib/dates.ts';
import { flash, formField, renderPage } from '../../web/kit/render.ts';
import { route, type SignedInRequest } from '../../web/kit/route.ts';
import type { Services } from '../../services.ts';
import type { EmailLinksInput } from './round-emails.ts';
import { roundStatus } from './round-status.ts';
import { audienceFormItems, idParam, numericParams, VIEWS } from './web.ts';

/** "Send personal links by email" from the round page: one new personal link per address, emailed. */
export function roundEmailRoutes(services: Services): Router {
  const router = Router();
  const address = '/assessment/rounds/:id/email-links';

  async function show(
    req: SignedInRequest,
    res: Response,
    roundId: number,
    values: Partial<EmailLinksInput> = {},
    errors?: Record<string, string>,
  ) {
    const details = await services.assessmentRounds.get(req.actor, roundId);
    renderPage(res, `${VIEWS}/round-email-links.njk`, 'Send personal links by email', {
      round: details.round,
      open: details.round.kind === 'live' && roundStatus(details.round).phase === 'open',
      closesText: formatDate(details.round.closes_on),
      backLink: `/assessment/rounds/${roundId}`,
      values,
      errors,
      ...audienceFormItems(details, values),
    });
  }

  router.get(
    address,
    numericParams('id'),
    route('assessment:manage', (req, res) => show(req, res, idParam(req.params.id))),
  );

  router.post(
    address,
    numericParams('id'),
    route('assessment:manage', async (req, res) => {
      const roundId = idParam(req.params.id);
      const values: EmailLinksInput = {
        organisationId: formField(req.body, 'organisationId'),
        respondentType: formField(req.body, 'respondentType'),
        emails: formField(req.body, 'emails'),
      };
      try {
        const { sent, skipped } = await services.assessmentEmails.sendPersonalLinks(req.actor, roundId, values);
        const plural = (n: number) => (n === 1 ? '' : 's');
        flash(
          req,
          `${sent} personal link${plural(sent)} will be emailed.` +
            (skipped
              ? ` ${skipped} address${skipped === 1 ? '' : 'es'} already had a link for this round and got no new one.`
              : ''),
          'Personal links sent',
        );
        res.redirect(303, `/assessment/rounds/${roundId}#links`);
      } catch (err) {
        if (err instanceof ValidationError) return show(req, res.status(400), roundId, values, err.fields);
        throw err;
      }
    }),
  );

  return router;
}
