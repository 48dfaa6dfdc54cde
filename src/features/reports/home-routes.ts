import { z } from 'zod';
import type { Services } from '../../services.ts';
import { ValidationError } from '../../lib/errors.ts';
import { defineFeature, definePage, formText, idParam, type Feature } from '../../web/kit/page.ts';
import { publicPaths } from '../public/paths.ts';
import { REPORTS_PREFIX, reportsPaths as paths } from './home-paths.ts';
import { figureText } from './theme-figures.ts';
import { themePages } from './theme-routes.ts';

const VIEWS = 'reports/views';
const publishForm = z.object({ published: formText });

/** The reports home, each organisation's pack, the publication setting and the theme pages. */
export function reportsHomeFeature(services: Services): Feature {
  const reports = services.reportsHome;

  const home = definePage({
    path: paths.home,
    access: 'organisations:view',
    load: ({ actor }) => reports.home(actor),
    view: (found) => ({
      template: `${VIEWS}/home.njk`,
      title: 'Reports',
      locals: {
        ...found,
        themeLinks: found.themes.map((t) => ({ ...t, href: paths.theme({ theme: t.position }) })),
        publicHref:
          found.publication.published && found.publication.slug
            ? publicPaths.progress({ slug: found.publication.slug })
            : null,
      },
    }),
  });

  const organisation = definePage({
    path: paths.organisation,
    access: 'workforce:view-own',
    params: z.object({ id: idParam }),
    load: ({ actor, params }) => reports.organisationPack(actor, params.id),
    view: (pack) => ({
      template: `${VIEWS}/organisation.njk`,
      title: `${pack.organisation.name}: organisation pack`,
      locals: {
        ...pack,
        trainingText: { people: figureText(pack.training.people), noShows: figureText(pack.training.noShows) },
        historyHref: `/workforce/organisations/${pack.organisation.id}/returns`,
        backLink: paths.home(),
      },
    }),
  });

  const publication = definePage({
    path: paths.publication,
    access: 'plan:edit',
    form: publishForm,
    load: ({ actor }) => reports.publication(actor),
    view: (found, _ctx, form) => ({
      template: `${VIEWS}/publication.njk`,
      title: 'Public progress page',
      locals: {
        ...found,
        publicHref: found.slug ? publicPaths.progress({ slug: found.slug }) : null,
        chosen: form?.values.published ?? (found.published ? 'yes' : 'no'),
        backLink: paths.home(),
      },
    }),
    submit: async ({ actor, form }) => {
      if (form.published !== 'yes' && form.published !== 'no')
        throw new ValidationError({ published: 'Select whether to publish the progress page' });
      await reports.setPublication(actor, form.published === 'yes');
      return {
        redirect: paths.home(),
        flash: form.published === 'yes' ? 'The progress page is published' : 'The progress page is withdrawn',
      };
    },
  });

  return defineFeature(REPORTS_PREFIX, [home, organisation, publication, ...themePages(services)], {
    ...paths,
    publicProgress: publicPaths.progress,
  });
}
