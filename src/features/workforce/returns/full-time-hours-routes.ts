import { z } from 'zod';
import { definePage, formText, idParam, type Page } from '../../../web/kit/page.ts';
import type { Services } from '../../../services.ts';
import { HOURS_PER_FTE } from '../standard/worker-checks.ts';
import { returnsPaths as paths } from './paths.ts';
import { VIEWS } from './returns-common.ts';

const byOrganisation = z.object({ organisationId: idParam });

/** The organisation's full-time hours: the page that sets them, for those who submit its returns. */
export function fullTimeHoursPages(services: Services): Page[] {
  const hours = services.fullTimeHours;

  const fullTimeHours = definePage({
    path: paths.fullTimeHours,
    access: 'workforce:view-own',
    params: byOrganisation,
    form: z.object({ fullTimeHours: formText }),
    load: ({ actor, params }) => hours.get(actor, params.organisationId),
    view: (org, _ctx, form) => ({
      template: `${VIEWS}/full-time-hours.njk`,
      title: `Full-time hours for ${org.name}`,
      locals: {
        organisation: org,
        value: form ? String(form.values.fullTimeHours ?? '') : String(org.full_time_hours),
        standardHours: HOURS_PER_FTE,
        backLink: paths.history({ organisationId: org.id }),
      },
    }),
    submit: async ({ actor, params, form }) => {
      const org = await hours.set(actor, params.organisationId, form.fullTimeHours); // ValidationError → form again, 400
      return {
        redirect: paths.fullTimeHours({ organisationId: org.id }),
        flash: `Full-time hours for ${org.name} are ${org.full_time_hours} a week`,
      };
    },
  });

  return [fullTimeHours];
}
