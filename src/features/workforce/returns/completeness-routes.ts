import { formatDate, isIsoDate } from '../../../lib/dates.ts';
import { z } from 'zod';
import { ValidationError } from '../../../lib/errors.ts';
import { definePage, type Page, type SubmittedForm } from '../../../web/kit/page.ts';
import type { Services } from '../../../services.ts';
import { type Actor, hasCapability } from '../../../auth/actor.ts';
import { returnsPaths as paths } from './paths.ts';
import { dateFromParts, dateParts as parts, NO_ORGANISATION, withoutOrganisation } from './returns-common.ts';

const censusQuery = z.object({ census: z.string().optional().catch(undefined) });

/** The partnership's returns page: who has submitted for a census date, and how complete each field is. */
export function completenessPages(services: Services, reminderDays: number): Page[] {
  const completeness = services.workforceCompleteness;

  async function load(actor: Actor, chosen: string) {
    if (withoutOrganisation(actor)) return null;
    const censusDates = await completeness.censusDates(actor);
    const censusDate = censusDates.includes(chosen) ? chosen : (censusDates[0] ?? null);
    const rows = censusDate ? await completeness.forCensusDate(actor, censusDate) : [];
    const deadline = censusDate ? await completeness.deadline(actor, censusDate) : null;
    return { censusDates, censusDate, rows, deadline, canSetDeadline: hasCapability(actor, 'workforce:submit-any') };
  }

  const view = (data: Awaited<ReturnType<typeof load>>, form?: SubmittedForm) => {
    if (!data) return NO_ORGANISATION;
    const values = form?.values ?? {};
    return {
      template: 'workforce/returns/views/completeness.njk',
      title: 'Returns and completeness',
      locals: {
        ...data,
        columnClass: 'govuk-grid-column-full',
        backLink: paths.landing(),
        censusDateText: formatDate(data.censusDate),
        deadlineText: formatDate(data.deadline),
        censusItems: data.censusDates.map((d) => ({ value: d, text: formatDate(d), selected: d === data.censusDate })),
        submittedCount: data.rows.filter((r) => r.submitted).length,
        deadlineForm: { census: parts(values, 'census-date'), deadline: parts(values, 'deadline') },
        reminderDays,
      },
    };
  };

  const index = definePage({
    path: paths.completeness,
    access: 'workforce:view-own',
    query: censusQuery,
    load: ({ actor, query }) => load(actor, query.census && isIsoDate(query.census) ? query.census : ''),
    view: (data, _ctx, form) => view(data, form),
  });

  const collections = definePage({
    path: paths.collections,
    access: 'workforce:submit-any',
    only: 'post',
    load: ({ actor, req }) => load(actor, dateFromParts(req.body, 'census-date')),
    view: (data, _ctx, form) => view(data, form),
    // The service names its fields; the form's date inputs are addressed by their day box.
    errorField: (field) => (field.endsWith('-day') ? field : `${field}-day`),
    submit: async ({ actor, req }) => {
      const body: unknown = req.body;
      const censusDate = dateFromParts(body, 'census-date');
      const deadline = dateFromParts(body, 'deadline');
      const errors: Record<string, string> = {};
      if (!censusDate) errors['census-date-day'] = 'Enter the census date as a real date, for example 30 9 2026';
      if (!deadline) errors['deadline-day'] = 'Enter the deadline as a real date, for example 31 10 2026';
      if (Object.keys(errors).length) throw new ValidationError(errors);
      await completeness.setDeadline(actor, censusDate, deadline);
      return {
        redirect: `${paths.completeness()}?census=${censusDate}`,
        flash: `Returns for ${formatDate(censusDate)} are due by ${formatDate(deadline)}`,
      };
    },
  });

  return [index, collections];
}
