import { formatDate } from '../../lib/dates.ts';
import { trainingPaths } from '../training/paths.ts';
import type { ActionView } from './actions-service.ts';
import { planPaths as paths } from './paths.ts';
import { formatPounds, STAGE_NAMES, THEME_NAMES } from './plan-input.ts';
import { RAG_LABELS, type Rag } from './rag.ts';

export const VIEWS = 'plan/views';

/** govuk-tag colours for each RAG state; the tag's words carry the meaning, never colour alone. */
export const RAG_TAG: Record<Rag, string> = {
  red: 'govuk-tag--red',
  amber: 'govuk-tag--orange',
  green: 'govuk-tag--green',
  blue: 'govuk-tag--blue',
  grey: 'govuk-tag--grey',
};

/** A YYYY-MM-DD date as a GOV.UK date input's three boxes, named `${name}-day` and so on. */
export function datePartsOf(name: string, iso: string | null): Record<string, string> {
  const [year = '', month = '', day = ''] = (iso ?? '').split('-');
  return {
    [`${name}-day`]: String(Number(day) || ''),
    [`${name}-month`]: String(Number(month) || ''),
    [`${name}-year`]: year,
  };
}

/** An action as the tables and its page show it. */
export function actionRow(a: ActionView) {
  return {
    ...a,
    href: paths.action({ id: a.id }),
    ragLabel: RAG_LABELS[a.status.rag],
    ragClass: RAG_TAG[a.status.rag],
    workedLabel: RAG_LABELS[a.status.worked],
    themeNames: a.themes.map((t) => THEME_NAMES[String(t)]),
    stageNames: a.stages.map((s) => STAGE_NAMES[String(s)]),
    cost: formatPounds(a.costPence),
    timescale: `${formatDate(a.startDate)} to ${formatDate(a.dueDate)}`,
    lead: a.leadOrganisation ? `${a.leadName}, ${a.leadOrganisation}` : a.leadName,
    courses: a.courses.map((c) => ({ ...c, href: trainingPaths.course({ id: c.id }) })),
  };
}

export const actionRows = (list: ActionView[]) => list.map(actionRow);

/** A form page: its heading is its title, and Back and Cancel both go to `back`. */
export function formPage(
  template: string,
  heading: string,
  action: string,
  back: string,
  locals: Record<string, unknown>,
) {
  return {
    template: `${VIEWS}/${template}`,
    title: heading,
    locals: { heading, action, backLink: back, cancel: back, ...locals },
  };
}

/** The priorities as select options, the chosen one selected, after a first "none" option. */
export const priorityOptions = (
  priorities: { id: number; rank: number; title: string }[],
  chosen: string,
  none: string,
) => [
  { value: '', text: none },
  ...priorities.map((p) => ({ value: String(p.id), text: `${p.rank}. ${p.title}`, selected: chosen === String(p.id) })),
];
