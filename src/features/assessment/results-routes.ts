import type { Response } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../lib/errors.ts';
import { sendTable } from '../../lib/spreadsheet.ts';
import { definePage, formText, idParam, type Page, type SubmittedForm } from '../../web/kit/page.ts';
import type { Services } from '../../services.ts';
import { hasCapability, type Actor } from '../../auth/actor.ts';
import { resultsFragmentCache, type ResultsFragments } from './results-fragments.ts';
import { resultsPdf } from './results-pdf.ts';
import type { RoundResults } from './results-service.ts';
import {
  breakdownTables,
  cellLabel,
  cellRows,
  heatKey,
  heatMap,
  evidenceSheet,
  NOT_ATTRIBUTED,
  rainbow,
  rainbowKey,
  resultSheets,
} from './results-view.ts';
import { oneDecimal } from './scoring.ts';
import { assessmentPaths as paths } from './paths.ts';
import { comparePages } from './compare-pages.ts';
import { formField } from '../../web/kit/render.ts';
import { closedLoopRows, type ClosedLoop } from '../training/report-closed-loop.ts';

const VIEWS = 'assessment/views/results';

/** A theme or stage number in an address, 1 to 8. */
const position = z
  .string()
  .regex(/^[1-8]$/)
  .transform(Number);
const byId = z.object({ id: idParam });

const listed = (results: RoundResults, cells: { theme: number; stage: number; mean: number }[]) =>
  cells.map((c) => ({ label: cellLabel(results, c.theme, c.stage), mean: oneDecimal(c.mean) }));

/** What every results page shows of a round. */
export function resultsLocals(results: RoundResults) {
  return {
    results,
    heat: heatMap(results),
    key: heatKey(),
    rainbowSvg: rainbow(results),
    rainbowKey: rainbowKey(results),
    cellRows: cellRows(results),
    breakdowns: breakdownTables(results),
    highly: listed(results, results.highest),
    veryLow: listed(results, results.lowest),
    disagreed: results.disagreed.map((c) => ({
      label: cellLabel(results, c.theme, c.stage),
      sd: (c.sd ?? 0).toFixed(2),
      mean: oneDecimal(c.mean),
      n: c.n,
    })),
    priorities: labelledPriorities(results),
  };
}

const labelledPriorities = (results: RoundResults) =>
  results.priorities.map((p) => ({ ...p, label: cellLabel(results, p.theme, p.stage) }));

const priorityOptions = (results: RoundResults) => [
  { value: '', text: 'Select a theme or cell' },
  ...results.themes.flatMap((t) => [
    { value: String(t.position), text: `${t.name} (whole theme)` },
    ...results.stages.map((s) => ({ value: `${t.position}:${s.position}`, text: `${t.name} × ${s.name}` })),
  ]),
];

type Loaded = RoundResults & { training?: ClosedLoop | null; fragments?: ResultsFragments };

/** The results page, or "no results yet" for a live round nobody has submitted to. */
const resultsView = (found: Loaded, { actor }: { actor: Actor }, form?: SubmittedForm) => {
  const canManage = hasCapability(actor, 'assessment:manage');
  const title = `Results: ${found.round.name}`;
  if (found.round.kind === 'live' && found.submitted === 0)
    return {
      template: `${VIEWS}/no-results.njk`,
      title,
      locals: { round: found.round, canManage, backLink: paths.landing() },
    };
  const cell = formField(form?.values, 'cell');
  return {
    template: `${VIEWS}/results.njk`,
    title,
    locals: {
      results: found,
      ...found.fragments,
      priorities: labelledPriorities(found),
      training: closedLoopRows(found.training),
      canManage,
      canPromote: hasCapability(actor, 'plan:edit'),
      priorityItems: priorityOptions(found).map((o) => ({ ...o, selected: o.value === cell })),
      values: {},
      columnClass: 'govuk-grid-column-full',
      backLink: paths.landing(),
    },
  };
};

/** A round's results: the page, a cell's evidence, the downloads, and the priorities chosen from them. */
export function resultsPages(services: Services): Page[] {
  const results = services.assessmentResults;
  const rendered = resultsFragmentCache();
  // The closed loop (issue 14, point 10): each theme's courses and the training delivered since the round before.
  const load = async ({ actor, params, res }: { actor: Actor; params: { id: number }; res: Response }) => {
    const found: Loaded = await results.results(actor, params.id);
    found.training = await services.trainingReport.forRound(actor, params.id);
    if (found.round.kind === 'historic' || found.submitted > 0)
      found.fragments = await rendered.fragments(res, actor, found, () => resultsLocals(found));
    return found;
  };

  const page = definePage({ path: paths.results, access: 'assessment:results', params: byId, load, view: resultsView });

  const cell = definePage({
    path: paths.cell,
    access: 'assessment:results',
    params: z.object({ id: idParam, theme: position, stage: position }),
    load: ({ actor, params }) => results.results(actor, params.id),
    view: (found, { params: { theme, stage } }) => {
      const chosen = cellRows(found).find((c) => c.theme === theme && c.stage === stage);
      if (!chosen) throw new NotFoundError('Cell');
      return {
        template: `${VIEWS}/cell.njk`,
        title: `${chosen.label} – Results: ${found.round.name}`,
        locals: {
          results: found,
          cell: chosen,
          themeName: found.themes.find((t) => t.position === theme)?.name ?? `Theme ${theme}`,
          evidence: found.evidence
            .filter((e) => e.theme === theme)
            .map((e) => ({ ...e, organisation: e.organisation ?? NOT_ATTRIBUTED })),
          backLink: paths.results({ id: found.round.id }),
        },
      };
    },
  });

  const addPriority = definePage({
    path: paths.priorities,
    access: 'assessment:manage',
    params: byId,
    form: z.object({ cell: formText, note: formText }),
    only: 'post',
    load,
    view: resultsView,
    submit: async ({ actor, params, form }) => {
      await results.addPriority(actor, params.id, form);
      return { redirect: `${paths.results(params)}#priorities`, flash: 'The priority is added' };
    },
  });

  const removePriority = definePage({
    path: paths.deletePriority,
    access: 'assessment:manage',
    params: z.object({ id: idParam, priorityId: idParam }),
    submit: async ({ actor, params }) => {
      await results.removePriority(actor, params.id, params.priorityId);
      return { redirect: `${paths.results(params)}#priorities`, flash: 'The priority is removed' };
    },
  });

  return [page, cell, ...downloadPages(services), addPriority, removePriority, ...comparePages(services)];
}

/** A round's results as CSV, XLSX and PDF, and its evidence notes as CSV. */
function downloadPages(services: Services): Page[] {
  const load = ({ actor, params }: { actor: Actor; params: { id: number } }) =>
    services.assessmentResults.results(actor, params.id);
  const tables = (['csv', 'xlsx'] as const).map((format) =>
    definePage({
      path: format === 'csv' ? paths.resultsCsv : paths.resultsXlsx,
      access: 'assessment:results',
      params: byId,
      handle: async (ctx) => {
        const found = await load(ctx);
        await sendTable(ctx.res, format, `results-${found.round.name}`, resultSheets(found));
      },
    }),
  );

  const evidence = definePage({
    path: paths.evidenceCsv,
    access: 'assessment:results',
    params: byId,
    handle: async (ctx) => {
      const found = await load(ctx);
      await sendTable(ctx.res, 'csv', `evidence-${found.round.name}`, [evidenceSheet(found)]);
    },
  });

  const pdf = definePage({
    path: paths.resultsPdf,
    access: 'assessment:results',
    params: byId,
    handle: async (ctx) => {
      const found = await load(ctx);
      ctx.res.type('application/pdf');
      ctx.res.attachment(`results-${found.round.name.replace(/[^A-Za-z0-9._-]+/g, '-')}.pdf`);
      ctx.res.send(await resultsPdf(found));
    },
  });

  return [...tables, evidence, pdf];
}
