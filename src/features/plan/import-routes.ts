import { z } from 'zod';
import type { Services } from '../../services.ts';
import { definePage, formText, idParam, type Page } from '../../web/kit/page.ts';
import { formField } from '../../web/kit/render.ts';
import { formatDate } from '../../lib/dates.ts';
import { ValidationError } from '../../lib/errors.ts';
import { planPaths as paths } from './paths.ts';
import { formatPounds, THEME_NAMES } from './plan-input.ts';
import { VIEWS } from './view-helpers.ts';

const MAX_BYTES = 5 * 1024 * 1024;
const importForm = z.object({ priorityId: formText, organisation: formText });

/** Importing an existing action plan: upload and check, review, then add every action or none. */
export function importPages(services: Services): Page[] {
  const imports = services.planImports;

  const upload = definePage({
    path: paths.importPlan,
    access: 'plan:edit',
    upload: { field: 'file', maxBytes: MAX_BYTES },
    form: importForm,
    load: async ({ actor }) => ({
      priorities: await services.planPriorities.list(actor),
      organisations: await services.organisations.list(actor),
    }),
    view: (data, _c, form) => ({
      template: `${VIEWS}/import.njk`,
      title: 'Import an action plan',
      locals: {
        problems: Object.entries(form?.errors ?? {})
          .filter(([key]) => key.startsWith('problem-'))
          .map(([id, text]) => ({ id, text })),
        priorityItems: [
          { value: '', text: 'Select a priority' },
          ...data.priorities.map((p) => ({
            value: String(p.id),
            text: `${p.rank}. ${p.title}`,
            selected: formField(form?.values, 'priorityId') === String(p.id),
          })),
        ],
        organisationItems: [
          { value: '', text: 'None: such leads are errors' },
          ...data.organisations.map((o) => ({
            value: o.name,
            text: o.name,
            selected: formField(form?.values, 'organisation') === o.name,
          })),
        ],
        backLink: paths.actions(),
      },
    }),
    submit: async ({ actor, form, upload: file }) => {
      if (!file) throw new ValidationError({ file: 'Choose a file to upload' });
      const id = await imports.check(actor, file, form);
      return { redirect: paths.reviewImport({ id }) };
    },
  });

  const review = definePage({
    path: paths.reviewImport,
    access: 'plan:edit',
    params: z.object({ id: idParam }),
    form: z.object({}),
    load: ({ actor, params }) => imports.review(actor, params.id),
    view: (staged) => ({
      template: `${VIEWS}/import-review.njk`,
      title: 'Check the actions before importing them',
      locals: {
        staged,
        rows: staged.actions.map((a) => ({
          ...a,
          priority: staged.priorityTitles[a.priorityId] ?? '',
          themeNames: a.themes.map((t) => THEME_NAMES[String(t)]).join('; '),
          timescale: `${formatDate(a.startDate)} to ${formatDate(a.dueDate)}`,
          lead: a.leadOrganisation ? `${a.leadName}, ${a.leadOrganisation}` : a.leadName,
          cost: formatPounds(a.costPence),
        })),
        backLink: paths.importPlan(),
        columnClass: 'govuk-grid-column-full',
      },
    }),
    submit: async ({ actor, params }) => {
      const count = await imports.commit(actor, params.id);
      return { redirect: paths.actions(), flash: `${count} ${count === 1 ? 'action is' : 'actions are'} imported` };
    },
  });

  return [upload, review];
}
