import { z } from 'zod';
import type { Services } from '../../services.ts';
import { definePage, formChoices, formText, idParam, type Page } from '../../web/kit/page.ts';
import { formList } from '../../web/kit/render.ts';
import { hasCapability } from '../../auth/actor.ts';
import { planPaths as paths } from './paths.ts';
import { THEME_NAMES } from './plan-input.ts';
import type { ObjectiveView, PriorityView } from './priorities-service.ts';
import { actionRows, datePartsOf, formPage, VIEWS } from './view-helpers.ts';

const byId = z.object({ id: idParam });

const priorityForm = z.object({
  title: formText,
  description: formText,
  rank: formText,
  themes: formChoices,
  appetite: formText,
});

const objectiveForm = z
  .object({
    what: formText,
    measure: formText,
    target: formText,
    owner: formText,
    'due-day': formText,
    'due-month': formText,
    'due-year': formText,
  })
  .transform((f) => ({ ...f, due: { day: f['due-day'], month: f['due-month'], year: f['due-year'] } }));

const themeItems = (chosen: string[]) =>
  Object.entries(THEME_NAMES).map(([value, text]) => ({ value, text, checked: chosen.includes(value) }));

const priorityValues = (p: PriorityView) => ({
  ...p,
  rank: String(p.rank),
  themes: p.themes.map(String),
  appetite: String(p.riskAppetite),
});

const objectiveValues = (o: ObjectiveView) => ({ ...o, ...datePartsOf('due', o.dueDate) });

/** The overview, priorities and their SMART objectives. */
const indexPage = (services: Services) =>
  definePage({
    path: paths.index,
    access: 'plan:update-own',
    load: async ({ actor }) => ({
      priorities: hasCapability(actor, 'plan:view') ? await services.planPriorities.list(actor) : [],
      mine: await services.planActions.mine(actor),
    }),
    view: ({ priorities: list, mine }, { actor }) => ({
      template: `${VIEWS}/index.njk`,
      title: 'Strategy and action plan',
      locals: {
        priorities: list.map((p) => ({ ...p, themeNames: p.themes.map((t) => THEME_NAMES[t]) })),
        mineCount: mine.length,
        canView: hasCapability(actor, 'plan:view'),
        canEdit: hasCapability(actor, 'plan:edit'),
      },
    }),
  });

const formView = (values: unknown, heading: string, action: string, back: string) =>
  formPage('priority-form.njk', heading, action, back, {
    values,
    themeItems: themeItems(formList(values, 'themes')),
  });

const addPage = (services: Services) =>
  definePage({
    path: paths.newPriority,
    access: 'plan:edit',
    form: priorityForm,
    view: (_d, _c, form) => formView(form?.values ?? {}, 'Add a priority', paths.newPriority(), paths.index()),
    submit: async ({ actor, form }) => {
      const created = await services.planPriorities.create(actor, form);
      return { redirect: paths.priority({ id: created.id }), flash: `Priority ${created.title} is added` };
    },
  });

const showPage = (services: Services) =>
  definePage({
    path: paths.priority,
    access: 'plan:view',
    params: byId,
    load: ({ actor, params }) => services.planPriorities.get(actor, params.id),
    view: (found) => ({
      template: `${VIEWS}/priority.njk`,
      title: found.priority.title,
      locals: {
        ...found,
        themeNames: found.priority.themes.map((t) => THEME_NAMES[t]),
        actions: actionRows(found.actions),
        backLink: paths.index(),
      },
    }),
  });

const editPage = (services: Services) =>
  definePage({
    path: paths.editPriority,
    access: 'plan:edit',
    params: byId,
    form: priorityForm,
    load: ({ actor, params }) => services.planPriorities.get(actor, params.id),
    view: ({ priority }, _c, form) =>
      formView(
        form?.values ?? priorityValues(priority),
        'Change the priority',
        paths.editPriority({ id: priority.id }),
        paths.priority({ id: priority.id }),
      ),
    submit: async ({ actor, params, form }) => {
      const saved = await services.planPriorities.update(actor, params.id, form);
      return { redirect: paths.priority({ id: params.id }), flash: `Changes to ${saved.title} are saved` };
    },
  });

const objectiveView = (values: unknown, heading: string, caption: string, action: string, back: string) =>
  formPage('objective-form.njk', heading, action, back, { values, caption });

const addObjectivePage = (services: Services) =>
  definePage({
    path: paths.newObjective,
    access: 'plan:edit',
    params: byId,
    form: objectiveForm,
    load: ({ actor, params }) => services.planPriorities.get(actor, params.id),
    view: ({ priority }, _c, form) =>
      objectiveView(
        form?.values ?? {},
        'Add a SMART objective',
        priority.title,
        paths.newObjective({ id: priority.id }),
        paths.priority({ id: priority.id }),
      ),
    submit: async ({ actor, params, form }) => {
      await services.planPriorities.createObjective(actor, params.id, form);
      return { redirect: paths.priority({ id: params.id }), flash: 'The objective is added' };
    },
  });

const editObjectivePage = (services: Services) =>
  definePage({
    path: paths.editObjective,
    access: 'plan:edit',
    params: byId,
    form: objectiveForm,
    load: ({ actor, params }) => services.planPriorities.getObjective(actor, params.id),
    view: ({ objective, priority }, _c, form) =>
      objectiveView(
        form?.values ?? objectiveValues(objective),
        'Change the objective',
        priority.title,
        paths.editObjective({ id: objective.id }),
        paths.priority({ id: priority.id }),
      ),
    submit: async ({ actor, params, form }) => {
      const saved = await services.planPriorities.updateObjective(actor, params.id, form);
      return { redirect: paths.priority({ id: saved.priorityId }), flash: 'Changes to the objective are saved' };
    },
  });

export const priorityPages = (services: Services): Page[] => [
  indexPage(services),
  addPage(services),
  showPage(services),
  editPage(services),
  addObjectivePage(services),
  editObjectivePage(services),
];
