import { z } from 'zod';
import type { Services } from '../../services.ts';
import { definePage, idParam, type Page, type SubmittedForm } from '../../web/kit/page.ts';
import { CHECKLIST } from './checklist.ts';
import type { ChecklistAnswerInput, ChecklistService } from './checklist-service.ts';
import { strategyPaths as paths } from './paths.ts';
import { VIEWS } from './view-helpers.ts';

const byId = z.object({ id: idParam });
const anyForm = z.record(z.string(), z.unknown());
const text = (form: Record<string, unknown>, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value : '';
};

/** The posted form as one answer per question. */
export const answersFrom = (form: Record<string, unknown>): Record<string, ChecklistAnswerInput> =>
  Object.fromEntries(
    CHECKLIST.map((q) => [
      q.key,
      {
        answer: text(form, `answer-${q.key}`),
        evidence: text(form, `evidence-${q.key}`),
        links: text(form, `links-${q.key}`),
      },
    ]),
  );

type Found = Awaited<ReturnType<ChecklistService['get']>>;

/** The stored answers as the form's values. */
const storedValues = (found: Found) =>
  Object.fromEntries(
    found.questions.flatMap((q) => [
      [`answer-${q.key}`, q.answer],
      [`evidence-${q.key}`, q.evidence],
      [`links-${q.key}`, q.links.join('\n')],
    ]),
  );

/** The toolkit checklist of a version: its summary and answers, and the form that answers it. */
export function checklistPages(services: Services): Page[] {
  const checklist = services.strategyChecklist;
  const summary = definePage({
    path: paths.checklist,
    access: 'plan:view',
    params: byId,
    load: ({ actor, params }) => checklist.get(actor, params.id),
    view: (found) => ({
      template: `${VIEWS}/checklist.njk`,
      title: `Toolkit checklist: version ${found.version.number} of ${found.strategy.title}`,
      locals: { ...found, backLink: paths.version({ id: found.version.id }) },
    }),
  });

  const edit = definePage({
    path: paths.editChecklist,
    access: 'plan:edit',
    params: byId,
    form: anyForm,
    load: ({ actor, params }) => checklist.get(actor, params.id),
    view: (found, _c, form?: SubmittedForm) => ({
      template: `${VIEWS}/checklist-form.njk`,
      title: `Answer the toolkit checklist: version ${found.version.number} of ${found.strategy.title}`,
      locals: {
        ...found,
        values: form?.values ?? storedValues(found),
        action: paths.editChecklist({ id: found.version.id }),
        backLink: paths.checklist({ id: found.version.id }),
        cancel: paths.checklist({ id: found.version.id }),
      },
    }),
    submit: async ({ actor, params, form }) => {
      const counts = await checklist.save(actor, params.id, answersFrom(form));
      return {
        redirect: paths.checklist(params),
        flash: `The checklist is saved: ${counts.yes} yes, ${counts.partly} partly, ${counts.no} no, ${counts.unanswered} not answered`,
      };
    },
  });
  return [summary, edit];
}
