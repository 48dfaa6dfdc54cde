import { z } from 'zod';
import type { Services } from '../../services.ts';
import { definePage, idParam, type Page } from '../../web/kit/page.ts';
import { planPaths } from '../plan/paths.ts';
import { strategyPaths as paths } from './paths.ts';
import { VIEWS } from './view-helpers.ts';

const bySlug = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
    .max(100),
});

/** The partnership's latest published strategy, with the figures frozen at its approval: open to anyone. */
export function publicPages(services: Services): Page[] {
  const published = definePage({
    path: paths.published,
    access: 'public',
    params: bySlug,
    load: ({ params }) => services.strategies.published(params.slug),
    view: (found, { params }) => ({
      template: `${VIEWS}/published.njk`,
      title: found.strategy ? `${found.strategy.title} ${found.strategy.period}` : `${found.partnershipName}: strategy`,
      locals: {
        ...found,
        documentHref: paths.publishedDocument({ slug: params.slug }),
        downloadHref: paths.publishedDownload({ slug: params.slug }),
      },
    }),
  });
  return [published];
}

/** Promoting a self-assessment priority for improvement into the plan (issue 15 point 2). */
export function promotionPages(services: Services): Page[] {
  const promote = definePage({
    path: paths.promote,
    access: 'plan:edit',
    params: z.object({ id: idParam }),
    only: 'post',
    view: () => ({
      template: `${VIEWS}/promote-refused.njk`,
      title: 'This priority is already in the plan',
      locals: { plan: planPaths.index() },
    }),
    submit: async ({ actor, params }) => {
      const created = await services.strategyPromotion.promote(actor, params.id);
      return {
        redirect: planPaths.priority({ id: created.id }),
        flash: `Priority ${created.rank}, ${created.title}, is added to the plan`,
      };
    },
  });
  return [promote];
}
