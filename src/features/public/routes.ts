import { z } from 'zod';
import type { Services } from '../../services.ts';
import { formatDate } from '../../lib/dates.ts';
import { defineFeature, definePage, type Feature } from '../../web/kit/page.ts';
import { figureText, isCountUnit } from '../reports/theme-figures.ts';
import { directionText, indicatorTag } from '../reports/theme-view.ts';
import { PUBLIC_PREFIX, publicPaths as paths } from './paths.ts';

const bySlug = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,80}$/) });

/** The public progress page, open to anyone once a partnership publishes it (issue 16 point 4). */
export function publicFeature(services: Services): Feature {
  const progress = definePage({
    path: paths.progress,
    access: 'public',
    params: bySlug,
    load: ({ params }) => services.publicProgress.progress(params.slug),
    view: (found) => ({
      template: 'public/views/progress.njk',
      title: `Workforce strategy progress: ${found.partnership.name}`,
      locals: {
        ...found,
        partnership: { name: found.partnership.name },
        asAt: formatDate(found.today),
        counts: {
          actions: figureText(found.actionCount),
          red: figureText(found.rag.red),
          amber: figureText(found.rag.amber),
          green: figureText(found.rag.green),
          blue: figureText(found.rag.blue),
          grey: figureText(found.rag.grey),
          sessions: figureText(found.training.sessions),
          people: figureText(found.training.people),
        },
        indicatorRows: found.indicators.map((i) => ({
          ...i,
          valueText:
            i.value === null ? 'No value' : `${figureText(i.value)}${typeof i.value === 'number' ? ` ${i.unit}` : ''}`,
          isCount: isCountUnit(i.unit),
          tag: indicatorTag(i.rag),
          quarter: i.quarterEnd ? formatDate(i.quarterEnd) : '',
          lastQuarter: directionText(i.vsLastQuarter),
          lastYear: directionText(i.vsLastYear),
        })),
        strategyHref: paths.strategy({ slug: found.partnership.slug }),
        columnClass: 'govuk-grid-column-full',
      },
    }),
  });
  return defineFeature(PUBLIC_PREFIX, [progress], paths);
}
