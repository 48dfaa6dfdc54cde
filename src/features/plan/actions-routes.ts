import { z } from 'zod';
import type { Services } from '../../services.ts';
import type { Actor } from '../../auth/actor.ts';
import { hasCapability } from '../../auth/actor.ts';
import { todayInLondon } from '../../lib/dates.ts';
import { sendTable } from '../../lib/spreadsheet.ts';
import { definePage, formChoices, formText, idParam, type Page } from '../../web/kit/page.ts';
import { formField, formList } from '../../web/kit/render.ts';
import type { Path } from '../../web/kit/paths.ts';
import type { ActionView } from './actions-service.ts';
import { planPaths as paths } from './paths.ts';
import { actionPlanSheet } from './plan-export.ts';
import { STAGE_NAMES, THEME_NAMES } from './plan-input.ts';
import { AMBER_GAP, OVERRIDABLE, RAG_LABELS, RED_GAP, STALE_WEEKS } from './rag.ts';
import { actionRow, actionRows, datePartsOf, formPage, priorityOptions, VIEWS } from './view-helpers.ts';

const byId = z.object({ id: idParam });

const actionForm = z
  .object({
    title: formText,
    priorityId: formText,
    objectiveId: formText,
    themes: formChoices,
    stages: formChoices,
    outcomes: formText,
    successCriteria: formText,
    leadUserId: formText,
    leadName: formText,
    leadOrganisation: formText,
    cost: formText,
    fundingStream: formText,
    courseIds: formChoices,
    'start-day': formText,
    'start-month': formText,
    'start-year': formText,
    'due-day': formText,
    'due-month': formText,
    'due-year': formText,
  })
  .transform((f) => ({
    ...f,
    start: { day: f['start-day'], month: f['start-month'], year: f['start-year'] },
    due: { day: f['due-day'], month: f['due-month'], year: f['due-year'] },
  }));

const updateForm = z.object({ progress: formText, narrative: formText });
const overrideForm = z.object({ rag: formText, reason: formText });
const downloadQuery = z.object({ format: z.enum(['csv', 'xlsx']).catch('csv') });

const choices = (names: Record<string, string>, chosen: string[]) =>
  Object.entries(names).map(([value, text]) => ({ value, text, checked: chosen.includes(value) }));

const actionValues = (a: ActionView) => ({
  ...a,
  priorityId: String(a.priorityId ?? ''),
  objectiveId: String(a.objectiveId ?? ''),
  themes: a.themes.map(String),
  stages: a.stages.map(String),
  leadUserId: String(a.leadUserId ?? ''),
  leadName: a.leadUserId ? '' : a.leadName,
  leadOrganisation: a.leadUserId ? '' : a.leadOrganisation,
  cost: a.costPence === null ? '' : String(a.costPence / 100),
  courseIds: a.courses.map((c) => String(c.id)),
  ...datePartsOf('start', a.startDate),
  ...datePartsOf('due', a.dueDate),
});

const RULE = {
  amberGap: AMBER_GAP,
  redGap: RED_GAP,
  staleWeeks: STALE_WEEKS,
};

/** The choices the action form offers: priorities, leads and courses. */
async function formChoicesFor(services: Services, actor: Actor) {
  const [priorities, leads, courses] = await Promise.all([
    services.planPriorities.list(actor),
    services.planActions.leadChoices(actor),
    services.planActions.courseChoices(actor),
  ]);
  return { priorities, leads, courses };
}

/** A list of actions: all of them, the exceptions (red, amber, stale) or the actor's own. */
const listPage = (services: Services, path: Path<string>, title: string, kind: 'all' | 'exceptions' | 'mine') =>
  definePage({
    path,
    access: kind === 'mine' ? 'plan:update-own' : 'plan:view',
    load: ({ actor }) =>
      kind === 'mine'
        ? services.planActions.mine(actor)
        : kind === 'exceptions'
          ? services.planActions.exceptions(actor)
          : services.planActions.list(actor),
    view: (list, { actor }) => {
      const rows = actionRows(list);
      return {
        template: `${VIEWS}/actions.njk`,
        title,
        locals: {
          kind,
          heading: title,
          complete: rows.filter((a) => a.status.rag === 'blue'),
          open: rows.filter((a) => a.status.rag !== 'blue'),
          rule: RULE,
          canEdit: hasCapability(actor, 'plan:edit'),
          downloads: kind === 'all',
          backLink: paths.index(),
        },
      };
    },
  });

/** An action as its viewer may see it: a lead without plan:view gets the action and its update form only. */
const loadAction = async (services: Services, actor: Actor, id: number) =>
  hasCapability(actor, 'plan:view')
    ? services.planActions.get(actor, id)
    : { action: await services.planActions.getForUpdate(actor, id), updates: [], canUpdate: true, canEdit: false };

const actionView = (found: Awaited<ReturnType<typeof loadAction>>, chosenRag: string | null) => ({
  template: `${VIEWS}/action.njk`,
  title: found.action.title,
  locals: {
    ...found,
    action: actionRow(found.action),
    overrideItems: [
      { value: '', text: `The worked-out colour (${RAG_LABELS[found.action.status.worked]})` },
      ...OVERRIDABLE.map((rag) => ({ value: rag, text: RAG_LABELS[rag], selected: chosenRag === rag })),
    ],
    rule: RULE,
    backLink: paths.actions(),
  },
});

/** The action plan: the table, exceptions, an action with its updates, and its forms. */
function formView(
  data: Awaited<ReturnType<typeof formChoicesFor>>,
  values: unknown,
  heading: string,
  action: string,
  back: string,
) {
  return formPage('action-form.njk', heading, action, back, {
    values,
    priorityItems: priorityOptions(data.priorities, formField(values, 'priorityId'), 'Select a priority'),
    objectiveItems: [
      { value: '', text: 'None' },
      ...data.priorities.flatMap((p) =>
        p.objectives.map((o) => ({
          value: String(o.id),
          text: `${p.rank}. ${o.what}`,
          selected: formField(values, 'objectiveId') === String(o.id),
        })),
      ),
    ],
    leadItems: [
      { value: '', text: 'Someone without an account (name them below)' },
      ...data.leads.map((u) => ({
        value: String(u.id),
        text: u.organisation_name ? `${u.display_name}, ${u.organisation_name}` : u.display_name,
        selected: formField(values, 'leadUserId') === String(u.id),
      })),
    ],
    themeItems: choices(THEME_NAMES, formList(values, 'themes')),
    stageItems: choices(STAGE_NAMES, formList(values, 'stages')),
    courseItems: data.courses.map((c) => ({
      value: String(c.id),
      text: c.archived ? `${c.title} (archived)` : c.title,
      checked: formList(values, 'courseIds').includes(String(c.id)),
    })),
  });
}

/** The action plan's pages: the lists, the download, an action, and the forms that change one. */
export function actionPages(services: Services): Page[] {
  const read = actionReadPages(services);
  const change = actionChangePages(services);
  return [
    listPage(services, paths.actions, 'Action plan', 'all'),
    listPage(services, paths.exceptions, 'Exceptions: red, amber and stale actions', 'exceptions'),
    listPage(services, paths.mine, 'Actions you lead', 'mine'),
    read.download,
    change.add,
    read.show,
    change.edit,
    change.addUpdate,
    change.overrideRag,
  ];
}

function actionReadPages(services: Services) {
  const actions = services.planActions;

  const download = definePage({
    path: paths.download,
    access: 'plan:view',
    query: downloadQuery,
    handle: async ({ actor, res, query }) => {
      await sendTable(res, query.format, `action-plan-${todayInLondon()}`, [
        actionPlanSheet(await actions.list(actor)),
      ]);
    },
  });

  const show = definePage({
    path: paths.action,
    access: 'plan:update-own',
    params: byId,
    load: ({ actor, params }) => loadAction(services, actor, params.id),
    view: (found) => actionView(found, found.action.ragOverride),
  });

  return { download, show };
}

function actionChangePages(services: Services) {
  const actions = services.planActions;

  const add = definePage({
    path: paths.newAction,
    access: 'plan:edit',
    form: actionForm,
    load: ({ actor }) => formChoicesFor(services, actor),
    view: (data, _c, form) => formView(data, form?.values ?? {}, 'Add an action', paths.newAction(), paths.actions()),
    submit: async ({ actor, form }) => {
      const created = await actions.create(actor, form);
      return { redirect: paths.action({ id: created.id }), flash: `The action ${created.title} is added` };
    },
  });

  /** The action as a reader sees it, or as its lead sees it when they may not read the whole plan. */

  const edit = definePage({
    path: paths.editAction,
    access: 'plan:edit',
    params: byId,
    form: actionForm,
    load: async ({ actor, params }) => ({
      ...(await formChoicesFor(services, actor)),
      found: await actions.get(actor, params.id),
    }),
    view: (data, _c, form) =>
      formView(
        data,
        form?.values ?? actionValues(data.found.action),
        'Change the action',
        paths.editAction({ id: data.found.action.id }),
        paths.action({ id: data.found.action.id }),
      ),
    submit: async ({ actor, params, form }) => {
      const saved = await actions.update(actor, params.id, form);
      return { redirect: paths.action({ id: params.id }), flash: `Changes to ${saved.title} are saved` };
    },
  });

  /** Posts from the action's page; a failed one shows that page again with its errors. */
  const actionPost = <F>(
    path: Path<'/plan/actions/:id/updates' | '/plan/actions/:id/rag'>,
    form: z.ZodType<F>,
    run: (actor: Actor, id: number, form: F) => Promise<string>,
  ) =>
    definePage({
      path,
      access: 'plan:update-own',
      only: 'post',
      params: byId,
      form,
      load: ({ actor, params }) => loadAction(services, actor, params.id),
      view: (found, _ctx, submitted) =>
        actionView(found, formField(submitted?.values, 'rag') || found.action.ragOverride),
      submit: async ({ actor, params, form: values }) => ({
        redirect: paths.action({ id: params.id }),
        flash: await run(actor, params.id, values),
      }),
    });

  const addUpdate = actionPost(paths.addUpdate, updateForm, async (actor, id, form) => {
    const saved = await actions.addUpdate(actor, id, form);
    return `Your update is added: ${saved.progress}% done, ${RAG_LABELS[saved.status.rag]}`;
  });

  const overrideRag = actionPost(paths.overrideRag, overrideForm, async (actor, id, form) => {
    const saved = await actions.overrideRag(actor, id, form);
    return saved.status.overridden
      ? `The RAG is set to ${RAG_LABELS[saved.status.rag]}`
      : `The RAG is the worked-out colour, ${RAG_LABELS[saved.status.rag]}`;
  });

  return { add, edit, addUpdate, overrideRag };
}
