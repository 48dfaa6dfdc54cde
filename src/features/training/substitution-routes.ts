import { z } from 'zod';
import type { Services } from '../../services.ts';
import { formatDateTime } from '../../lib/time.ts';
import { definePage, formText, idParam, type Page } from '../../web/kit/page.ts';
import { evaluationPaths as paths } from './evaluation-paths.ts';
import { trainingPaths } from './paths.ts';

/** Handing a booked place to a colleague from the same organisation (issue 14, point 3). */
export function substitutionPages(services: Services): Page[] {
  const { substitution } = services.training;
  const substitute = definePage({
    path: paths.substitute,
    access: 'training:catalogue',
    params: z.object({ id: idParam }),
    form: z.object({ email: formText }),
    load: ({ actor, params }) => substitution.get(actor, params.id),
    view: (data) => ({
      template: 'training/views/substitute.njk',
      title: `Give ${data.person.name}’s place to a colleague`,
      locals: {
        person: data.person,
        course: data.course,
        when: formatDateTime(data.session.starts_at),
        booked: data.booking.status === 'booked',
        action: paths.substitute({ id: data.booking.id }),
        backLink: trainingPaths.booking({ id: data.booking.id }),
        cancel: trainingPaths.booking({ id: data.booking.id }),
      },
    }),
    submit: async ({ actor, params, form }) => {
      const { replacement, colleague } = await substitution.substitute(actor, params.id, form.email);
      return {
        redirect: trainingPaths.booking({ id: replacement.id }),
        flash: `${colleague.name} now has the place and is sent the confirmation with a calendar invite. No cancellation charge applies.`,
      };
    },
  });
  return [substitute];
}
