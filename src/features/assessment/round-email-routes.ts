import { z } from 'zod';
import { formatDate } from '../../lib/dates.ts';
import { definePage, formText, idParam, type Page } from '../../web/kit/page.ts';
import type { Services } from '../../services.ts';
import { assessmentPaths as paths } from './paths.ts';
import { roundStatus } from './round-status.ts';
import { audienceFormItems, VIEWS } from './web.ts';

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** "Send personal links by email" from the round page: one new personal link per address, emailed. */
export function roundEmailPages(services: Services): Page[] {
  const emailLinks = definePage({
    path: paths.emailLinks,
    access: 'assessment:manage',
    params: z.object({ id: idParam }),
    form: z.object({ organisationId: formText, respondentType: formText, emails: formText }),
    load: ({ actor, params }) => services.assessmentRounds.get(actor, params.id),
    view: (details, _ctx, form) => ({
      template: `${VIEWS}/round-email-links.njk`,
      title: 'Send personal links by email',
      locals: {
        round: details.round,
        open: details.round.kind === 'live' && roundStatus(details.round).phase === 'open',
        closesText: formatDate(details.round.closes_on),
        backLink: paths.round({ id: details.round.id }),
        values: {},
        ...audienceFormItems(details, form?.values ?? {}),
      },
    }),
    submit: async ({ actor, params, form }) => {
      const { sent, skipped } = await services.assessmentEmails.sendPersonalLinks(actor, params.id, form);
      const message =
        `${sent} personal link${plural(sent, '', 's')} will be emailed.` +
        (skipped
          ? ` ${skipped} address${plural(skipped, '', 'es')} already had a link for this round and got no new one.`
          : '');
      return { redirect: `${paths.round(params)}#links`, flash: message, heading: 'Personal links sent' };
    },
  });
  return [emailLinks];
}
