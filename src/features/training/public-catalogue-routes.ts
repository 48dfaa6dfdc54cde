import { z } from 'zod';
import type { Services } from '../../services.ts';
import { definePage, idParam, redirectTo, type Page } from '../../web/kit/page.ts';
import { formatDateTime } from '../../lib/time.ts';
import { DELIVERY, hoursText, label, LEVELS, moneyText } from './codes.ts';
import { registrationPaths as paths } from './registration-paths.ts';

const VIEWS = 'training/views/registration';

/** The public catalogue and its .ics feed, open without an account when the partnership switches them on. */
export function publicCataloguePages(services: Services): Page[] {
  const pub = services.trainingPublic;

  const index = definePage({
    path: paths.publicCatalogue,
    access: 'public',
    load: async () => {
      const partnerships = await pub.partnerships();
      const only = partnerships.length === 1 ? partnerships[0] : undefined;
      return only ? redirectTo(paths.publicPartnership({ partnership: only.id })) : partnerships;
    },
    view: (partnerships) => ({
      template: `${VIEWS}/public-index.njk`,
      title: 'Training catalogues',
      locals: {
        partnerships: partnerships.map((p) => ({ ...p, href: paths.publicPartnership({ partnership: p.id }) })),
      },
    }),
  });

  const catalogue = definePage({
    path: paths.publicPartnership,
    access: 'public',
    params: z.object({ partnership: idParam }),
    load: ({ params }) => pub.catalogue(params.partnership),
    view: ({ partnership, courses }) => ({
      template: `${VIEWS}/public-catalogue.njk`,
      title: `${partnership.name}: training`,
      locals: {
        partnership,
        feedHref: paths.feed({ partnership: partnership.id }),
        registerHref: paths.selfRegister(),
        courses: courses.map((c) => ({
          ...c,
          levelName: label(LEVELS, c.level),
          deliveryName: label(DELIVERY, c.delivery),
          hours: hoursText(c.duration_minutes),
          cost: moneyText(c.cost_pence),
          sessions: c.sessions.map((s) => ({
            ...s,
            when: formatDateTime(s.starts_at),
            where: s.venue || (s.online_link ? 'Online' : ''),
          })),
        })),
      },
    }),
  });

  const feed = definePage({
    path: paths.feed,
    access: 'public',
    params: z.object({ partnership: idParam }),
    handle: async ({ params, res }) => {
      const ics = await pub.feed(params.partnership);
      res.set('Content-Type', 'text/calendar; charset=utf-8').set('Cache-Control', 'public, max-age=300').send(ics);
    },
  });

  return [index, catalogue, feed];
}
