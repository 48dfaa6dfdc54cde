import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { hasCapability } from '../../auth/actor.ts';
import { NotFoundError } from '../../lib/errors.ts';
import type { Services } from '../../services.ts';
import { definePage, formText, idParam, type Page } from '../../web/kit/page.ts';
import type { Upload } from '../../web/kit/upload.ts';
import { csvRows, HistoricImportError, xlsxRows } from './historic-import.ts';
import { assessmentPaths as paths } from './paths.ts';
import type { AssessmentResultsService } from './results-service.ts';

type RoundComparison = Awaited<ReturnType<AssessmentResultsService['compare']>>;
import { cellLabel, differenceMap, rainbow } from './results-view.ts';
import { closedLoopRows } from '../training/report-closed-loop.ts';
import { oneDecimal } from './scoring.ts';

const VIEWS = 'assessment/views/results';
const MAX_UPLOAD = 2 * 1024 * 1024;

/** Absent, or the text sent (an empty choice is ''); anything else is read as absent. */
const chosenRound = z.string().optional().catch(undefined);
const compareQuery = z.object({ from: chosenRound, to: chosenRound });

/** A round chosen in the compare form: a malformed id is no round of this partnership. */
function roundId(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const parsed = idParam.safeParse(value);
  if (!parsed.success) throw new NotFoundError('Round');
  return parsed.data;
}

/** Compare needs two different rounds: say which choice is missing or the same. */
function compareErrors(from: number | undefined, to: number | undefined): Record<string, string> | undefined {
  const errors: Record<string, string> = {};
  if (from === undefined) errors.from = 'Select the earlier round to compare';
  if (to === undefined) errors.to = 'Select the later round to compare';
  else if (from === to) errors.to = 'Select a later round that is not the same as the earlier round';
  return Object.keys(errors).length ? errors : undefined;
}

/** Two rounds side by side, as the compare page shows them. */
function comparisonLocals(c: RoundComparison) {
  const texts = <T extends { from: number | null; to: number | null }>(x: T) => ({
    ...x,
    fromText: oneDecimal(x.from) || '–',
    toText: oneDecimal(x.to) || '–',
  });
  const count = (direction: string) => c.cells.filter((x) => x.direction === direction).length;
  return {
    ...c,
    fromName: c.from.round.name,
    toName: c.to.round.name,
    difference: differenceMap(c.from, c.cells),
    fromRainbow: rainbow(c.from, 'rainbow-from'),
    toRainbow: rainbow(c.to, 'rainbow-to'),
    cellRows: c.cells.map((x) => ({ ...texts(x), label: cellLabel(c.from, x.theme, x.stage) })),
    themeRows: c.themes.map(texts),
    counts: { improved: count('improved'), declined: count('declined'), same: count('same') },
  };
}

const importForm = z.object({
  name: formText,
  'heldOn-day': formText,
  'heldOn-month': formText,
  'heldOn-year': formText,
});

const importView = (
  values: Record<string, unknown> = {},
  errors?: Record<string, string>,
  problems: string[] = [],
) => ({
  template: `${VIEWS}/import.njk`,
  title: 'Import a past round',
  locals: { values, errors, problems, backLink: paths.landing() },
});

async function tableRows(upload: Upload) {
  const buffer = await readFile(upload.path);
  return /\.xlsx$/i.test(upload.fileName) || buffer.subarray(0, 2).toString() === 'PK'
    ? xlsxRows(buffer)
    : csvRows(buffer.toString('utf8'));
}

/** Comparing two rounds, and importing a past round's table of means to compare with. */
export function comparePages(services: Services): Page[] {
  const results = services.assessmentResults;

  const compare = definePage({
    path: paths.compare,
    access: 'assessment:results',
    query: compareQuery,
    load: async ({ actor, query, res }) => {
      const rounds = await results.listRounds(actor);
      const [from, to] = [roundId(query.from), roundId(query.to)];
      // The form sends both; a link with only `to` (from a round's results) just preselects it.
      const errors = query.from !== undefined ? compareErrors(from, to) : undefined;
      if (errors) res.status(400);
      const comparison =
        !errors && from !== undefined && to !== undefined
          ? {
              ...comparisonLocals(await results.compare(actor, from, to)),
              training: closedLoopRows(await services.trainingReport.betweenRounds(actor, from, to)),
            }
          : undefined;
      return { rounds, from, to, errors, comparison };
    },
    view: ({ rounds, from, to, errors, comparison }, { actor }) => {
      const items = (chosen?: number) => [
        { value: '', text: 'Select a round' },
        ...rounds.map((r) => ({ value: String(r.id), text: r.name, selected: r.id === chosen })),
      ];
      return {
        template: `${VIEWS}/compare.njk`,
        title: 'Compare two rounds',
        locals: {
          fromItems: items(from),
          toItems: items(to),
          comparison,
          errors,
          canImport: hasCapability(actor, 'assessment:manage'),
          columnClass: 'govuk-grid-column-full',
          backLink: paths.landing(),
        },
      };
    },
  });

  const importRound = definePage({
    path: paths.importRound,
    access: 'assessment:manage',
    upload: { field: 'file', maxBytes: MAX_UPLOAD },
    form: importForm,
    view: (_data, _ctx, form) => importView(form?.values, form?.errors),
    submit: async ({ actor, form, upload, res, render }) => {
      if (!upload) throw new Error('The import page receives its file as an upload');
      const heldOn = { day: form['heldOn-day'], month: form['heldOn-month'], year: form['heldOn-year'] };
      try {
        const { id } = await results.importHistoric(actor, { name: form.name, heldOn }, await tableRows(upload));
        return { redirect: paths.results({ id }), flash: `${form.name.trim()} is imported` };
      } catch (err) {
        if (!(err instanceof HistoricImportError)) throw err;
        const count = err.problems.length === 1 ? 'a problem' : `${err.problems.length} problems`;
        const view = importView(form, { file: `The file has ${count}: nothing was imported` }, err.problems);
        res.status(400);
        render(view.template, view.title, view.locals);
      }
    },
  });

  return [compare, importRound];
}
