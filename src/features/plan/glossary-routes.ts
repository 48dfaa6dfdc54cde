import { z } from 'zod';
import type { Services } from '../../services.ts';
import { todayInLondon } from '../../lib/dates.ts';
import { sendTable } from '../../lib/spreadsheet.ts';
import { definePage, formText, idParam, type Page } from '../../web/kit/page.ts';
import type { GlossaryTermView } from './glossary-service.ts';
import { planPaths as paths } from './paths.ts';
import { formPage, VIEWS } from './view-helpers.ts';

const byId = z.object({ id: idParam });
const termForm = z.object({ term: formText, expansion: formText, definition: formText });
const filterQuery = z.object({ q: z.string().max(200).catch('') });
const downloadQuery = z.object({ format: z.enum(['csv', 'xlsx']).catch('csv') });

/** The terms under their first letter (A–Z; digits and symbols under "#"), letters in order. */
export function byLetter(terms: GlossaryTermView[]) {
  const groups = new Map<string, GlossaryTermView[]>();
  for (const t of terms) {
    const first = t.term.charAt(0).toUpperCase();
    const letter = /^[A-Z]$/.test(first) ? first : '#';
    groups.set(letter, [...(groups.get(letter) ?? []), t]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([letter, list]) => ({ letter, id: letter === '#' ? 'other' : letter, terms: list }));
}

/** The glossary and acronyms (issue 15 point 9): an A–Z list with a GET filter, add, change and delete. */
export function glossaryPages(services: Services): Page[] {
  const glossary = services.planGlossary;
  const formView = (values: unknown, heading: string, action: string) =>
    formPage('glossary-form.njk', heading, action, paths.glossary(), { values });

  const index = definePage({
    path: paths.glossary,
    access: 'plan:view',
    query: filterQuery,
    load: ({ actor, query }) => glossary.list(actor, query.q),
    view: (found, { query }) => ({
      template: `${VIEWS}/glossary.njk`,
      title: 'Glossary and acronyms',
      locals: { ...found, groups: byLetter(found.terms), q: query.q, backLink: paths.index() },
    }),
  });

  const download = definePage({
    path: paths.glossaryDownload,
    access: 'plan:view',
    query: downloadQuery,
    handle: async ({ actor, res, query }) => {
      const { terms } = await glossary.list(actor);
      await sendTable(res, query.format, `glossary-${todayInLondon()}`, [
        {
          name: 'Glossary',
          header: ['Term', 'Stands for', 'Meaning'],
          rows: terms.map((t) => [t.term, t.expansion, t.definition]),
        },
      ]);
    },
  });

  const add = definePage({
    path: paths.newTerm,
    access: 'plan:edit',
    form: termForm,
    view: (_d, _c, form) => formView(form?.values ?? {}, 'Add a term to the glossary', paths.newTerm()),
    submit: async ({ actor, form }) => {
      const created = await glossary.create(actor, form);
      return { redirect: paths.glossary(), flash: `${created.term} is added to the glossary` };
    },
  });

  const edit = definePage({
    path: paths.editTerm,
    access: 'plan:edit',
    params: byId,
    form: termForm,
    load: ({ actor, params }) => glossary.get(actor, params.id),
    view: (term, _c, form) => formView(form?.values ?? term, `Change ${term.term}`, paths.editTerm({ id: term.id })),
    submit: async ({ actor, params, form }) => {
      const saved = await glossary.update(actor, params.id, form);
      return { redirect: paths.glossary(), flash: `Changes to ${saved.term} are saved` };
    },
  });

  const remove = definePage({
    path: paths.deleteTerm,
    access: 'plan:edit',
    params: byId,
    load: ({ actor, params }) => glossary.get(actor, params.id),
    view: (term) => ({
      template: `${VIEWS}/glossary-delete.njk`,
      title: `Delete ${term.term} from the glossary?`,
      locals: { term, action: paths.deleteTerm({ id: term.id }), backLink: paths.glossary(), cancel: paths.glossary() },
    }),
    submit: async ({ actor, params }) => {
      const removed = await glossary.remove(actor, params.id);
      return { redirect: paths.glossary(), flash: `${removed.term} is deleted from the glossary` };
    },
  });

  return [index, download, add, edit, remove];
}
